// A thematic plan from XLSX/CSV (3.4): the teacher's own file of topics, read with the shared
// import reader. The preview shows each row's problems; the commit saves the whole list through
// saveWorkProgram (same rights, version check, transaction and audit as the editor).

import { MAX_ASSESSMENT, MAX_TOPIC_HOURS, MAX_TOPIC_TITLE, MAX_TOPICS } from '../../shared/api/work-program-schemas';
import type { Actor } from '../../shared/domain/permissions';
import { AppError } from '../common/app-error';
import type { Db } from '../db/connection';
import { findWorkProgram, topicsOfProgram, type ProgramTopic } from '../db/repositories/work-program-repo';
import { defineColumns, integer, mapRows, optionalText, templateColumns, text, type CellParser } from '../imports/columns';
import { byRow, plural } from '../imports/import-common';
import { ImportFileError, readTable } from '../imports/read-table';
import { writeXlsx } from '../imports/write-table';
import { assertMayEdit, saveWorkProgram, type ProgramScope, type WorkProgram } from './work-program-service';

/** Hours of a topic: a whole number of lessons, 1 when the cell or the whole column is left out. */
function topicHours(): CellParser<number> {
  const parser = integer(1, MAX_TOPIC_HOURS);
  return {
    ...parser,
    whenEmpty: { value: 1 },
    parse(cell) {
      const result = parser.parse(cell);
      return result.ok ? result : { ok: false, message: `Часы — целое число от 1 до ${MAX_TOPIC_HOURS} (сейчас «${cell}»)` };
    },
  };
}

export const TOPIC_COLUMNS = defineColumns({
  title: { header: ['Тема', 'Тема урока', 'Название темы', 'Раздел, тема'], required: true, parse: text(MAX_TOPIC_TITLE) },
  hours: { header: ['Часы', 'Часов', 'Количество часов', 'Кол-во часов'], required: false, parse: topicHours() },
  plannedAssessment: {
    header: ['Контрольная работа', 'Контроль', 'Форма контроля'],
    required: false,
    parse: optionalText(MAX_ASSESSMENT),
  },
});

export interface WorkProgramImportReport {
  totalRows: number;
  validRows: number;
  problems: Array<{ rowNumber: number; column: string; message: string }>;
  ignoredColumns: string[];
  notes: string[];
  topics: ProgramTopic[];
  isCommitted: boolean;
  program: WorkProgram | null;
}

export async function importWorkProgram(
  db: Db,
  actor: Actor,
  scope: ProgramScope,
  file: { name: string; bytes: Buffer },
  options: { commit: boolean; version: number },
): Promise<WorkProgramImportReport> {
  // Rights first: someone who may not write this program learns nothing about their file.
  await assertMayEdit(db, actor, scope);
  const table = await readTopicsTable(file);
  const mapped = mapRows(table, TOPIC_COLUMNS);
  const topics = mapped.rows.map(({ value }, index) => ({
    position: index + 1,
    title: value.title,
    hours: value.hours ?? 1,
    plannedAssessment: value.plannedAssessment,
  }));
  const current = await findWorkProgram(db, scope.yearId, scope.subjectId, scope.level);
  const report: WorkProgramImportReport = {
    totalRows: table.rows.length,
    validRows: topics.length,
    problems: byRow(mapped.problems),
    ignoredColumns: mapped.ignoredColumns,
    notes: current ? [await replacementNote(db, current.id)] : [],
    topics,
    isCommitted: false,
    program: null,
  };
  // All or nothing: one bad row and the file is to be fixed, not half-loaded.
  if (!options.commit || report.problems.length > 0 || topics.length === 0) return report;
  const program = await saveWorkProgram(db, actor, scope, options.version, topics);
  return { ...report, isCommitted: true, program };
}

async function readTopicsTable(file: { name: string; bytes: Buffer }) {
  try {
    return await readTable(file, { maxRows: MAX_TOPICS });
  } catch (error) {
    if (error instanceof ImportFileError && error.problem === 'too-many-rows') {
      // The reader's own advice («разделите файл») does not fit: a program is one list. Its
      // message starts with the row count («В файле 612 строк: ...»), which is worth keeping.
      throw new AppError(
        400,
        'validation',
        `${error.message.split(':')[0]}: в тематическом планировании может быть не больше ${MAX_TOPICS} тем. Объедините мелкие темы`,
      );
    }
    throw error;
  }
}

async function replacementNote(db: Db, programId: number): Promise<string> {
  const count = (await topicsOfProgram(db, programId)).length;
  return `Сейчас в планировании ${plural(count, 'тема', 'темы', 'тем')}: при записи список заменится целиком темами из файла.`;
}

const EXAMPLE_TOPICS = [
  { title: 'Повторение изученного в прошлом году', hours: 2, plannedAssessment: null },
  { title: 'Натуральные числа и действия с ними', hours: 4, plannedAssessment: null },
  { title: 'Натуральные числа: обобщение', hours: 1, plannedAssessment: 'Контрольная работа' },
];

/** An XLSX template in the import's columns, with example topics to replace. */
export async function workProgramTemplate(): Promise<Buffer> {
  const columns = templateColumns(TOPIC_COLUMNS).map((column) =>
    column.key === 'title' ? { ...column, width: 70 } : column.key === 'plannedAssessment' ? { ...column, width: 28 } : column,
  );
  return writeXlsx([{ name: 'Тематическое планирование', columns, rows: EXAMPLE_TOPICS }], {
    notes: [
      'Шаблон тематического планирования. Первая строка — заголовки, как в шаблоне; строки-примеры замените своими темами.',
      'Темы идут в том порядке, в каком пройдут уроки: журнал подставляет темы уроков по этому порядку.',
      `«Тема» — обязательна (до ${MAX_TOPIC_TITLE} символов). «Часы» — целое число от 1 до ${MAX_TOPIC_HOURS}, пусто — 1 час. ` +
        '«Контрольная работа» — если по теме запланирована контрольная, диктант и т. п.; иначе оставьте пустым.',
      `Не больше ${MAX_TOPICS} тем. Можно загрузить этот файл (XLSX) или CSV в кодировке UTF-8 или Windows-1251 с разделителем «;» или «,».`,
      'Сначала программа покажет ошибки по строкам; ничего не запишется, пока ошибки есть. Запись заменяет список тем целиком.',
    ],
  });
}
