// SQL of messages (issue 5, item 7): conversations, their members with read positions, messages with private
// replies, attachments, and the facts the messaging policy needs (who teaches, leads, guards whom, where pupils
// study now). Visibility of a message to a member is one rule, used by every query below:
//   the creator of the conversation sees all; others see messages to everyone, their own, and those to them.

import type { Knex } from 'knex';
import type { TeachingScope } from '../../../shared/domain/permissions';
import type { Role } from '../../../shared/domain/roles';
import type { Db } from '../connection';

const fullName = (alias: string) => `${alias}.last_name || ' ' || ${alias}.first_name || coalesce(' ' || ${alias}.middle_name, '')`;

/** SQLite takes a bounded number of parameters: large id lists are queried in chunks. */
async function inChunks<T>(ids: readonly number[], query: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += 500) out.push(...(await query(unique.slice(i, i + 500))));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Conversations and members

export interface ConversationRow {
  id: number;
  kind: 'direct' | 'class';
  subject: string;
  class_id: number | null;
  student_id: number | null;
  created_by_user_id: number;
  created_at: string;
  last_message_at: string;
}

export interface ConversationWithNamesRow extends ConversationRow {
  class_level: number | null;
  class_letter: string | null;
  student_name: string | null;
}

export async function insertConversation(db: Db, row: Omit<ConversationRow, 'id'>): Promise<number> {
  const [inserted] = (await db('conversations').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function insertMembers(db: Db, conversationId: number, userIds: readonly number[]): Promise<void> {
  const rows = [...new Set(userIds)].map((user_id) => ({ conversation_id: conversationId, user_id, last_read_message_id: 0 }));
  for (let i = 0; i < rows.length; i += 300) await db('conversation_members').insert(rows.slice(i, i + 300));
}

export async function touchConversation(db: Db, id: number, at: string): Promise<void> {
  await db('conversations').where({ id }).update({ last_message_at: at });
}

function conversationsWithNames(db: Db) {
  return db('conversations as c')
    .leftJoin('classes as k', 'k.id', 'c.class_id')
    .leftJoin('students as s', 's.id', 'c.student_id')
    .select('c.*', 'k.level as class_level', 'k.letter as class_letter', db.raw(`case when s.id is null then null else ${fullName('s')} end as student_name`));
}

export async function findConversation(db: Db, id: number): Promise<ConversationWithNamesRow | undefined> {
  return (await conversationsWithNames(db).where('c.id', id).first()) as ConversationWithNamesRow | undefined;
}

/** The conversations `userId` is a member of, newest activity first. */
export async function conversationsOfUser(db: Db, userId: number): Promise<ConversationWithNamesRow[]> {
  return (await conversationsWithNames(db)
    .join('conversation_members as cm', 'cm.conversation_id', 'c.id')
    .where('cm.user_id', userId)
    .orderBy([{ column: 'c.last_message_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])) as ConversationWithNamesRow[];
}

export interface MemberRow {
  conversation_id: number;
  user_id: number;
  last_read_message_id: number;
  name: string;
}

export async function membersOf(db: Db, conversationIds: readonly number[]): Promise<MemberRow[]> {
  return inChunks(conversationIds, async (chunk) =>
    (await db('conversation_members as cm')
      .join('users as u', 'u.id', 'cm.user_id')
      .whereIn('cm.conversation_id', chunk)
      .select('cm.conversation_id', 'cm.user_id', 'cm.last_read_message_id', db.raw(`${fullName('u')} as name`))
      .orderBy(['u.last_name', 'u.first_name'])) as MemberRow[],
  );
}

export async function findMembership(db: Db, conversationId: number, userId: number): Promise<{ last_read_message_id: number } | undefined> {
  return (await db('conversation_members').where({ conversation_id: conversationId, user_id: userId }).first('last_read_message_id')) as
    | { last_read_message_id: number }
    | undefined;
}

/** Moves the member's read position forward (never back). */
export async function advanceLastRead(db: Db, conversationId: number, userId: number, messageId: number): Promise<void> {
  await db('conversation_members').where({ conversation_id: conversationId, user_id: userId }).where('last_read_message_id', '<', messageId).update({ last_read_message_id: messageId });
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

export interface MessageRow {
  id: number;
  conversation_id: number;
  author_user_id: number;
  private_to_user_id: number | null;
  body: string;
  created_at: string;
  author_name: string;
  private_to_name: string | null;
}

/** Messages of conversations `c` that `userId` sees (see the rule at the top of the file). */
function visibleTo(query: Knex.QueryBuilder, userId: number): Knex.QueryBuilder {
  return query.where((q) =>
    q.where('c.created_by_user_id', userId).orWhereNull('m.private_to_user_id').orWhere('m.private_to_user_id', userId).orWhere('m.author_user_id', userId),
  );
}

export async function insertMessage(db: Db, row: Omit<MessageRow, 'id' | 'author_name' | 'private_to_name'>): Promise<number> {
  const [inserted] = (await db('messages').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function visibleMessages(db: Db, conversationId: number, userId: number): Promise<MessageRow[]> {
  const query = db('messages as m')
    .join('conversations as c', 'c.id', 'm.conversation_id')
    .join('users as a', 'a.id', 'm.author_user_id')
    .leftJoin('users as p', 'p.id', 'm.private_to_user_id')
    .where('m.conversation_id', conversationId)
    .select('m.*', db.raw(`${fullName('a')} as author_name`), db.raw(`case when p.id is null then null else ${fullName('p')} end as private_to_name`))
    .orderBy('m.id');
  return (await visibleTo(query, userId)) as MessageRow[];
}

/** The last message `userId` sees in each of the conversations. */
export async function lastVisibleMessages(db: Db, conversationIds: readonly number[], userId: number): Promise<MessageRow[]> {
  return inChunks(conversationIds, async (chunk) => {
    const latest = visibleTo(db('messages as m').join('conversations as c', 'c.id', 'm.conversation_id').whereIn('m.conversation_id', chunk), userId)
      .groupBy('m.conversation_id')
      .max({ id: 'm.id' });
    return (await db('messages as m')
      .join('users as a', 'a.id', 'm.author_user_id')
      .whereIn('m.id', db.from(latest.as('latest')).select('id'))
      .select('m.*', db.raw(`${fullName('a')} as author_name`), db.raw('null as private_to_name'))) as MessageRow[];
  });
}

/** Messages to `userId` (not theirs) after their read position, per conversation. */
export async function unreadCounts(db: Db, userId: number, conversationId?: number): Promise<Map<number, number>> {
  const query = db('messages as m')
    .join('conversations as c', 'c.id', 'm.conversation_id')
    .join('conversation_members as cm', (j) => j.on('cm.conversation_id', 'm.conversation_id').andOnVal('cm.user_id', userId))
    .whereRaw('m.id > cm.last_read_message_id')
    .whereNot('m.author_user_id', userId)
    .groupBy('m.conversation_id')
    .select('m.conversation_id')
    .count({ n: '*' });
  if (conversationId !== undefined) void query.where('m.conversation_id', conversationId);
  const rows = (await visibleTo(query, userId)) as Array<{ conversation_id: number; n: number }>;
  return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
}

export async function lastVisibleMessageId(db: Db, conversationId: number, userId: number): Promise<number> {
  const row = (await visibleTo(db('messages as m').join('conversations as c', 'c.id', 'm.conversation_id').where('m.conversation_id', conversationId), userId)
    .max({ id: 'm.id' })
    .first()) as { id: number | null } | undefined;
  return row?.id ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments

export interface MessageAttachmentRow {
  id: number;
  message_id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export async function insertMessageAttachments(db: Db, rows: ReadonlyArray<Omit<MessageAttachmentRow, 'id'>>): Promise<void> {
  if (rows.length > 0) await db('message_attachments').insert(rows);
}

export async function attachmentsOfMessages(db: Db, messageIds: readonly number[]): Promise<MessageAttachmentRow[]> {
  return inChunks(messageIds, async (chunk) => (await db('message_attachments').whereIn('message_id', chunk).orderBy('id')) as MessageAttachmentRow[]);
}

/** A file of a message of this conversation, with what decides who may see it. */
export async function findMessageAttachment(db: Db, conversationId: number, attachmentId: number) {
  return (await db('message_attachments as f')
    .join('messages as m', 'm.id', 'f.message_id')
    .where({ 'f.id': attachmentId, 'm.conversation_id': conversationId })
    .first('f.*', 'm.author_user_id', 'm.private_to_user_id')) as (MessageAttachmentRow & { author_user_id: number; private_to_user_id: number | null }) | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Notifications about a conversation are read when the conversation is

export async function markConversationNotificationsRead(db: Db, userId: number, link: string, now: string): Promise<void> {
  await db('notifications').where({ user_id: userId, kind: 'message', link }).whereNull('read_at').update({ read_at: now });
}

// ---------------------------------------------------------------------------------------------------------------
// People and their ties (facts of the messaging policy)

export interface PersonRow {
  id: number;
  name: string;
  is_blocked: number | boolean;
}

export async function peopleByIds(db: Db, ids: readonly number[]): Promise<PersonRow[]> {
  return inChunks(ids, async (chunk) => (await db('users as u').whereIn('u.id', chunk).select('u.id', 'u.is_blocked', db.raw(`${fullName('u')} as name`))) as PersonRow[]);
}

export async function rolesOfUsers(db: Db, ids: readonly number[]): Promise<Array<{ user_id: number; role: Role }>> {
  return inChunks(ids, async (chunk) => (await db('user_roles').whereIn('user_id', chunk).select('user_id', 'role')) as Array<{ user_id: number; role: Role }>);
}

/** Teaching of the year: assignments (whole class or a group) and group teacherships of study groups. */
export async function teachingOfUsers(db: Db, ids: readonly number[], academicYear: string): Promise<Array<{ user_id: number } & TeachingScope>> {
  return inChunks(ids, async (chunk) => {
    const assignments = (await db('teaching_assignments as t')
      .join('classes as c', 'c.id', 't.class_id')
      .whereIn('t.teacher_user_id', chunk)
      .where('c.academic_year', academicYear)
      .select('t.teacher_user_id as user_id', 't.class_id as classId', 't.subject_id as subjectId', 't.group_id as groupId')) as Array<{ user_id: number } & TeachingScope>;
    const groups = (await db('study_groups as g')
      .join('classes as c', 'c.id', 'g.class_id')
      .whereIn('g.teacher_user_id', chunk)
      .where('c.academic_year', academicYear)
      .select('g.teacher_user_id as user_id', 'g.class_id as classId', 'g.subject_id as subjectId', 'g.id as groupId')) as Array<{ user_id: number } & TeachingScope>;
    return [...assignments, ...groups];
  });
}

export async function classesLedBy(db: Db, ids: readonly number[], academicYear: string): Promise<Array<{ user_id: number; class_id: number }>> {
  return inChunks(
    ids,
    async (chunk) =>
      (await db('classes').whereIn('class_teacher_user_id', chunk).where({ academic_year: academicYear }).select('class_teacher_user_id as user_id', 'id as class_id')) as Array<{
        user_id: number;
        class_id: number;
      }>,
  );
}

const currentEnrolment = (db: Db, onDate: string) =>
  db('class_enrolments as e').where('e.from_date', '<=', onDate).andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', onDate));

/** Children of these guardians that are enrolled somewhere today, with their class. */
export async function childrenOfGuardians(db: Db, guardianIds: readonly number[], onDate: string): Promise<Array<{ guardian_user_id: number; student_id: number; class_id: number }>> {
  return inChunks(
    guardianIds,
    async (chunk) =>
      (await currentEnrolment(db, onDate)
        .join('guardianships as g', 'g.student_id', 'e.student_id')
        .whereIn('g.guardian_user_id', chunk)
        .select('g.guardian_user_id', 'e.student_id', 'e.class_id')) as Array<{ guardian_user_id: number; student_id: number; class_id: number }>,
  );
}

/** Pupils whose own accounts these are, with their class today. */
export async function ownPlacesOf(db: Db, userIds: readonly number[], onDate: string): Promise<Array<{ user_id: number; student_id: number; class_id: number }>> {
  return inChunks(
    userIds,
    async (chunk) =>
      (await currentEnrolment(db, onDate)
        .join('students as s', 's.id', 'e.student_id')
        .whereIn('s.user_id', chunk)
        .select('s.user_id', 'e.student_id', 'e.class_id')) as Array<{ user_id: number; student_id: number; class_id: number }>,
  );
}

export async function groupsOfStudents(db: Db, studentIds: readonly number[], onDate: string): Promise<Array<{ student_id: number; group_id: number }>> {
  return inChunks(
    studentIds,
    async (chunk) =>
      (await db('group_memberships')
        .whereIn('student_id', chunk)
        .where('from_date', '<=', onDate)
        .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', onDate))
        .select('student_id', 'group_id')) as Array<{ student_id: number; group_id: number }>,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates for the list of recipients

export async function studentNamesByIds(db: Db, ids: readonly number[]): Promise<Array<{ id: number; name: string }>> {
  return inChunks(ids, async (chunk) => (await db('students as s').whereIn('s.id', chunk).select('s.id', db.raw(`${fullName('s')} as name`))) as Array<{ id: number; name: string }>);
}

export async function classNamesByIds(db: Db, ids: readonly number[]): Promise<Array<{ id: number; level: number; letter: string; class_teacher_user_id: number | null }>> {
  return inChunks(ids, async (chunk) => (await db('classes').whereIn('id', chunk).select('id', 'level', 'letter', 'class_teacher_user_id')) as Array<{ id: number; level: number; letter: string; class_teacher_user_id: number | null }>);
}

export async function classesOfYear(db: Db, academicYear: string): Promise<Array<{ id: number; level: number; letter: string }>> {
  return (await db('classes').where({ academic_year: academicYear }).select('id', 'level', 'letter').orderBy(['level', 'letter'])) as Array<{ id: number; level: number; letter: string }>;
}

/** Who teaches what in these classes this year (assignments and group teacherships), with subject names. */
export async function teachersOfClasses(db: Db, classIds: readonly number[]) {
  return inChunks(classIds, async (chunk) => {
    const assignments = (await db('teaching_assignments as t')
      .join('subjects as s', 's.id', 't.subject_id')
      .leftJoin('study_groups as g', 'g.id', 't.group_id')
      .whereIn('t.class_id', chunk)
      .select('t.teacher_user_id as user_id', 't.class_id', 't.group_id', 's.name as subject_name', 'g.name as group_name')) as Array<{
      user_id: number;
      class_id: number;
      group_id: number | null;
      subject_name: string;
      group_name: string | null;
    }>;
    const groups = (await db('study_groups as g')
      .join('subjects as s', 's.id', 'g.subject_id')
      .whereIn('g.class_id', chunk)
      .whereNotNull('g.teacher_user_id')
      .select('g.teacher_user_id as user_id', 'g.class_id', 'g.id as group_id', 's.name as subject_name', 'g.name as group_name')) as typeof assignments;
    return [...assignments, ...groups];
  });
}

/** Users holding any of the roles (not blocked). */
export async function usersWithRoles(db: Db, roles: readonly Role[]): Promise<Array<{ id: number; role: Role }>> {
  return (await db('user_roles as r')
    .join('users as u', 'u.id', 'r.user_id')
    .whereIn('r.role', roles)
    .where('u.is_blocked', 0)
    .select('u.id', 'r.role')
    .orderBy(['u.last_name', 'u.first_name'])) as Array<{ id: number; role: Role }>;
}

/** Guardians of the pupils enrolled in these classes today, with the child. */
export async function guardiansOfClasses(db: Db, classIds: readonly number[], onDate: string) {
  return inChunks(
    classIds,
    async (chunk) =>
      (await currentEnrolment(db, onDate)
        .join('guardianships as g', 'g.student_id', 'e.student_id')
        .join('users as u', 'u.id', 'g.guardian_user_id')
        .join('students as s', 's.id', 'e.student_id')
        .whereIn('e.class_id', chunk)
        .where('u.is_blocked', 0)
        .select('g.guardian_user_id as user_id', 'e.student_id', 'e.class_id', 'g.relation', db.raw(`${fullName('s')} as student_name`))
        .orderBy(['s.last_name', 's.first_name'])) as Array<{ user_id: number; student_id: number; class_id: number; relation: string | null; student_name: string }>,
  );
}

/** Pupils with accounts enrolled in these classes today. */
export async function pupilAccountsOfClasses(db: Db, classIds: readonly number[], onDate: string) {
  return inChunks(
    classIds,
    async (chunk) =>
      (await currentEnrolment(db, onDate)
        .join('students as s', 's.id', 'e.student_id')
        .join('users as u', 'u.id', 's.user_id')
        .whereIn('e.class_id', chunk)
        .where('u.is_blocked', 0)
        .select('s.user_id', 'e.student_id', 'e.class_id')
        .orderBy(['s.last_name', 's.first_name'])) as Array<{ user_id: number; student_id: number; class_id: number }>,
  );
}
