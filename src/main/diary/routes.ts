// HTTP routes of the diary: every one names the pupil in its path, and the registry checks `student.read`
// against that pupil (their parent, the pupil, their teachers, the leadership) before anything else.

import path from 'node:path';
import { api } from '../../shared/api/contract';
import { localDate } from '../common/dates';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { recordAudit } from '../audit/audit-service';
import { AttachmentStore } from '../journal/attachment-files';
import { diaryPolicy, saveDiaryPolicy } from '../settings/school-settings';
import { enrolmentsOfClass, studentNames } from '../db/repositories/journal-repo';
import { classResource, studentResource } from '../school/school-service';
import { cancelNotice, createNotice, decideNotice, noticesOf } from './absence-notices';
import { acknowledgeDiary, classAcknowledgements, remindOverdue } from './acknowledgements';
import { diaryWeek, studentAttachment, studentMarks } from './diary-service';
import { feedOf, readFeed } from './feed';
import type { Notifier } from './notifications';

export interface DiaryRouteOptions {
  dataDir: string;
  notifier: Notifier;
  /** The same clock as the journal's (today is highlighted; the default week and period). */
  clock: () => Date;
}

export function diaryRoutes(db: Db, options: DiaryRouteOptions) {
  const store = new AttachmentStore(path.join(options.dataDir, 'attachments'));
  const { notifier, clock } = options;
  const today = () => localDate(clock());
  return {
    diaryWeek: route({
      endpoint: api.diaryWeek,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => {
        const today = localDate(options.clock());
        return diaryWeek(db, ctx.params.studentId, ctx.query.date ?? today, today, signedIn(ctx).user.id);
      },
    }),
    studentMarks: route({
      endpoint: api.studentMarks,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => studentMarks(db, ctx.params.studentId, ctx.query.periodId, localDate(options.clock())),
    }),
    studentAttachment: route({
      endpoint: api.studentAttachment,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => {
        const found = await studentAttachment(db, ctx.params.studentId, ctx.params.attachmentId);
        return { file: store.read(found.sha256), fileName: found.file_name };
      },
    }),
    acknowledgeDiary: route({
      endpoint: api.acknowledgeDiary,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => acknowledgeDiary(db, signedIn(ctx).user.id, ctx.params.studentId, clock()),
    }),
    studentNotices: route({
      endpoint: api.studentNotices,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => ({ notices: await withNames(await noticesOf(db, [ctx.params.studentId], ctx.query.from, ctx.query.to)) }),
    }),
    createNotice: route({
      endpoint: api.createNotice,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => ({ notice: await createNotice(db, notifier, signedIn(ctx).user.id, ctx.params.studentId, today(), ctx.body), reasonsSet: 0 }),
    }),
    cancelNotice: route({
      endpoint: api.cancelNotice,
      resource: async (ctx) => studentResource(db, ctx.params.studentId),
      handle: async (ctx) => ({ notice: await cancelNotice(db, signedIn(ctx).user.id, ctx.params.studentId, ctx.params.noticeId, ctx.body.version), reasonsSet: 0 }),
    }),
    classNotices: route({
      endpoint: api.classNotices,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => {
        const pupils = await enrolmentsOfClass(db, ctx.params.classId, ctx.query.from, ctx.query.to);
        return { notices: await withNames(await noticesOf(db, pupils.map((p) => p.id), ctx.query.from, ctx.query.to)) };
      },
    }),
    decideNotice: route({
      endpoint: api.decideNotice,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => decideNotice(db, signedIn(ctx).user.id, ctx.params.classId, ctx.params.noticeId, ctx.body, clock()),
    }),
    classAcknowledgements: route({
      endpoint: api.classAcknowledgements,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => classAcknowledgements(db, ctx.params.classId, today(), clock()),
    }),
    remindParents: route({
      endpoint: api.remindParents,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => remindOverdue(db, notifier, signedIn(ctx).user.id, ctx.params.classId, today(), clock(), ctx.body.guardianUserIds),
    }),
    myNotifications: route({
      endpoint: api.myNotifications,
      handle: async (ctx) => feedOf(db, signedIn(ctx).user.id),
    }),
    readNotifications: route({
      endpoint: api.readNotifications,
      handle: async (ctx) => readFeed(db, signedIn(ctx).user.id, ctx.body.ids, clock()),
    }),
    getDiarySettings: route({
      endpoint: api.getDiarySettings,
      handle: async () => diaryPolicy(db),
    }),
    updateDiarySettings: route({
      endpoint: api.updateDiarySettings,
      handle: async (ctx) => {
        const before = await diaryPolicy(db);
        await db.transaction(async (trx) => {
          await saveDiaryPolicy(trx, ctx.body);
          await recordAudit(trx, { actorUserId: signedIn(ctx).user.id, action: 'settings.diary', entity: 'setting', entityId: 'diary.policy', oldValue: before, newValue: ctx.body });
        });
        return diaryPolicy(db);
      },
    }),
    myEvents: route({
      endpoint: api.myEvents,
      handle: async (ctx) => {
        const userId = signedIn(ctx).user.id;
        return { subscribe: (send: (event: unknown) => void) => notifier.userEvents.subscribe(userId, send) };
      },
    }),
  };

  async function withNames<T extends { studentId: number }>(notices: readonly T[]): Promise<Array<T & { studentName: string }>> {
    const names = await studentNames(db, notices.map((n) => n.studentId));
    return notices.map((n) => ({ ...n, studentName: names.get(n.studentId) ?? '' }));
  }
}
