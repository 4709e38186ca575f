// Messages (issue 5, item 7; regulation 3.3, 3.4, 3.7): direct conversations between two people, and a class
// teacher's letters to the parents of the class, whose replies go to the class teacher only. Whom one may write to
// is decided by domain/messaging-policy.ts on facts loaded here; a conversation is shown to its members only, and
// to anyone else it does not exist (404, with an access-denied security event).

import { academicYearOf, localDate } from '../common/dates';
import { AppError, forbidden, invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { enrolmentsOfClass } from '../db/repositories/journal-repo';
import * as repo from '../db/repositories/messages-repo';
import { insertSecurityEvent } from '../db/repositories/sessions-repo';
import type { Notifier } from '../diary/notifications';
import { checkUpload, type AttachmentStore, type CheckedFile } from '../journal/attachment-files';
import type { ConversationSummary, ConversationView, MessageView, Recipients } from '../../shared/api/messages-schemas';
import type { Actor } from '../../shared/domain/permissions';
import { ADMINISTRATION_ROLES, leadsPupil, mayWrite, teachesPupil, type Correspondent, type MessagingSender, type PupilPlace } from '../../shared/domain/messaging-policy';
import { ROLE_LABELS, STAFF_ROLES, type Role } from '../../shared/domain/roles';

/** The signed-in person, and what a security event needs to say about a refused request. */
export interface Caller {
  actor: Actor;
  login: string;
  ip: string;
  /** 'GET /api/v1/conversations/12' */
  request: string;
}

export interface MessagingDeps {
  db: Db;
  store: AttachmentStore;
  notifier: Notifier;
}

interface NewAttachment {
  fileName: string;
  contentBase64: string;
}

const PREVIEW_LENGTH = 140;
const className = (c: { level: number | null; letter: string | null }) => (c.level === null ? null : `${c.level}${c.letter ?? ''}`);
const preview = (body: string) => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
};
const linkOf = (conversationId: number) => `/messages/${conversationId}`;

function today(): { date: string; year: string } {
  const date = localDate();
  return { date, year: academicYearOf(date) };
}

// ---------------------------------------------------------------------------------------------------------------
// Facts of the policy

/** Roles, teaching, class teachership and pupils' places of these users, as of today. */
export async function loadCorrespondents(db: Db, userIds: readonly number[]): Promise<Map<number, Correspondent>> {
  const { date, year } = today();
  const [people, roles, teaching, led, children, own] = await Promise.all([
    repo.peopleByIds(db, userIds),
    repo.rolesOfUsers(db, userIds),
    repo.teachingOfUsers(db, userIds, year),
    repo.classesLedBy(db, userIds, year),
    repo.childrenOfGuardians(db, userIds, date),
    repo.ownPlacesOf(db, userIds, date),
  ]);
  const groupRows = await repo.groupsOfStudents(db, [...children.map((c) => c.student_id), ...own.map((o) => o.student_id)], date);
  const groupsOf = new Map<number, number[]>();
  for (const g of groupRows) groupsOf.set(g.student_id, [...(groupsOf.get(g.student_id) ?? []), g.group_id]);
  const place = (studentId: number, classId: number): PupilPlace => ({ studentId, classId, groupIds: groupsOf.get(studentId) ?? [] });

  interface Mutable {
    userId: number;
    roles: Role[];
    classTeacherOf: number[];
    teaches: Array<Correspondent['teaches'][number]>;
    children: PupilPlace[];
    ownPlace: PupilPlace | null;
    isBlocked: boolean;
  }
  const result = new Map<number, Mutable>();
  for (const p of people) result.set(p.id, { userId: p.id, roles: [], classTeacherOf: [], teaches: [], children: [], ownPlace: null, isBlocked: Boolean(p.is_blocked) });
  for (const r of roles) result.get(r.user_id)?.roles.push(r.role);
  for (const t of teaching) result.get(t.user_id)?.teaches.push({ classId: t.classId, subjectId: t.subjectId, groupId: t.groupId });
  for (const l of led) result.get(l.user_id)?.classTeacherOf.push(l.class_id);
  for (const c of children) result.get(c.guardian_user_id)?.children.push(place(c.student_id, c.class_id));
  for (const o of own) {
    const person = result.get(o.user_id);
    if (person) person.ownPlace = place(o.student_id, o.class_id);
  }
  return result;
}

async function senderOf(db: Db, actor: Actor): Promise<MessagingSender> {
  const facts = (await loadCorrespondents(db, [actor.userId])).get(actor.userId);
  // The actor's roles and scope are the request's; group teacherships and pupils' places come from the facts.
  return { ...actor, teaches: facts?.teaches ?? actor.teaches, children: facts?.children ?? [], ownPlace: facts?.ownPlace ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

async function deniedAccess(db: Db, caller: Caller, reason: string): Promise<never> {
  await insertSecurityEvent(db, {
    at: new Date().toISOString(),
    kind: 'access-denied',
    userId: caller.actor.userId,
    login: caller.login,
    ip: caller.ip,
    detail: `${caller.request}: ${reason}`,
  });
  throw notFound('Переписка');
}

/** The conversation, if the caller is a member; otherwise 404 exactly as for a missing one, and logged. */
async function requireMember(db: Db, caller: Caller, conversationId: number): Promise<repo.ConversationWithNamesRow> {
  const conversation = await repo.findConversation(db, conversationId);
  if (!conversation) return deniedAccess(db, caller, 'переписки нет');
  if (!(await repo.findMembership(db, conversationId, caller.actor.userId))) return deniedAccess(db, caller, 'не участник переписки');
  // A class letter goes to the parents of the class: a parent whose child has left the class reads no more of it.
  if (conversation.kind === 'class' && conversation.created_by_user_id !== caller.actor.userId && conversation.class_id !== null) {
    const today = localDate();
    const pupils = await enrolmentsOfClass(db, conversation.class_id, today, today);
    if (!pupils.some((p) => caller.actor.childStudentIds.includes(p.id))) return deniedAccess(db, caller, 'ребёнок больше не учится в этом классе');
  }
  return conversation;
}

function summaryOf(
  c: repo.ConversationWithNamesRow,
  viewerId: number,
  members: readonly repo.MemberRow[],
  unread: number,
  last: repo.MessageRow | undefined,
  notes: ReadonlyMap<number, string> | null,
): ConversationSummary {
  const others = members.filter((m) => m.user_id !== viewerId);
  // In a class conversation parents see only the class teacher; the class teacher sees the parents in the full view.
  const visible = c.kind === 'class' ? (c.created_by_user_id === viewerId ? (notes ? others : []) : others.filter((m) => m.user_id === c.created_by_user_id)) : others;
  return {
    id: c.id,
    kind: c.kind,
    subject: c.subject,
    classId: c.class_id,
    className: className({ level: c.class_level, letter: c.class_letter }),
    studentId: c.student_id,
    studentName: c.student_name,
    createdByUserId: c.created_by_user_id,
    createdAt: c.created_at,
    lastMessageAt: c.last_message_at,
    unread,
    lastMessage: last ? { authorName: last.author_name, preview: preview(last.body), createdAt: last.created_at } : null,
    members: visible.map((m) => ({ userId: m.user_id, name: m.name, note: notes?.get(m.user_id) ?? null })),
    memberCount: members.length,
  };
}

export async function listConversations(db: Db, userId: number): Promise<{ conversations: ConversationSummary[]; unreadTotal: number }> {
  const conversations = await repo.conversationsOfUser(db, userId);
  const ids = conversations.map((c) => c.id);
  const [members, unread, last] = await Promise.all([repo.membersOf(db, ids), repo.unreadCounts(db, userId), repo.lastVisibleMessages(db, ids, userId)]);
  const membersOf = groupBy(members, (m) => m.conversation_id);
  const lastOf = new Map(last.map((m) => [m.conversation_id, m]));
  return {
    conversations: conversations.map((c) => summaryOf(c, userId, membersOf.get(c.id) ?? [], unread.get(c.id) ?? 0, lastOf.get(c.id), null)),
    unreadTotal: [...unread.values()].reduce((a, b) => a + b, 0),
  };
}

export async function unreadTotal(db: Db, userId: number): Promise<{ unread: number; conversations: number }> {
  const unread = await repo.unreadCounts(db, userId);
  return { unread: [...unread.values()].reduce((a, b) => a + b, 0), conversations: unread.size };
}

export async function getConversation(db: Db, caller: Caller, conversationId: number): Promise<ConversationView> {
  const conversation = await requireMember(db, caller, conversationId);
  return conversationView(db, conversation, caller.actor.userId);
}

async function conversationView(db: Db, c: repo.ConversationWithNamesRow, viewerId: number): Promise<ConversationView> {
  const [members, messages, unread] = await Promise.all([repo.membersOf(db, [c.id]), repo.visibleMessages(db, c.id, viewerId), repo.unreadCounts(db, viewerId, c.id)]);
  const files = groupBy(await repo.attachmentsOfMessages(db, messages.map((m) => m.id)), (f) => f.message_id);
  const isLead = c.kind === 'class' && c.created_by_user_id === viewerId;
  // The class teacher sees whose parent each member is.
  const notes = isLead && c.class_id !== null ? await parentNotes(db, c.class_id) : c.kind === 'direct' ? new Map<number, string>() : null;
  const lastRead = new Map(members.map((m) => [m.user_id, m.last_read_message_id]));
  const view: MessageView[] = messages.map((m) => {
    const isMine = m.author_user_id === viewerId;
    let receipt: MessageView['receipt'] = null;
    if (isMine) {
      const readers = m.private_to_user_id !== null ? [m.private_to_user_id] : members.map((x) => x.user_id).filter((id) => id !== viewerId);
      receipt = { read: readers.filter((id) => (lastRead.get(id) ?? 0) >= m.id).length, of: readers.length };
    }
    return {
      id: m.id,
      authorUserId: m.author_user_id,
      authorName: m.author_name,
      isMine,
      body: m.body,
      createdAt: m.created_at,
      privateToUserId: m.private_to_user_id,
      privateToName: m.private_to_name,
      attachments: (files.get(m.id) ?? []).map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size })),
      receipt,
    };
  });
  const creator = members.find((m) => m.user_id === c.created_by_user_id);
  const replyTo =
    c.kind === 'direct'
      ? members.filter((m) => m.user_id !== viewerId).map((m) => m.name).join(', ') || 'собеседнику'
      : isLead
        ? `всем родителям${c.class_id !== null ? ` ${className({ level: c.class_level, letter: c.class_letter })} класса` : ''} (или лично одному из них)`
        : `только классному руководителю${creator ? ` (${creator.name})` : ''}: другие родители ваш ответ не увидят`;
  return {
    conversation: summaryOf(c, viewerId, members, unread.get(c.id) ?? 0, messages.at(-1), notes),
    messages: view,
    replyTo,
    canReplyPrivately: isLead,
  };
}

async function parentNotes(db: Db, classId: number): Promise<Map<number, string>> {
  const rows = await repo.guardiansOfClasses(db, [classId], localDate());
  const notes = new Map<number, string>();
  for (const r of rows) {
    const text = `${r.relation ?? 'родитель'}: ${r.student_name}`;
    notes.set(r.user_id, notes.has(r.user_id) ? `${notes.get(r.user_id)}; ${text}` : text);
  }
  return notes;
}

export async function markRead(deps: MessagingDeps, caller: Caller, conversationId: number): Promise<{ lastReadMessageId: number; unreadTotal: number }> {
  const { db } = deps;
  const userId = caller.actor.userId;
  await requireMember(db, caller, conversationId);
  const last = await repo.lastVisibleMessageId(db, conversationId, userId);
  await repo.advanceLastRead(db, conversationId, userId, last);
  await repo.markConversationNotificationsRead(db, userId, linkOf(conversationId), new Date().toISOString());
  deps.notifier.userEvents.publish(userId, 'notification');
  const membership = await repo.findMembership(db, conversationId, userId);
  return { lastReadMessageId: membership?.last_read_message_id ?? last, unreadTotal: (await unreadTotal(db, userId)).unread };
}

export async function messageAttachment(deps: MessagingDeps, caller: Caller, conversationId: number, attachmentId: number): Promise<{ file: Buffer; fileName: string }> {
  const { db } = deps;
  const conversation = await requireMember(db, caller, conversationId);
  const found = await repo.findMessageAttachment(db, conversationId, attachmentId);
  const userId = caller.actor.userId;
  const sees =
    found &&
    (conversation.created_by_user_id === userId || found.private_to_user_id === null || found.private_to_user_id === userId || found.author_user_id === userId);
  if (!found || !sees) return deniedAccess(db, caller, 'файл чужого сообщения');
  return { file: deps.store.read(found.sha256), fileName: found.file_name };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Checks every file before anything is stored: one refused file refuses the message, and nothing is written. */
function checkFiles(attachments: readonly NewAttachment[] | undefined): CheckedFile[] {
  return (attachments ?? []).map((a) => checkUpload(a.fileName, a.contentBase64));
}

interface NewMessage {
  conversation: repo.ConversationRow;
  authorUserId: number;
  authorName: string;
  privateTo: number | null;
  body: string;
  files: readonly CheckedFile[];
  /** Members told about it. */
  notify: readonly number[];
  at: string;
}

async function addMessage(trx: Db, deps: MessagingDeps, m: NewMessage): Promise<number> {
  const id = await repo.insertMessage(trx, {
    conversation_id: m.conversation.id,
    author_user_id: m.authorUserId,
    private_to_user_id: m.privateTo,
    body: m.body,
    created_at: m.at,
  });
  await repo.insertMessageAttachments(
    trx,
    m.files.map((f) => ({ message_id: id, file_name: f.fileName, content_type: f.contentType, size: f.bytes.length, sha256: f.sha256 })),
  );
  await repo.touchConversation(trx, m.conversation.id, m.at);
  // One's own message is read by oneself.
  await repo.advanceLastRead(trx, m.conversation.id, m.authorUserId, id);
  await deps.notifier.notify(
    trx,
    m.notify
      .filter((userId) => userId !== m.authorUserId)
      .map((userId) => ({
        userId,
        kind: 'message',
        title: `Сообщение от ${m.authorName}`,
        body: `${m.conversation.subject}: ${preview(m.body)}`,
        link: linkOf(m.conversation.id),
        studentId: m.conversation.student_id,
        dedupKey: `message:${id}`,
      })),
  );
  return id;
}

function storeFiles(deps: MessagingDeps, files: readonly CheckedFile[]): void {
  // The bytes go to disk first: a row never points at a file that is not there; an orphan file is harmless.
  for (const f of files) deps.store.save(f);
}

async function nameOf(db: Db, userId: number): Promise<string> {
  return (await repo.peopleByIds(db, [userId]))[0]?.name ?? '';
}

export async function startConversation(
  deps: MessagingDeps,
  caller: Caller,
  body: { recipientUserId: number; subject: string; body: string; studentId?: number | null; attachments?: NewAttachment[] },
): Promise<ConversationView> {
  const { db } = deps;
  const me = caller.actor.userId;
  const recipient = (await loadCorrespondents(db, [body.recipientUserId])).get(body.recipientUserId);
  if (!recipient) throw invalid('recipientUserId', 'Получатель', 'такого пользователя нет');
  const decision = mayWrite(await senderOf(db, caller.actor), recipient, body.studentId ?? null);
  if (!decision.allowed) throw forbidden(decision.reason);
  const files = checkFiles(body.attachments);
  storeFiles(deps, files);
  const at = new Date().toISOString();
  const id = await db.transaction(async (trx) => {
    const conversation: Omit<repo.ConversationRow, 'id'> = {
      kind: 'direct',
      subject: body.subject,
      class_id: null,
      student_id: body.studentId ?? null,
      created_by_user_id: me,
      created_at: at,
      last_message_at: at,
    };
    const conversationId = await repo.insertConversation(trx, conversation);
    await repo.insertMembers(trx, conversationId, [me, recipient.userId]);
    await addMessage(trx, deps, {
      conversation: { id: conversationId, ...conversation },
      authorUserId: me,
      authorName: await nameOf(trx, me),
      privateTo: null,
      body: body.body,
      files,
      notify: [recipient.userId],
      at,
    });
    return conversationId;
  });
  return conversationView(db, (await repo.findConversation(db, id))!, me);
}

/** A class teacher's letter to the parents of the class (the route checked `class.lead` on the class). */
export async function startClassConversation(
  deps: MessagingDeps,
  caller: Caller,
  classId: number,
  body: { subject: string; body: string; attachments?: NewAttachment[] },
): Promise<ConversationView> {
  const { db } = deps;
  const me = caller.actor.userId;
  const parents = [...new Set((await repo.guardiansOfClasses(db, [classId], localDate())).map((g) => g.user_id))].filter((id) => id !== me);
  if (parents.length === 0) throw new AppError(409, 'conflict', 'У обучающихся класса нет родителей с учётными записями: сообщение некому отправить');
  const files = checkFiles(body.attachments);
  storeFiles(deps, files);
  const at = new Date().toISOString();
  const id = await db.transaction(async (trx) => {
    const conversation: Omit<repo.ConversationRow, 'id'> = {
      kind: 'class',
      subject: body.subject,
      class_id: classId,
      student_id: null,
      created_by_user_id: me,
      created_at: at,
      last_message_at: at,
    };
    const conversationId = await repo.insertConversation(trx, conversation);
    await repo.insertMembers(trx, conversationId, [me, ...parents]);
    await addMessage(trx, deps, { conversation: { id: conversationId, ...conversation }, authorUserId: me, authorName: await nameOf(trx, me), privateTo: null, body: body.body, files, notify: parents, at });
    return conversationId;
  });
  return conversationView(db, (await repo.findConversation(db, id))!, me);
}

export async function postMessage(
  deps: MessagingDeps,
  caller: Caller,
  conversationId: number,
  body: { body: string; attachments?: NewAttachment[]; privateToUserId?: number | null },
): Promise<ConversationView> {
  const { db } = deps;
  const me = caller.actor.userId;
  const conversation = await requireMember(db, caller, conversationId);
  const members = (await repo.membersOf(db, [conversationId])).map((m) => m.user_id);
  const askedPrivate = body.privateToUserId ?? null;
  let privateTo: number | null = null;
  if (conversation.kind === 'class') {
    if (conversation.created_by_user_id === me) {
      if (askedPrivate !== null && (askedPrivate === me || !members.includes(askedPrivate))) {
        throw invalid('privateToUserId', 'Кому лично', 'этот человек не участвует в переписке');
      }
      privateTo = askedPrivate;
    } else {
      // A parent's reply goes to the class teacher only.
      if (askedPrivate !== null && askedPrivate !== conversation.created_by_user_id) {
        throw invalid('privateToUserId', 'Кому лично', 'ответ в сообщении классу получает только классный руководитель');
      }
      privateTo = conversation.created_by_user_id;
    }
  } else if (askedPrivate !== null) {
    throw invalid('privateToUserId', 'Кому лично', 'в личной переписке сообщение и так видит только собеседник');
  }
  const files = checkFiles(body.attachments);
  storeFiles(deps, files);
  const at = new Date().toISOString();
  await db.transaction(async (trx) => {
    await addMessage(trx, deps, {
      conversation,
      authorUserId: me,
      authorName: await nameOf(trx, me),
      privateTo,
      body: body.body,
      files,
      notify: privateTo !== null ? [privateTo] : members,
      at,
    });
  });
  return conversationView(db, (await repo.findConversation(db, conversationId))!, me);
}

// ---------------------------------------------------------------------------------------------------------------
// Whom I may write to

interface Candidate {
  group: string;
  label: string;
  userId: number;
  note: string | null;
  studentId: number | null;
}

export async function recipientsOf(db: Db, actor: Actor): Promise<Recipients> {
  const { date, year } = today();
  const sender = await senderOf(db, actor);
  const candidates: Candidate[] = [];
  const isLeadership = actor.roles.some((r) => r === 'admin' || r === 'director' || r === 'deputy');
  const isStaff = actor.roles.some((r) => STAFF_ROLES.includes(r));

  // Parents: per child, the child's teachers and class teacher; then the administration.
  if (actor.roles.includes('parent') && sender.children.length > 0) {
    const names = new Map((await repo.studentNamesByIds(db, sender.children.map((c) => c.studentId))).map((s) => [s.id, s.name]));
    for (const child of sender.children) candidates.push(...(await teachersOfPupil(db, child, `child-${child.studentId}`, `Учителя: ${names.get(child.studentId) ?? ''}`)));
  }
  if (actor.roles.includes('student') && sender.ownPlace) candidates.push(...(await teachersOfPupil(db, sender.ownPlace, 'own', 'Мои учителя', false)));
  if (actor.roles.includes('parent') || isStaff) {
    const roles: readonly Role[] = isStaff ? STAFF_ROLES : ADMINISTRATION_ROLES;
    const people = await repo.usersWithRoles(db, roles);
    const rolesOf = groupBy(people, (p) => p.id);
    for (const [userId, rows] of rolesOf) {
      const held = new Set(rows.map((r) => r.role));
      const note = [...held].map((r) => ROLE_LABELS[r]).join(', ');
      candidates.push({ group: isStaff ? 'staff' : 'administration', label: isStaff ? 'Сотрудники школы' : 'Администрация школы', userId, note, studentId: null });
    }
  }
  // Staff: parents and pupils of the classes one teaches or leads (the leadership: of every class).
  if (isStaff) {
    const classIds = isLeadership ? (await repo.classesOfYear(db, year)).map((c) => c.id) : [...new Set([...sender.teaches.map((t) => t.classId), ...sender.classTeacherOf])];
    const classes = new Map((await repo.classNamesByIds(db, classIds)).map((c) => [c.id, c]));
    const ordered = [...classes.values()].sort((a, b) => a.level - b.level || a.letter.localeCompare(b.letter, 'ru'));
    const [guardians, pupils] = await Promise.all([repo.guardiansOfClasses(db, classIds, date), repo.pupilAccountsOfClasses(db, classIds, date)]);
    const pupilNames = new Map((await repo.studentNamesByIds(db, pupils.map((p) => p.student_id))).map((s) => [s.id, s.name]));
    for (const cls of ordered) {
      const name = `${cls.level}${cls.letter}`;
      for (const g of guardians.filter((x) => x.class_id === cls.id)) {
        candidates.push({ group: `parents-${cls.id}`, label: `Родители ${name} класса`, userId: g.user_id, note: `${g.relation ?? 'родитель'}: ${g.student_name}`, studentId: g.student_id });
      }
      for (const p of pupils.filter((x) => x.class_id === cls.id)) {
        candidates.push({ group: `pupils-${cls.id}`, label: `Обучающиеся ${name} класса`, userId: p.user_id, note: pupilNames.get(p.student_id) ?? null, studentId: null });
      }
    }
  }

  // Every candidate passes the same rule as a new conversation does.
  const facts = await loadCorrespondents(db, candidates.map((c) => c.userId));
  const names = new Map((await repo.peopleByIds(db, candidates.map((c) => c.userId))).map((p) => [p.id, p.name]));
  const groups = new Map<string, Recipients['groups'][number]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    const recipient = facts.get(c.userId);
    if (!recipient || !mayWrite(sender, recipient, c.studentId).allowed) continue;
    const key = `${c.group}:${c.userId}:${c.studentId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let group = groups.get(c.group);
    if (!group) {
      group = { key: c.group, label: c.label, recipients: [] };
      groups.set(c.group, group);
    }
    group.recipients.push({ userId: c.userId, name: names.get(c.userId) ?? '', note: c.note, studentId: c.studentId });
  }

  const led = actor.roles.includes('class_teacher') ? actor.classTeacherOf : [];
  const ledClasses = [];
  for (const cls of await repo.classNamesByIds(db, led)) {
    const parentCount = new Set((await repo.guardiansOfClasses(db, [cls.id], date)).map((g) => g.user_id)).size;
    ledClasses.push({ id: cls.id, name: `${cls.level}${cls.letter}`, parentCount });
  }
  return { groups: [...groups.values()], ledClasses };
}

/** A pupil's teachers (subjects they teach them, the pupil's groups only) and class teacher. */
async function teachersOfPupil(db: Db, place: PupilPlace, group: string, label: string, aboutChild = true): Promise<Candidate[]> {
  const rows = await repo.teachersOfClasses(db, [place.classId]);
  const subjects = new Map<number, Set<string>>();
  for (const r of rows) {
    if (!teachesPupil({ roles: ['teacher'], teaches: [{ classId: r.class_id, subjectId: 0, groupId: r.group_id }] }, place)) continue;
    const set = subjects.get(r.user_id) ?? new Set<string>();
    set.add(r.group_name ? `${r.subject_name} (${r.group_name})` : r.subject_name);
    subjects.set(r.user_id, set);
  }
  const cls = (await repo.classNamesByIds(db, [place.classId]))[0];
  const studentId = aboutChild ? place.studentId : null;
  const out: Candidate[] = [];
  if (cls?.class_teacher_user_id && leadsPupil({ roles: ['class_teacher'], classTeacherOf: [cls.id] }, place)) {
    out.push({ group, label, userId: cls.class_teacher_user_id, note: 'классный руководитель', studentId });
  }
  for (const [userId, names] of subjects) {
    if (userId === cls?.class_teacher_user_id) {
      out[0] = { ...out[0]!, note: `классный руководитель; ${[...names].join(', ')}` };
      continue;
    }
    out.push({ group, label, userId, note: [...names].join(', '), studentId });
  }
  return out;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
