// Parents' registration by activation code (issue 5, item 1). Spread into `api` in contract.ts.

import { endpoint } from './endpoint';
import * as r from './registration-schemas';
import { classIdParamsSchema, meSchema } from './schemas';
import { z } from 'zod';

export const registrationApi = {
  registerParent: endpoint({ method: 'POST', path: '/auth/register', summary: 'Регистрация родителя по коду активации ребёнка', permission: 'public', body: r.registerBodySchema, response: meSchema }),
  linkChild: endpoint({ method: 'POST', path: '/auth/link-child', summary: 'Привязать ещё одного ребёнка по коду активации', permission: 'session', body: r.linkChildBodySchema, response: r.linkChildResultSchema }),
  createStudentAccounts: endpoint({
    method: 'POST',
    path: '/classes/:classId/student-accounts',
    summary: 'Учётные записи обучающихся класса, у которых их нет: лист логинов и первичных паролей (PDF)',
    permission: 'users.manage',
    params: classIdParamsSchema,
    body: z.strictObject({}),
    response: { kind: 'file', contentType: 'application/pdf' },
  }),
} as const;
