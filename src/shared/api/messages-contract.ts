// Messages' part of the API table (issue 5, item 7). Spread into `api` in contract.ts. Conversations are checked in
// the service: a non-member gets 404, the same as for a conversation that does not exist (ids cannot be probed),
// and whom one may write to follows domain/messaging-policy.ts.

import { z } from 'zod';
import { endpoint } from './endpoint';
import * as m from './messages-schemas';
import { classIdParamsSchema } from './schemas';

const none = z.strictObject({});
/** Up to five files of 10 MB travel as base64 (like attachFile). */
const UPLOAD_LIMIT = 15 * 1024 * 1024;

export const messagesApi = {
  listConversations: endpoint({ method: 'GET', path: '/conversations', summary: 'Мои переписки: непрочитанные, последнее сообщение, участники', permission: 'session', response: m.conversationListSchema }),
  getConversation: endpoint({ method: 'GET', path: '/conversations/:conversationId', summary: 'Переписка с сообщениями и отметками о прочтении', permission: 'session', params: m.conversationParamsSchema, response: m.conversationViewSchema }),
  startConversation: endpoint({ method: 'POST', path: '/conversations', summary: 'Новое сообщение: учителю, родителю, обучающемуся, администрации', permission: 'session', body: m.startConversationBodySchema, response: m.conversationViewSchema, bodyLimitBytes: UPLOAD_LIMIT }),
  startClassConversation: endpoint({ method: 'POST', path: '/classes/:classId/conversations', summary: 'Сообщение классного руководителя родителям класса (ответы видит только он)', permission: 'class.lead', params: classIdParamsSchema, body: m.startClassConversationBodySchema, response: m.conversationViewSchema, bodyLimitBytes: UPLOAD_LIMIT }),
  postMessage: endpoint({ method: 'POST', path: '/conversations/:conversationId/messages', summary: 'Ответ в переписке', permission: 'session', params: m.conversationParamsSchema, body: m.postMessageBodySchema, response: m.conversationViewSchema, bodyLimitBytes: UPLOAD_LIMIT }),
  markRead: endpoint({ method: 'POST', path: '/conversations/:conversationId/read', summary: 'Отметить переписку прочитанной', permission: 'session', params: m.conversationParamsSchema, body: none, response: m.markReadResultSchema }),
  messageAttachment: endpoint({ method: 'GET', path: '/conversations/:conversationId/attachments/:attachmentId', summary: 'Файл сообщения', permission: 'session', params: m.conversationAttachmentParamsSchema, response: { kind: 'file', contentType: 'application/octet-stream' } }),
  messageRecipients: endpoint({ method: 'GET', path: '/messages/recipients', summary: 'Кому я могу написать', permission: 'session', response: m.recipientsSchema }),
  unreadMessages: endpoint({ method: 'GET', path: '/messages/unread', summary: 'Число непрочитанных сообщений', permission: 'session', response: m.unreadCountSchema }),
} as const;
