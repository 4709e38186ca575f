// HTTP side of parents' activation codes (3.3): the class teacher's printed sheet and the status per pupil.

import { api } from '../../shared/api/contract';
import { route, signedIn, type ServerControl } from '../common/route-types';
import type { Db } from '../db/connection';
import { classResource } from '../school/school-service';
import { commitActivationCodes, listActivationCodes, prepareActivationCodes } from './activation-codes-service';
import { renderActivationSheet } from './activation-sheet';
import { schoolName } from './accounts-service';

/** `control` gives the address printed on the sheet; without it (tests of the API alone) the local one. */
export function activationRoutes(db: Db, control?: Pick<ServerControl, 'publicAddress'>) {
  return {
    issueClassActivationCodes: route({
      endpoint: api.issueClassActivationCodes,
      resource: async ({ params }) => classResource(db, params.classId),
      handle: async (ctx) => {
        const prepared = await prepareActivationCodes(db, ctx.params.classId, ctx.body.studentId);
        // Rendered before anything is saved: if printing fails, the codes the parents hold stay valid.
        const file = await renderActivationSheet({
          schoolName: await schoolName(db),
          className: prepared.className,
          serverAddress: control?.publicAddress() ?? 'http://localhost:8585',
          issuedAt: prepared.issuedAt,
          expiresAt: prepared.expiresAt,
          slips: prepared.codes.map((c) => ({ studentName: c.studentName, code: c.code })),
        });
        await commitActivationCodes(db, signedIn(ctx).user.id, prepared);
        return { file, fileName: `activation-codes-${prepared.className}-${prepared.issuedAt.toISOString().slice(0, 10)}.pdf` };
      },
    }),
    listClassActivationCodes: route({
      endpoint: api.listClassActivationCodes,
      resource: async ({ params }) => classResource(db, params.classId),
      handle: async ({ params }) => listActivationCodes(db, params.classId),
    }),
  };
}
