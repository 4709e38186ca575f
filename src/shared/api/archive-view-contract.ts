// Read-only viewing of a past year from its archive (issue 6, item 6). Owned by src/main/archive-view. Spread into `api` in contract.ts.
// Every route needs `archive.read` (the administrator and the director); the server reads the archive's drive, so
// viewing works from any desktop. The page, class summary and absences answer in the live journal's shapes.

import { endpoint } from './endpoint';
import * as a from './archive-view-schemas';
import { classAbsencesSchema, classOverviewSchema, journalPageSchema } from './journal-schemas';

const A = '/archive-view/:archiveId';

export const archiveViewApi = {
  archiveViewSummary: endpoint({ method: 'GET', path: A, summary: 'Архив прошлого учебного года: школа, год, классы', permission: 'archive.read', params: a.archiveIdParamsSchema, response: a.archiveSummarySchema }),
  archiveViewClass: endpoint({ method: 'GET', path: `${A}/classes/:classId`, summary: 'Архив: класс и его страницы журнала', permission: 'archive.read', params: a.archiveClassParamsSchema, response: a.archiveClassSchema }),
  archiveViewJournal: endpoint({ method: 'GET', path: `${A}/journals/:classId/:subjectId/:groupKey`, summary: 'Архив: страница журнала за учебный период (только просмотр)', permission: 'archive.read', params: a.archiveJournalParamsSchema, query: a.archivePeriodQuerySchema, response: journalPageSchema }),
  archiveViewAverages: endpoint({ method: 'GET', path: `${A}/classes/:classId/averages`, summary: 'Архив: успеваемость и посещаемость класса за период', permission: 'archive.read', params: a.archiveClassParamsSchema, query: a.archivePeriodQuerySchema, response: classOverviewSchema }),
  archiveViewAbsences: endpoint({ method: 'GET', path: `${A}/classes/:classId/absences`, summary: 'Архив: пропуски уроков обучающимися класса', permission: 'archive.read', params: a.archiveClassParamsSchema, query: a.archiveDateRangeQuerySchema, response: classAbsencesSchema }),
} as const;
