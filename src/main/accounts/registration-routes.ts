// HTTP side of parents' registration by activation code.

import { api } from '../../shared/api/contract';
import { AppError } from '../common/app-error';
import { route, signedIn, type ServerControl } from '../common/route-types';
import { isSetUp } from './accounts-service';
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
    linkChild: route({
      endpoint: api.linkChild,
      handle: async (ctx) => linkChild(db, signedIn(ctx).user, ctx.body.code, clientOf(ctx.request)),
    }),
  };
}
