// HTTP routes of messages (issue 5, item 7). All but one are the caller's own ('session'): membership of the
// conversation and whom one may write to are checked in the service. A letter to the parents of a class is the
// class teacher's (`class.lead` on the class in the path).

import path from 'node:path';
import { api } from '../../shared/api/contract';
import type { Endpoint } from '../../shared/api/endpoint';
import { route, signedIn, type RouteContext } from '../common/route-types';
import type { Db } from '../db/connection';
import type { Notifier } from '../diary/notifications';
import { AttachmentStore } from '../journal/attachment-files';
import { classResource } from '../school/school-service';
import * as service from './messages-service';

export interface MessageRouteOptions {
  dataDir: string;
  notifier: Notifier;
}

function callerOf<E extends Endpoint>(ctx: RouteContext<E>): service.Caller {
  const { user, actor } = signedIn(ctx);
  return { actor, login: user.login, ip: ctx.request.ip, request: `${ctx.request.method} ${ctx.request.url}` };
}

export function messageRoutes(db: Db, options: MessageRouteOptions) {
  // The same store as homework files: one copy of each file by its SHA-256.
  const deps: service.MessagingDeps = { db, store: new AttachmentStore(path.join(options.dataDir, 'attachments')), notifier: options.notifier };
  return {
    listConversations: route({
      endpoint: api.listConversations,
      handle: async (ctx) => service.listConversations(db, signedIn(ctx).user.id),
    }),
    getConversation: route({
      endpoint: api.getConversation,
      handle: async (ctx) => service.getConversation(db, callerOf(ctx), ctx.params.conversationId),
    }),
    startConversation: route({
      endpoint: api.startConversation,
      handle: async (ctx) => service.startConversation(deps, callerOf(ctx), ctx.body),
    }),
    startClassConversation: route({
      endpoint: api.startClassConversation,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => service.startClassConversation(deps, callerOf(ctx), ctx.params.classId, ctx.body),
    }),
    postMessage: route({
      endpoint: api.postMessage,
      handle: async (ctx) => service.postMessage(deps, callerOf(ctx), ctx.params.conversationId, ctx.body),
    }),
    markRead: route({
      endpoint: api.markRead,
      handle: async (ctx) => service.markRead(deps, callerOf(ctx), ctx.params.conversationId),
    }),
    messageAttachment: route({
      endpoint: api.messageAttachment,
      handle: async (ctx) => service.messageAttachment(deps, callerOf(ctx), ctx.params.conversationId, ctx.params.attachmentId),
    }),
    messageRecipients: route({
      endpoint: api.messageRecipients,
      handle: async (ctx) => service.recipientsOf(db, signedIn(ctx).actor),
    }),
    unreadMessages: route({
      endpoint: api.unreadMessages,
      handle: async (ctx) => service.unreadTotal(db, signedIn(ctx).user.id),
    }),
  };
}
