// HTTP routes of the summary statements and their registry (issue 6, items 1-2): preview (not recorded), print
// (recorded, returns the PDF with the registry row's id in `x-statement-id`), the registry, the director's
// signature record.

import { api } from '../../shared/api/contract';
import { localDate } from '../common/dates';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { classesOfYear } from './statement-data';
import { renderStatementPdf } from './statement-pdf';
import { listPrintedStatements, printStatement, recordStatementSignature } from './statement-registry';

export interface StatementRouteOptions {
  version: string;
  clock: () => Date;
}

/** «Сводная ведомость 9А 2026-2027.pdf»: no slash in a file name. */
function fileName(title: string): string {
  return `${title.replace(/[/\\:]/g, '-')}.pdf`;
}

export function statementRoutes(db: Db, options: StatementRouteOptions) {
  const { clock } = options;
  return {
    statementClasses: route({
      endpoint: api.statementClasses,
      handle: async (ctx) => ({ classes: await classesOfYear(db, ctx.query.academicYearId) }),
    }),
    previewStatement: route({
      endpoint: api.previewStatement,
      handle: async (ctx) => {
        const rendered = await renderStatementPdf(db, { academicYearId: ctx.query.academicYearId, classId: ctx.query.classId ?? null, printedAt: clock() });
        return { file: rendered.pdf, fileName: fileName(`${rendered.title} (просмотр)`) };
      },
    }),
    printStatement: route({
      endpoint: api.printStatement,
      handle: async (ctx) => {
        const { pdf, statement } = await printStatement(db, signedIn(ctx).user.id, ctx.body, clock());
        // The file is the response; the registry row's id travels in a header (the UI reloads the registry).
        void ctx.reply.header('x-statement-id', String(statement.id));
        return { file: pdf, fileName: fileName(statement.title) };
      },
    }),
    listPrintedStatements: route({
      endpoint: api.listPrintedStatements,
      handle: async (ctx) => ({ statements: await listPrintedStatements(db, ctx.query) }),
    }),
    recordStatementSignature: route({
      endpoint: api.recordStatementSignature,
      handle: async (ctx) => recordStatementSignature(db, signedIn(ctx).user.id, ctx.params.statementId, ctx.body, localDate(clock())),
    }),
  };
}
