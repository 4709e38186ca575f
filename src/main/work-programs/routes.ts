// HTTP side of work programs and thematic plans (3.4). Routes only translate HTTP to service calls.

import { api } from '../../shared/api/contract';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { importWorkProgram, workProgramTemplate } from './work-program-import';
import { listWorkPrograms, saveWorkProgram, workProgram } from './work-program-service';

export function workProgramRoutes(db: Db) {
  const actor = (ctx: Parameters<typeof signedIn>[0]) => signedIn(ctx).actor;
  return {
    listWorkPrograms: route({
      endpoint: api.listWorkPrograms,
      handle: (ctx) => listWorkPrograms(db, actor(ctx), ctx.query.yearId),
    }),
    getWorkProgram: route({ endpoint: api.getWorkProgram, handle: (ctx) => workProgram(db, actor(ctx), ctx.params) }),
    saveWorkProgram: route({
      endpoint: api.saveWorkProgram,
      handle: (ctx) => saveWorkProgram(db, actor(ctx), ctx.params, ctx.body.version, ctx.body.topics),
    }),
    importWorkProgram: route({
      endpoint: api.importWorkProgram,
      handle: (ctx) =>
        importWorkProgram(
          db,
          actor(ctx),
          ctx.params,
          { name: ctx.body.fileName, bytes: Buffer.from(ctx.body.contentBase64, 'base64') },
          { commit: ctx.body.commit, version: ctx.body.version },
        ),
    }),
    workProgramTemplate: route({
      endpoint: api.workProgramTemplate,
      handle: async () => ({ file: await workProgramTemplate(), fileName: 'шаблон-тематическое-планирование.xlsx' }),
    }),
  };
}
