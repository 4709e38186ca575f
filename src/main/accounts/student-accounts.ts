// Pupils' own accounts (3.7: «обучающиеся имеют доступ к собственным данным»): the administrator creates them for
// the pupils of a class who have none, and prints their initial logins and passwords on the usual sheet.

import { suggestLogin } from '../../shared/domain/logins';
import { recordAudit } from '../audit/audit-service';
import { AppError, notFound } from '../common/app-error';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { classRow } from '../db/repositories/people-repo';
import { linkStudentAccount, pupilAccountsWithoutPassword, pupilsWithoutAccount } from '../db/repositories/registration-repo';
import { insertUser } from '../db/repositories/users-repo';
import { freeLogin } from './users-service';

/** Creates the missing accounts (no password yet: the sheet issues them); returns the accounts to issue passwords to. */
export async function createStudentAccounts(db: Db, actorUserId: number, classId: number): Promise<number[]> {
  if (!(await classRow(db, classId))) throw notFound('Класс');
  return db.transaction(async (trx) => {
    const pupils = await pupilsWithoutAccount(trx, classId, localDate());
    // Accounts created before whose sheet never printed get their passwords now.
    const unissued = await pupilAccountsWithoutPassword(trx, classId, localDate());
    if (pupils.length === 0 && unissued.length === 0) {
      throw new AppError(400, 'validation', 'У всех обучающихся класса уже есть учётные записи. Новый пароль выдаётся в разделе «Пользователи».');
    }
    const now = new Date().toISOString();
    const ids: number[] = [...unissued];
    for (const pupil of pupils) {
      const login = await freeLogin(trx, suggestLogin(pupil.last_name, pupil.first_name, pupil.middle_name));
      const userId = await insertUser(
        trx,
        { login, lastName: pupil.last_name, firstName: pupil.first_name, middleName: pupil.middle_name, passwordHash: null, mustChangePassword: true, now },
        ['student'],
      );
      await linkStudentAccount(trx, pupil.id, userId);
      await recordAudit(trx, { actorUserId, action: 'user.create-student-account', entity: 'user', entityId: userId, newValue: { login, studentId: pupil.id, roles: ['student'] } });
      ids.push(userId);
    }
    return ids;
  });
}
