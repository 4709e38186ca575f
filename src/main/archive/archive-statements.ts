// The summary statements of final marks inside the yearly archive: one PDF per class as the statements
// engineer's module lays it out for printing, and one CSV of every class's statement (final marks and missed
// days/lessons) for tables. Built from the archive's snapshot, like the class files.

import type { Db } from '../db/connection';
import type { ExportClass } from '../db/repositories/archive-export-repo';
import { columnKey, loadSchoolStatement } from '../statements/statement-data';
import { renderStatementPdfFromData } from '../statements/statement-pdf';
import { classFolder, csvFile, type ArchiveYear, type GeneratedFile } from './class-files';

export async function buildStatementFiles(db: Db, year: ArchiveYear, classes: readonly ExportClass[], printedAt: Date): Promise<GeneratedFile[]> {
  if (classes.length === 0) return [];
  const statements = await loadSchoolStatement(db, year.id);
  const files: GeneratedFile[] = [];
  const rows: string[][] = [];
  for (const statement of statements) {
    const folderName = classFolder({ level: statement.level, letter: statement.className.replace(String(statement.level), '') }).slice('classes/'.length);
    const rendered = await renderStatementPdfFromData([statement], printedAt, { wholeSchool: false });
    files.push({ path: `statements/${folderName}.pdf`, content: rendered.pdf });
    for (const student of statement.students) {
      for (const subject of statement.subjects) {
        const marks = statement.marks[student.id]?.[subject.id] ?? {};
        for (const column of statement.columns) {
          const key = columnKey(column.kind, column.periodNumber);
          const value = marks[key];
          if (value !== undefined) rows.push([statement.className, student.fullName, subject.name, column.label, value]);
        }
      }
      rows.push([statement.className, student.fullName, 'Пропущено дней', '', String(student.missedDays)]);
      rows.push([statement.className, student.fullName, 'Пропущено уроков', '', String(student.missedLessons)]);
      rows.push([statement.className, student.fullName, 'Из них по уважительной причине', '', String(student.missedLessonsExcused)]);
    }
  }
  files.push({ path: 'statements/final-marks.csv', content: csvFile(['Класс', 'Ученик', 'Предмет или показатель', 'Графа', 'Значение'], rows) });
  return files;
}
