// README.txt of a yearly archive: what is where and how to check it without this program, in Russian. Whoever
// opens the drive in ten or twenty years may have nothing but a file manager and a text editor.

import { CHECKSUMS_FILE, DATABASE_COPY, MANIFEST_FILE } from './archive-layout';
import type { ArchiveYear } from './class-files';

export interface ReadmeInput {
  schoolName: string;
  year: ArchiveYear;
  createdAt: Date;
  programVersion: string;
  classes: readonly string[];
}

export function archiveReadme(input: ReadmeInput): string {
  const lines = [
    `АРХИВ ЭЛЕКТРОННОГО КЛАССНОГО ЖУРНАЛА`,
    ``,
    `Школа: ${input.schoolName}`,
    `Учебный год: ${input.year.name} (с ${input.year.startDate} по ${input.year.endDate})`,
    `Архив записан: ${input.createdAt.toISOString()} (время UTC); программа «Электронный журнал», версия ${input.programVersion}`,
    `Срок хранения: 5 лет с даты записи. По истечении срока архив сам не удаляется.`,
    ``,
    `ЧТО ГДЕ ЛЕЖИТ`,
    ``,
    `README.txt                  этот файл`,
    `${MANIFEST_FILE.padEnd(28)}опись: каждый файл архива с размером и контрольной суммой SHA-256, версия`,
    `                            программы, учебный год и время записи (формат JSON)`,
    `${CHECKSUMS_FILE.padEnd(28)}те же контрольные суммы SHA-256 в формате программы sha256sum`,
    `${DATABASE_COPY.padEnd(28)}полная согласованная копия базы данных журнала (SQLite 3)`,
    `statements/                 сводные ведомости итоговых отметок по классам (PDF) и все итоговые`,
    `                            отметки и пропуски одной таблицей (final-marks.csv)`,
    `classes/<класс>/            по каждому классу:`,
    `    class-list.csv              список класса (с датами зачисления и выбытия)`,
    `    marks.csv                   все отметки: дата, урок, предмет, вид работы, вес, ученик, отметка`,
    `    attendance.csv              пропуски: дата, урок, предмет, ученик (Н, Б, УП, НП, ОП)`,
    `    period-marks.csv            отметки за четверти (триместры, полугодия), год, экзамен, итоговые`,
    `    class-journal.pdf           то же для чтения и печати: список, итоговые отметки, отметки и`,
    `                                пропуски по предметам, как на страницах журнала`,
    ``,
    `Классы в архиве: ${input.classes.length > 0 ? input.classes.join(', ') : 'нет'}.`,
    ``,
    `КАК ОТКРЫТЬ`,
    ``,
    `PDF открывается любой программой просмотра PDF.`,
    `CSV: текст в кодировке UTF-8 (с меткой BOM), разделитель — точка с запятой, строки CRLF.`,
    `Microsoft Excel и LibreOffice Calc открывают его двойным щелчком; даты записаны как ГГГГ-ММ-ДД.`,
    `Копию базы данных открывает программа sqlite3 (https://sqlite.org) или DB Browser for SQLite:`,
    `    sqlite3 ${DATABASE_COPY} "PRAGMA integrity_check"     (должно вывести ok)`,
    ``,
    `КАК ПРОВЕРИТЬ, ЧТО АРХИВ НЕ ПОВРЕЖДЁН`,
    ``,
    `Linux, macOS (в папке архива):   sha256sum -c ${CHECKSUMS_FILE}`,
    `    каждая строка должна закончиться словом OK (macOS: shasum -a 256 -c ${CHECKSUMS_FILE}).`,
    `Windows (PowerShell, в папке архива): Get-FileHash -Algorithm SHA256 <файл>`,
    `    и сравнить результат со строкой этого файла в ${CHECKSUMS_FILE} (регистр букв не важен).`,
    `Программа «Электронный журнал» проверяет архив сама каждый раз, когда диск подключают к`,
    `компьютеру-серверу журнала, и по кнопке «Проверить» в разделе «Архив и внешние диски».`,
    ``,
    `Не изменяйте и не переименовывайте файлы в этой папке: любое изменение, даже одного байта,`,
    `будет обнаружено проверкой как повреждение. Для работы скопируйте нужные файлы в другое место.`,
    `Храните архив минимум на двух дисках.`,
    ``,
  ];
  // CRLF: Windows Notepad of old versions shows LF-only text as one line.
  return `\uFEFF${lines.join('\r\n')}`;
}
