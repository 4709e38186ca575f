// Import of parents (законные представители) for pupils already in the class lists (3.3:
// "организация коммуникационных каналов с родителями"). Each row names a child and one parent;
// a parent of several children (siblings) gets one account linked to each of them.

import { suggestLogin } from '../../shared/domain/logins';
import { recordAudit } from '../audit/audit-service';
import { academicYearOf, localDate, referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import { insertGuardianship, setContacts } from '../db/repositories/card-repo';
import { guardiansOfStudents, parentAccounts } from '../db/repositories/import-repo';
import { listClassesOfYearRaw } from '../db/repositories/people-repo';
import { listStudentsOfClass, type StudentRow } from '../db/repositories/structure-repo';
import { insertUser, loginExists } from '../db/repositories/users-repo';
import { mapRows, type RowOf, type RowProblem } from './columns';
import { byRow, classKey, classKeyOf, nameKey, plural, previewOrCommit, russianDate, type ImportReport } from './import-common';
import { GUARDIAN_COLUMNS } from './import-kinds';
import type { RawTable } from './read-table';

type GuardianRow = RowOf<typeof GUARDIAN_COLUMNS>;

/** One parent of the file: the rows that name the same person, and the children they link to. */
interface Parent {
  firstRow: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  phone: string | null;
  email: string | null;
  /** An account already in the journal with the same name and phone or e-mail: linked, not created again. */
  existing: { id: number; login: string } | null;
  links: Array<{ rowNumber: number; studentId: number; relation: string | null }>;
}

export async function importGuardians(db: Db, actorUserId: number, table: RawTable, commit: boolean): Promise<ImportReport> {
  return previewOrCommit(db, commit, (source) => analyse(source, table), (trx, parents) => write(trx, actorUserId, parents));
}

async function analyse(db: Db, table: RawTable): Promise<{ report: ImportReport; plan: Parent[] }> {
  const mapped = mapRows(table, GUARDIAN_COLUMNS);
  const problems: RowProblem[] = [...mapped.problems];
  const academicYear = academicYearOf(localDate());
  const onDate = referenceDateIn(academicYear);
  const classes = new Map((await listClassesOfYearRaw(db, academicYear)).map((c) => [classKeyOf(c), c]));
  const pupilsOf = new Map<number, StudentRow[]>();

  // First pass: find each row's child in its class.
  const withChild: Array<{ rowNumber: number; value: GuardianRow; studentId: number }> = [];
  for (const { rowNumber, value } of mapped.rows) {
    const key = classKey(value.className);
    const cls = key === null ? undefined : classes.get(key);
    if (key === null) {
      problems.push({ rowNumber, column: 'Класс', message: `«${value.className}» не похоже на класс: пишите, например, 5А` });
      continue;
    }
    if (!cls) {
      problems.push({ rowNumber, column: 'Класс', message: `Класса ${value.className} нет в ${academicYear} учебном году` });
      continue;
    }
    let pupils = pupilsOf.get(cls.id);
    if (!pupils) {
      pupils = await listStudentsOfClass(db, cls.id, onDate);
      pupilsOf.set(cls.id, pupils);
    }
    const child = findChild(pupils, value, key);
    if ('message' in child) problems.push({ rowNumber, column: 'Фамилия ребёнка', message: child.message });
    else withChild.push({ rowNumber, value, studentId: child.studentId });
  }

  // Second pass: who is already a guardian of these children, and who the parents of the file are.
  const linked = new Set(
    (await guardiansOfStudents(db, [...new Set(withChild.map((row) => row.studentId))])).map((g) => `${g.student_id}|${nameKey(g.last_name, g.first_name)}`),
  );
  const accounts = await parentAccounts(db);
  const parents: Parent[] = [];
  const parentOfChild = new Map<string, number>();
  let validRows = 0;
  for (const { rowNumber, value, studentId } of withChild) {
    const rowProblems: RowProblem[] = [];
    const parentName = `${value.lastName} ${value.firstName}`;
    const childParentKey = `${studentId}|${nameKey(value.lastName, value.firstName)}`;
    const earlierRow = parentOfChild.get(childParentKey);
    if (linked.has(childParentKey)) {
      rowProblems.push({ rowNumber, column: 'Фамилия родителя', message: `${parentName} уже указан(а) родителем этого ребёнка` });
    } else if (earlierRow !== undefined) {
      rowProblems.push({ rowNumber, column: 'Фамилия родителя', message: `${parentName} уже указан(а) родителем этого ребёнка в строке ${earlierRow}` });
    } else parentOfChild.set(childParentKey, rowNumber);

    const parent = sameParent(parents, value);
    if (parent) {
      // The rows are one person because the phone or the e-mail matches; the other contact must not contradict.
      if (value.phone !== null && parent.phone !== null && value.phone !== parent.phone) {
        rowProblems.push({ rowNumber, column: 'Телефон', message: `Это тот же родитель, что в строке ${parent.firstRow} (совпадает почта), но телефон другой: ${parent.phone}` });
      }
      if (value.email !== null && parent.email !== null && value.email !== parent.email) {
        rowProblems.push({ rowNumber, column: 'Эл. почта', message: `Это тот же родитель, что в строке ${parent.firstRow} (совпадает телефон), но почта другая: ${parent.email}` });
      }
      parent.phone ??= value.phone;
      parent.email ??= value.email;
    }
    problems.push(...rowProblems);
    if (rowProblems.length > 0) continue;
    validRows++;
    const link = { rowNumber, studentId, relation: value.relation };
    if (parent) parent.links.push(link);
    else {
      parents.push({ firstRow: rowNumber, lastName: value.lastName, firstName: value.firstName, middleName: value.middleName, phone: value.phone, email: value.email, existing: null, links: [link] });
    }
  }

  for (const parent of parents) {
    const matches = accounts.filter((account) => isSamePerson(parent, { lastName: account.last_name, firstName: account.first_name, middleName: account.middle_name, phone: account.phone, email: account.email }));
    // Two accounts would fit: which one is meant cannot be told, so a new one is made as for a stranger.
    const [match] = matches;
    if (match && matches.length === 1) parent.existing = { id: match.id, login: match.login };
  }
  const links = parents.reduce((sum, parent) => sum + parent.links.length, 0);
  const newAccounts = parents.filter((parent) => parent.existing === null).length;
  const notes: string[] = [];
  if (links > 0) {
    notes.push(
      `Будет создано ${plural(newAccounts, 'учётная запись', 'учётные записи', 'учётных записей')} родителей без паролей (пароли выдаются позже, на листе с данными для входа) и ${plural(links, 'связь', 'связи', 'связей')} «родитель — ребёнок».`,
    );
  }
  if (parents.length < links) notes.push('Родитель нескольких детей (одинаковые ФИО и телефон или почта) получит одну учётную запись на всех детей.');
  const known = parents.length - newAccounts;
  if (known > 0) {
    notes.push(`${plural(known, 'родитель уже есть', 'родителя уже есть', 'родителей уже есть')} в журнале (совпали ФИО и телефон или почта): дети будут привязаны к их учётным записям.`);
  }
  return {
    report: { kind: 'guardians', totalRows: table.rows.length, validRows, problems: byRow(problems), ignoredColumns: mapped.ignoredColumns, notes, isCommitted: false, created: 0 },
    plan: parents,
  };
}

function findChild(pupils: readonly StudentRow[], row: GuardianRow, className: string): { studentId: number } | { message: string } {
  const child = `${row.childLastName} ${row.childFirstName}`;
  const byName = pupils.filter((p) => nameKey(p.last_name, p.first_name) === nameKey(row.childLastName, row.childFirstName));
  const candidates = row.childBirthDate === null ? byName : byName.filter((p) => p.birth_date === row.childBirthDate);
  const [only] = candidates;
  if (only && candidates.length === 1) return { studentId: only.id };
  if (candidates.length > 1) {
    return {
      message:
        row.childBirthDate === null
          ? `В ${className} несколько обучающихся ${child}: укажите дату рождения ребёнка`
          : `В ${className} несколько обучающихся ${child} с одной датой рождения: добавьте родителя в карточке ребёнка`,
    };
  }
  if (byName.length > 0 && row.childBirthDate !== null) {
    const known = byName.map((p) => (p.birth_date ? russianDate(p.birth_date) : 'не указана')).join(', ');
    return { message: `В ${className} есть ${child}, но с другой датой рождения (в журнале: ${known})` };
  }
  return { message: `В ${className} нет обучающегося ${child}: проверьте фамилию и имя или сначала загрузите списки классов` };
}

type Person = { lastName: string; firstName: string; middleName: string | null; phone: string | null; email: string | null };

/** Same full name and the same phone or e-mail: a name alone is not enough, namesakes are common. */
function isSamePerson(a: Person, b: Person): boolean {
  if (nameKey(a.lastName, a.firstName, a.middleName) !== nameKey(b.lastName, b.firstName, b.middleName)) return false;
  return (a.phone !== null && a.phone === b.phone) || (a.email !== null && a.email === b.email);
}

function sameParent(parents: Parent[], row: GuardianRow): Parent | undefined {
  return parents.find((parent) => isSamePerson(parent, row));
}

async function write(trx: Db, actorUserId: number, parents: readonly Parent[]): Promise<number> {
  const now = new Date().toISOString();
  let created = 0;
  for (const parent of parents) {
    let account = parent.existing;
    if (account === null) {
      const base = suggestLogin(parent.lastName, parent.firstName, parent.middleName);
      let login = base;
      for (let n = 2; await loginExists(trx, login); n++) login = `${base}${n}`;
      // No password yet, as for a parent added on the pupil's card: initial ones are handed out on a printed sheet.
      const id = await insertUser(trx, { login, lastName: parent.lastName, firstName: parent.firstName, middleName: parent.middleName, passwordHash: null, mustChangePassword: true, now }, ['parent']);
      await setContacts(trx, id, parent.phone, parent.email);
      await recordAudit(trx, {
        actorUserId,
        action: 'user.import',
        entity: 'user',
        entityId: id,
        newValue: { login, lastName: parent.lastName, firstName: parent.firstName, middleName: parent.middleName, roles: ['parent'], phone: parent.phone, email: parent.email },
      });
      account = { id, login };
    }
    for (const link of parent.links) {
      await insertGuardianship(trx, account.id, link.studentId, link.relation);
      await recordAudit(trx, {
        actorUserId,
        action: 'student.guardian-import',
        entity: 'student',
        entityId: link.studentId,
        newValue: { guardianUserId: account.id, login: account.login, lastName: parent.lastName, firstName: parent.firstName, middleName: parent.middleName, relation: link.relation },
      });
      created++;
    }
  }
  return created;
}
