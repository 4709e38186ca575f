// Bulk insert of the demo school's diary (acknowledgements, absence notices, conversations and messages, news,
// notifications: tens of thousands of rows for a large school), written like the demo journal through
// better-sqlite3 prepared statements on the caller's transaction connection. Called only with a transaction (the
// demo is written all or nothing); ids the rows point at (conversations, messages, news, notices) are given by the
// generator.

import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../connection';

export interface DemoAcknowledgementRow {
  guardianUserId: number;
  studentId: number;
  at: string;
}

export interface DemoNoticeRow {
  id: number;
  studentId: number;
  fromDate: string;
  toDate: string;
  /** JSON array of lesson numbers, null = the whole days. */
  lessonNumbers: string | null;
  reasonCategory: 'illness' | 'family' | 'medical' | 'competition' | 'other';
  comment: string | null;
  createdByUserId: number;
  createdAt: string;
  status: 'pending' | 'confirmed';
  decidedByUserId: number | null;
  decidedAt: string | null;
}

export interface DemoConversationRow {
  id: number;
  kind: 'direct' | 'class';
  subject: string;
  classId: number | null;
  studentId: number | null;
  createdByUserId: number;
  createdAt: string;
  lastMessageAt: string;
  members: Array<{ userId: number; lastReadMessageId: number }>;
}

export interface DemoMessageRow {
  id: number;
  conversationId: number;
  authorUserId: number;
  privateToUserId: number | null;
  body: string;
  createdAt: string;
}

export interface DemoNewsRow {
  id: number;
  title: string;
  body: string;
  scope: 'school' | 'level';
  level: number | null;
  eventDate: string | null;
  publishedByUserId: number;
  publishedAt: string;
}

export interface DemoNotificationRow {
  userId: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  studentId: number | null;
  dedupKey: string;
  createdAt: string;
  readAt: string | null;
}

export interface DemoDiaryRows {
  acknowledgements: DemoAcknowledgementRow[];
  notices: DemoNoticeRow[];
  conversations: DemoConversationRow[];
  messages: DemoMessageRow[];
  news: DemoNewsRow[];
  notifications: DemoNotificationRow[];
}

/** An absence the demo journal recorded (Б, УП or Н), with what the diary says about it. */
export interface DemoJournalAbsence {
  lessonId: number;
  studentId: number;
  classId: number;
  code: string;
  date: string;
  lessonNumber: number;
  subjectName: string;
  enteredAt: string;
}

export interface DemoDiaryReferences {
  absences: DemoJournalAbsence[];
  /** The first free id of each table the generator numbers itself. */
  nextIds: { notices: number; conversations: number; messages: number; news: number };
}

export async function demoDiaryReferences(db: Db): Promise<DemoDiaryReferences> {
  const absences = (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .join('subjects as s', 's.id', 'l.subject_id')
    .whereIn('a.code', ['Б', 'УП', 'Н'])
    .orderBy(['a.student_id', 'l.date', 'l.lesson_number'])
    .select(
      'a.lesson_id as lessonId',
      'a.student_id as studentId',
      'l.class_id as classId',
      'a.code',
      'l.date',
      'l.lesson_number as lessonNumber',
      's.name as subjectName',
      'a.entered_at as enteredAt',
    )) as DemoJournalAbsence[];
  const nextId = async (table: string) => Number(((await db(table).max({ id: 'id' }).first()) as { id: number | null } | undefined)?.id ?? 0) + 1;
  return {
    absences,
    nextIds: { notices: await nextId('absence_notices'), conversations: await nextId('conversations'), messages: await nextId('messages'), news: await nextId('news') },
  };
}

/** Writes everything on the transaction's own connection; `trx` must be a knex transaction. */
export async function insertDemoDiary(trx: Db, rows: DemoDiaryRows): Promise<void> {
  if (!trx.isTransaction) throw new Error('insertDemoDiary: нужна транзакция');
  // Inside a knex transaction the client hands out the transaction's connection (no pool wait, no release).
  const conn = (await trx.client.acquireConnection()) as BetterSqlite3.Database;
  try {
    insertAcknowledgements(conn, rows.acknowledgements);
    insertNotices(conn, rows.notices);
    insertConversations(conn, rows.conversations);
    insertMessages(conn, rows.messages);
    insertNews(conn, rows.news);
    insertNotifications(conn, rows.notifications);
  } finally {
    await trx.client.releaseConnection(conn);
  }
}

function insertAcknowledgements(conn: BetterSqlite3.Database, rows: readonly DemoAcknowledgementRow[]): void {
  const statement = conn.prepare('insert into diary_acknowledgements (guardian_user_id, student_id, acknowledged_at) values (?, ?, ?)');
  for (const a of rows) statement.run(a.guardianUserId, a.studentId, a.at);
}

function insertNotices(conn: BetterSqlite3.Database, rows: readonly DemoNoticeRow[]): void {
  const statement = conn.prepare(
    'insert into absence_notices (id, student_id, from_date, to_date, lesson_numbers, reason_category, comment, created_by_user_id, created_at, status, decided_by_user_id, decided_at, decision_comment, version) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)',
  );
  for (const n of rows) {
    statement.run(
      n.id,
      n.studentId,
      n.fromDate,
      n.toDate,
      n.lessonNumbers,
      n.reasonCategory,
      n.comment,
      n.createdByUserId,
      n.createdAt,
      n.status,
      n.decidedByUserId,
      n.decidedAt,
      n.status === 'pending' ? 1 : 2,
    );
  }
}

function insertConversations(conn: BetterSqlite3.Database, rows: readonly DemoConversationRow[]): void {
  const conversation = conn.prepare(
    'insert into conversations (id, kind, subject, class_id, student_id, created_by_user_id, created_at, last_message_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const member = conn.prepare('insert into conversation_members (conversation_id, user_id, last_read_message_id) values (?, ?, ?)');
  for (const c of rows) {
    conversation.run(c.id, c.kind, c.subject, c.classId, c.studentId, c.createdByUserId, c.createdAt, c.lastMessageAt);
    for (const m of c.members) member.run(c.id, m.userId, m.lastReadMessageId);
  }
}

function insertMessages(conn: BetterSqlite3.Database, rows: readonly DemoMessageRow[]): void {
  const statement = conn.prepare('insert into messages (id, conversation_id, author_user_id, private_to_user_id, body, created_at) values (?, ?, ?, ?, ?, ?)');
  for (const m of rows) statement.run(m.id, m.conversationId, m.authorUserId, m.privateToUserId, m.body, m.createdAt);
}

function insertNews(conn: BetterSqlite3.Database, rows: readonly DemoNewsRow[]): void {
  const statement = conn.prepare(
    'insert into news (id, title, body, scope, level, class_id, event_date, published_by_user_id, published_at, removed_at) values (?, ?, ?, ?, ?, null, ?, ?, ?, null)',
  );
  for (const n of rows) statement.run(n.id, n.title, n.body, n.scope, n.level, n.eventDate, n.publishedByUserId, n.publishedAt);
}

function insertNotifications(conn: BetterSqlite3.Database, rows: readonly DemoNotificationRow[]): void {
  const statement = conn.prepare(
    'insert into notifications (user_id, kind, title, body, link, student_id, dedup_key, created_at, read_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const n of rows) statement.run(n.userId, n.kind, n.title.slice(0, 200), n.body?.slice(0, 1000) ?? null, n.link, n.studentId, n.dedupKey, n.createdAt, n.readAt);
}
