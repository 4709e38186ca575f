// Work programs and thematic plans (3.4): the part of the API table. Spread into `api` in contract.ts.

import { endpoint } from './endpoint';
import * as w from './work-program-schemas';

const P = '/work-programs/:yearId/:subjectId/:level';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const workProgramApi = {
  listWorkPrograms: endpoint({ method: 'GET', path: '/work-programs', summary: 'Рабочие программы учебного года', permission: 'school.read', query: w.workProgramListQuery, response: w.workProgramListSchema }),
  // Declared before the parameterised paths only for reading order: the segment counts differ, so they never clash.
  workProgramTemplate: endpoint({ method: 'GET', path: '/work-programs/template', summary: 'Шаблон тематического планирования (XLSX)', permission: 'workProgram.edit', response: { kind: 'file', contentType: XLSX } }),
  getWorkProgram: endpoint({ method: 'GET', path: P, summary: 'Тематическое планирование предмета в параллели', permission: 'school.read', params: w.workProgramParams, response: w.workProgramSchema }),
  saveWorkProgram: endpoint({ method: 'PUT', path: P, summary: 'Сохранение тематического планирования (список тем целиком)', permission: 'workProgram.edit', params: w.workProgramParams, body: w.saveWorkProgramBodySchema, response: w.workProgramSchema }),
  importWorkProgram: endpoint({
    method: 'POST',
    path: `${P}/import`,
    summary: 'Загрузка тем из XLSX/CSV: проверка (commit=false) или запись (commit=true, всё или ничего)',
    permission: 'workProgram.edit',
    params: w.workProgramParams,
    body: w.importWorkProgramBodySchema,
    response: w.workProgramImportReportSchema,
    bodyLimitBytes: w.IMPORT_BODY_LIMIT,
  }),
} as const;
