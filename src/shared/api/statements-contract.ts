// Summary statements of final marks and the registry of printed statements (issue 6, items 1-2). Owned by
// src/main/statements. Spread into `api` in contract.ts.
//
// Printing is one call: POST /statements/print renders the PDF, records it in the registry (with the PDF's SHA-256,
// page count and retention date) and returns the PDF itself; the new registry row's id comes in the
// `x-statement-id` header. The file is not stored: the registry's hash matches a paper copy to the file, and the
// preview (GET, not recorded) shows a statement before it is printed.

import { endpoint } from './endpoint';
import * as s from './statements-schemas';

const PDF = { kind: 'file', contentType: 'application/pdf' } as const;

export const statementsApi = {
  statementClasses: endpoint({
    method: 'GET',
    path: '/statements/classes',
    summary: 'Классы учебного года для сводной ведомости (в том числе прошлого года)',
    permission: 'statements.read',
    query: s.statementClassesQuerySchema,
    response: s.statementClassListSchema,
  }),
  previewStatement: endpoint({
    method: 'GET',
    path: '/statements/preview',
    summary: 'Просмотр сводной ведомости итоговых отметок класса или всей школы (PDF, в реестр не записывается)',
    permission: 'statements.read',
    query: s.statementPreviewQuerySchema,
    response: PDF,
  }),
  printStatement: endpoint({
    method: 'POST',
    path: '/statements/print',
    summary: 'Печать сводной ведомости итоговых отметок: PDF и запись в реестр распечатанных ведомостей',
    permission: 'statements.print',
    body: s.printStatementBodySchema,
    response: PDF,
  }),
  listPrintedStatements: endpoint({
    method: 'GET',
    path: '/statements/printed',
    summary: 'Реестр распечатанных сводных ведомостей: кто и когда распечатал, подписание, место и срок хранения',
    permission: 'statements.read',
    query: s.printedStatementsQuerySchema,
    response: s.printedStatementListSchema,
  }),
  recordStatementSignature: endpoint({
    method: 'PUT',
    path: '/statements/printed/:statementId/signature',
    summary: 'Отметка о подписании распечатанной ведомости директором и месте хранения бумажного экземпляра',
    permission: 'statements.sign',
    params: s.printedStatementParamsSchema,
    body: s.statementSignatureBodySchema,
    response: s.printedStatementSchema,
  }),
} as const;
