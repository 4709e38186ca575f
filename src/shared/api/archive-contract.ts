// Yearly archives on external drives, their verification and retention (issue 6, items 4-5). Owned by src/main/archive. Spread into `api` in contract.ts.
// Writing and verifying is the administrator's (`archive.manage`, and only from the server PC, where the drives
// are); the lists and the retention view are also the director's (`archive.read`), who keeps the drives safe.

import { z } from 'zod';
import * as a from './archive-schemas';
import { endpoint } from './endpoint';

export const archiveApi = {
  listArchives: endpoint({ method: 'GET', path: '/archives', summary: 'Архивы журнала на внешних дисках: год, диск, состояние, последняя проверка', permission: 'archive.read', response: a.archiveListSchema }),
  startArchive: endpoint({ method: 'POST', path: '/archives', summary: 'Записать архив учебного года на внешний диск (с проверкой записанного)', permission: 'archive.manage', body: a.startArchiveBodySchema, response: a.archiveJobSchema }),
  archiveJob: endpoint({ method: 'GET', path: '/archives/job', summary: 'Ход записи архива: этап и доля выполненного, итог или причина отказа', permission: 'archive.read', response: a.archiveJobReplySchema }),
  verifyArchive: endpoint({ method: 'POST', path: '/archives/:archiveId/verify', summary: 'Проверить архив на подключённом диске: каждый файл по описи и контрольной сумме', permission: 'archive.manage', params: a.archiveIdParamsSchema, body: z.strictObject({}), response: a.archiveVerificationSchema }),
  archiveRetention: endpoint({ method: 'GET', path: '/archives/retention', summary: 'Сроки хранения архивов и сводных ведомостей; годы с единственной копией; давно не проверенные архивы', permission: 'archive.read', response: a.retentionSchema }),
} as const;
