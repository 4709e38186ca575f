// Import of the curriculum (учебный план): hours per week per subject per class level. The file
// is the whole plan, so a commit replaces the current year's plan through saveCurriculum, as
// saving it on its page does; its rules are checked here first as row problems.

import type { Db } from '../db/connection';
import { listSubjects, type SubjectRow } from '../db/repositories/directories-repo';
import { curriculumOfYear } from '../db/repositories/teaching-repo';
import { saveCurriculum, type CurriculumItem } from '../timetable/curriculum-service';
import { mapRows, type RowProblem } from './columns';
import { byRow, currentYear, nameKey, plural, previewOrCommit, type ImportReport } from './import-common';
import { CURRICULUM_COLUMNS } from './import-kinds';
import type { RawTable } from './read-table';

interface Plan {
  yearId: number;
  items: CurriculumItem[];
}

export async function importCurriculum(db: Db, actorUserId: number, table: RawTable, commit: boolean): Promise<ImportReport> {
  return previewOrCommit(db, commit, (source) => analyse(source, table), (trx, plan) => write(trx, actorUserId, plan));
}

/** Subjects by name as people type it; the short name («Физ-ра») too, where no other subject claims it. */
export function subjectFinder(subjects: readonly SubjectRow[]): (text: string) => { subject: SubjectRow } | { message: string } {
  const byName = new Map(subjects.map((s) => [nameKey(s.name), s]));
  const byShortName = new Map<string, SubjectRow | null>();
  for (const s of subjects) byShortName.set(nameKey(s.short_name), byShortName.has(nameKey(s.short_name)) ? null : s);
  return (text) => {
    const subject = byName.get(nameKey(text)) ?? byShortName.get(nameKey(text));
    return subject
      ? { subject }
      : { message: `Нет предмета «${text}» в справочнике: исправьте название или добавьте предмет в разделе «Справочники»` };
  };
}

async function analyse(db: Db, table: RawTable): Promise<{ report: ImportReport; plan: Plan }> {
  const year = await currentYear(db);
  const mapped = mapRows(table, CURRICULUM_COLUMNS);
  const problems: RowProblem[] = [...mapped.problems];
  const findSubject = subjectFinder(await listSubjects(db));
  const seen = new Map<string, number>();
  const items: CurriculumItem[] = [];
  for (const { rowNumber, value } of mapped.rows) {
    const found = findSubject(value.subject);
    if ('message' in found) {
      problems.push({ rowNumber, column: 'Предмет', message: found.message });
      continue;
    }
    const key = `${value.level}:${found.subject.id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ rowNumber, column: 'Предмет', message: `${found.subject.name} для ${value.level} класса уже есть в строке ${earlier}` });
      continue;
    }
    seen.set(key, rowNumber);
    items.push({ level: value.level, subjectId: found.subject.id, hoursPerWeek: value.hoursPerWeek, assessmentForm: value.assessmentForm });
  }
  const current = (await curriculumOfYear(db, year.id)).length;
  const notes =
    current > 0
      ? [`Учебный план ${year.name} учебного года (${plural(current, 'строка', 'строки', 'строк')}) будет заменён целиком: то, чего нет в файле, удалится.`]
      : [];
  return {
    report: { kind: 'curriculum', totalRows: table.rows.length, validRows: items.length, problems: byRow(problems), ignoredColumns: mapped.ignoredColumns, notes, isCommitted: false, created: 0 },
    plan: { yearId: year.id, items },
  };
}

async function write(trx: Db, actorUserId: number, plan: Plan): Promise<number> {
  // The page's own save: the same rules, the replacement and its audit record, in this transaction.
  await saveCurriculum(trx, actorUserId, plan.yearId, plan.items);
  return plan.items.length;
}
