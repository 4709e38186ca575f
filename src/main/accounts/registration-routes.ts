// HTTP side of parents' registration by activation code.

import { api } from '../../shared/api/contract';
import { AppError } from '../common/app-error';
import { route, signedIn, type ServerControl } from '../common/route-types';
import { isSetUp, schoolName } from './accounts-service';
import { renderCredentialsSheet } from './credentials-sheet';
import { createStudentAccounts } from './student-accounts';
import { commitInitialPasswords, prepareInitialPasswords, toUser } from './users-service';
import { linkChild, registerParent } from './registration-service';
import { clientOf, setSessionCookie } from './session-cookie';

export function registrationRoutes(control: ServerControl) {
  const { db } = control;
  return {
    registerParent: route({
      endpoint: api.registerParent,
      handle: async ({ body, request, reply }) => {
        if (!(await isSetUp(db))) throw new AppError(409, 'conflict', 'Школа ещё не настроена.');
        const { token, me } = await registerParent(db, body, clientOf(request));
        await setSessionCookie(control, reply, token);
        return me;
      },
    }),
    createStudentAccounts: route({
      endpoint: api.createStudentAccounts,
      handle: async (ctx) => {
        const actorUserId = signedIn(ctx).user.id;
        const userIds = await createStudentAccounts(db, actorUserId, ctx.params.classId);
        // The same two steps as the credentials sheet: the PDF first, then the passwords.
        const prepared = await prepareInitialPasswords(db, actorUserId, userIds);
        const issuedAt = new Date();
        const file = await renderCredentialsSheet({
          schoolName: await schoolName(db),
          serverAddress: control.publicAddress(),
          issuedAt,
          slips: prepared.map((p) => ({ user: toUser(p.user), initialPassword: p.initialPassword })),
        });
        await commitInitialPasswords(db, actorUserId, prepared);
        return { file, fileName: `logins-pupils-${issuedAt.toISOString().slice(0, 10)}.pdf` };
      },
    }),
    linkChild: route({
      endpoint: api.linkChild,
      handle: async (ctx) => linkChild(db, signedIn(ctx).user, ctx.body.code, clientOf(ctx.request)),
    }),
  };
}
