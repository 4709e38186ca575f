// HTTP side of accounts: setup, login/logout, own password, the administrator's user management.

import { api } from '../../shared/api/contract';
import { AppError } from '../common/app-error';
import { route, signedIn, type ServerControl } from '../common/route-types';
import { changeOwnPassword, isSetUp, logIn, logOut, meOf, schoolName, setUpSchool } from './accounts-service';
import { renderCredentialsSheet } from './credentials-sheet';
import { clientOf, setSessionCookie } from './session-cookie';
import { SESSION_COOKIE } from './sessions';
import { commitInitialPasswords, createUser, getUser, issueInitialPasswords, listAllUsers, prepareInitialPasswords, toUser, updateUser } from './users-service';

export function accountRoutes(control: ServerControl) {
  const { db } = control;
  return {
    setupStatus: route({
      endpoint: api.setupStatus,
      handle: async () => ({ isSetUp: await isSetUp(db), schoolName: (await isSetUp(db)) ? await schoolName(db) : null }),
    }),
    setup: route({
      endpoint: api.setup,
      handle: async ({ body, request, reply }) => {
        const { token, me } = await setUpSchool(db, body, clientOf(request));
        await setSessionCookie(control, reply, token);
        return me;
      },
    }),
    login: route({
      endpoint: api.login,
      handle: async ({ body, request, reply }) => {
        if (!(await isSetUp(db))) throw new AppError(409, 'conflict', 'Школа ещё не настроена: выполните первоначальную настройку.');
        const { token, me } = await logIn(db, body, clientOf(request));
        await setSessionCookie(control, reply, token);
        return me;
      },
    }),
    logout: route({
      endpoint: api.logout,
      handle: async (ctx) => {
        await logOut(db, signedIn(ctx).sessionId);
        ctx.reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
    me: route({
      endpoint: api.me,
      handle: async (ctx) => meOf(db, signedIn(ctx).user),
    }),
    changePassword: route({
      endpoint: api.changePassword,
      handle: async (ctx) => {
        const { user, sessionId } = signedIn(ctx);
        return changeOwnPassword(db, user, sessionId, ctx.body, clientOf(ctx.request));
      },
    }),
    listUsers: route({
      endpoint: api.listUsers,
      handle: async ({ query }) => ({ users: await listAllUsers(db, query) }),
    }),
    createUser: route({
      endpoint: api.createUser,
      handle: async (ctx) => createUser(db, signedIn(ctx).user.id, ctx.body),
    }),
    getUser: route({
      endpoint: api.getUser,
      handle: async ({ params }) => getUser(db, params.userId),
    }),
    updateUser: route({
      endpoint: api.updateUser,
      handle: async (ctx) => updateUser(db, signedIn(ctx).user.id, ctx.params.userId, ctx.body),
    }),
    resetPassword: route({
      endpoint: api.resetPassword,
      handle: async (ctx) => (await issueInitialPasswords(db, signedIn(ctx).user.id, [ctx.params.userId]))[0]!,
    }),
    credentialsSheet: route({
      endpoint: api.credentialsSheet,
      handle: async (ctx) => {
        const actorUserId = signedIn(ctx).user.id;
        const prepared = await prepareInitialPasswords(db, actorUserId, [...new Set(ctx.body.userIds)]);
        const issuedAt = new Date();
        // The sheet is rendered before anything is saved: if printing fails, nobody's password changes.
        const file = await renderCredentialsSheet({
          schoolName: await schoolName(db),
          serverAddress: control.publicAddress(),
          issuedAt,
          slips: prepared.map((p) => ({ user: toUser(p.user), initialPassword: p.initialPassword })),
        });
        await commitInitialPasswords(db, actorUserId, prepared);
        return { file, fileName: `logins-${issuedAt.toISOString().slice(0, 10)}.pdf` };
      },
    }),
  };
}
