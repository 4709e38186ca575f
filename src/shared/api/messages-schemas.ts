// Request and response shapes of messages (issue 5, item 7): conversations between a teacher and a parent or a
// pupil, and a class teacher's letters to the parents of the class (replies stay private).

import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, attachmentSchema } from './journal-schemas';
import { id, labelled, text } from './fields';

export const MESSAGE_MAX_LENGTH = 10_000;
export const MESSAGE_MAX_FILES = 5;

export const conversationParamsSchema = z.strictObject({ conversationId: id('Переписка') });
export const conversationAttachmentParamsSchema = z.strictObject({ conversationId: id('Переписка'), attachmentId: id('Файл') });

/** Files arrive as base64 in JSON, like homework files; the same types and 10 MB limit. */
export const messageAttachmentBodySchema = z.strictObject({
  fileName: text('Имя файла', 200),
  contentBase64: labelled(z.string().min(1).max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 4), 'Файл'),
});
const attachments = labelled(z.array(messageAttachmentBodySchema).max(MESSAGE_MAX_FILES, `Не больше ${MESSAGE_MAX_FILES} файлов к сообщению`), 'Файлы').optional();
const messageBody = text('Сообщение', MESSAGE_MAX_LENGTH);
const subject = text('Тема', 200);

export const startConversationBodySchema = z.strictObject({
  recipientUserId: id('Получатель'),
  subject,
  body: messageBody,
  /** The pupil the conversation is about (a parent writing about their child). */
  studentId: id('Обучающийся').nullable().optional(),
  attachments,
});

export const startClassConversationBodySchema = z.strictObject({ subject, body: messageBody, attachments });

export const postMessageBodySchema = z.strictObject({
  body: messageBody,
  attachments,
  /** In a class conversation the class teacher may answer one parent only. */
  privateToUserId: id('Кому лично').nullable().optional(),
});

const memberSchema = z.object({ userId: z.number(), name: z.string(), note: z.string().nullable() });

export const conversationSummarySchema = z.object({
  id: z.number(),
  kind: z.enum(['direct', 'class']),
  subject: z.string(),
  classId: z.number().nullable(),
  className: z.string().nullable(),
  studentId: z.number().nullable(),
  studentName: z.string().nullable(),
  createdByUserId: z.number(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
  /** Messages to me I have not read yet. */
  unread: z.number(),
  lastMessage: z.object({ authorName: z.string(), preview: z.string(), createdAt: z.string() }).nullable(),
  /** The members I may see (in a class conversation a parent sees only the class teacher). */
  members: z.array(memberSchema),
  memberCount: z.number(),
});

export const conversationListSchema = z.object({ conversations: z.array(conversationSummarySchema), unreadTotal: z.number() });

export const messageSchema = z.object({
  id: z.number(),
  authorUserId: z.number(),
  authorName: z.string(),
  isMine: z.boolean(),
  /** Plain text, shown as text (never as HTML). */
  body: z.string(),
  createdAt: z.string(),
  /** A private message of a class conversation: to whom (null = to everyone in it). */
  privateToUserId: z.number().nullable(),
  privateToName: z.string().nullable(),
  attachments: z.array(attachmentSchema),
  /** For my own messages: how many of its recipients have read it. */
  receipt: z.object({ read: z.number(), of: z.number() }).nullable(),
});

export const conversationViewSchema = z.object({
  conversation: conversationSummarySchema,
  messages: z.array(messageSchema),
  /** Whom a reply of mine goes to, in words. */
  replyTo: z.string(),
  /** The class teacher of a class conversation may answer one parent privately. */
  canReplyPrivately: z.boolean(),
});

export const markReadResultSchema = z.object({ lastReadMessageId: z.number(), unreadTotal: z.number() });
export const unreadCountSchema = z.object({ unread: z.number(), conversations: z.number() });

export const recipientSchema = z.object({
  userId: z.number(),
  name: z.string(),
  /** Who this is to me: the subject taught, whose parent. */
  note: z.string().nullable(),
  /** The pupil a conversation with this person would be about. */
  studentId: z.number().nullable(),
});
export const recipientsSchema = z.object({
  groups: z.array(z.object({ key: z.string(), label: z.string(), recipients: z.array(recipientSchema) })),
  /** Classes whose parents I may write to at once (class teacher). */
  ledClasses: z.array(z.object({ id: z.number(), name: z.string(), parentCount: z.number() })),
});

export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type ConversationView = z.infer<typeof conversationViewSchema>;
export type MessageView = z.infer<typeof messageSchema>;
export type Recipients = z.infer<typeof recipientsSchema>;
