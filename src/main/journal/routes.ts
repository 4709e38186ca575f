// HTTP routes of the class journal. Each page route names its journal by path (class, subject, group), which
// the registry checks against the actor (journal.read / journal.edit) before the body is even parsed.

import path from 'node:path';
import { api } from '../../shared/api/contract';
import { notFound } from '../common/app-error';
import { academicYearOf, localDate } from '../common/dates';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { findAttachment, type JournalKey } from '../db/repositories/journal-repo';
import { loadActorScope } from '../db/repositories/structure-repo';
import { classResource } from '../school/school-service';
import { classAbsences, setAbsenceReason } from './absences';
import { addAssessment, classAssessments, removeAssessment } from './assessments';
import { AttachmentStore } from './attachment-files';
import { attachFile, attachmentContent, removeAttachment } from './attachments';
import { classOverview } from './class-overview';
import { addControlNote, controlNotes, controlReport, journalControl, readControlNote } from './control';
import { assertJournalExists, journalKeyOf, journalResource, loadJournalContext } from './journal-context';
import { addColumn, changeColumn, removeColumn, saveCells, saveLesson } from './journal-edits';
import type { Notifier } from '../diary/notifications';
import type { JournalEventHub } from './journal-events';
import { journalList, journalPage } from './journal-page';
import { savePeriodMark } from './period-marks';
import { planAndFact } from './plan-topics';
import { setPeriodClosed, unlockJournal } from './unlocks';

export interface JournalRouteOptions {
  dataDir: string;
  hub: JournalEventHub;
  /** The clock of journal rules (no future marks, editing window); tests fix it to a school day. */
  clock: () => Date;
  notifier: Notifier;
}

export function journalRoutes(db: Db, options: JournalRouteOptions) {
  const { hub, clock } = options;
  const store = new AttachmentStore(path.join(options.dataDir, 'attachments'));
  const journalOf = async (params: { classId: number; subjectId: number; groupKey: number }) => {
    const key = journalKeyOf(params);
    await assertJournalExists(db, key);
    return journalResource(key);
  };
  const context = async (key: JournalKey) => {
    const now = clock();
    return loadJournalContext(db, key, now, localDate(now));
  };

  return {
    journalList: route({
      endpoint: api.journalList,
      handle: async (ctx) => {
        // A role-level route gets an actor without classes and subjects; the list is decided per page, so load them.
        const { actor } = signedIn(ctx);
        const today = localDate(clock());
        const scoped = { ...actor, ...(await loadActorScope(db, actor.userId, academicYearOf(today))) };
        return journalList(db, scoped, today, ctx.query.classId);
      },
    }),
    journalPage: route({
      endpoint: api.journalPage,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const now = clock();
        return journalPage(db, { key: journalKeyOf(ctx.params), periodId: ctx.query.periodId, actor: signedIn(ctx).actor, now, today: localDate(now), hub });
      },
    }),
    journalEvents: route({
      endpoint: api.journalEvents,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        return { subscribe: (send: (event: unknown) => void) => hub.subscribe(key, send) };
      },
    }),
    saveCells: route({
      endpoint: api.saveCells,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const result = await saveCells(db, { ctx: await context(key), actorUserId: user.id, notifier: options.notifier }, ctx.body.edits);
        return { ...result, revision: hub.publish(key, user.id, 'cells') };
      },
    }),
    saveLesson: route({
      endpoint: api.saveLesson,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await saveLesson(db, { ctx: await context(key), actorUserId: user.id, notifier: options.notifier }, ctx.body);
        return { lesson, revision: hub.publish(key, user.id, 'lesson') };
      },
    }),
    addMarkColumn: route({
      endpoint: api.addMarkColumn,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await addColumn(db, { ctx: await context(key), actorUserId: user.id }, ctx.body);
        return { lesson, revision: hub.publish(key, user.id, 'columns') };
      },
    }),
    changeMarkColumn: route({
      endpoint: api.changeMarkColumn,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await changeColumn(db, { ctx: await context(key), actorUserId: user.id }, ctx.params.columnId, ctx.body);
        return { lesson, revision: hub.publish(key, user.id, 'columns') };
      },
    }),
    removeMarkColumn: route({
      endpoint: api.removeMarkColumn,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await removeColumn(db, { ctx: await context(key), actorUserId: user.id }, ctx.params.columnId);
        return { lesson, revision: hub.publish(key, user.id, 'columns') };
      },
    }),
    savePeriodMark: route({
      endpoint: api.savePeriodMark,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const periodMark = await savePeriodMark(db, await context(key), user.id, ctx.body);
        return { periodMark, revision: hub.publish(key, user.id, 'period-mark') };
      },
    }),
    attachFile: route({
      endpoint: api.attachFile,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await attachFile(db, store, { ctx: await context(key), actorUserId: user.id }, ctx.body);
        return { lesson, revision: hub.publish(key, user.id, 'attachments') };
      },
    }),
    removeAttachment: route({
      endpoint: api.removeAttachment,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        const { user } = signedIn(ctx);
        const lesson = await removeAttachment(db, { ctx: await context(key), actorUserId: user.id }, ctx.params.attachmentId);
        return { lesson, revision: hub.publish(key, user.id, 'attachments') };
      },
    }),
    attachmentFile: route({
      endpoint: api.attachmentFile,
      resource: async (ctx) => {
        const found = await findAttachment(db, ctx.params.attachmentId);
        if (!found) throw notFound('Файл');
        return journalResource({ classId: found.class_id, subjectId: found.subject_id, groupKey: found.group_key });
      },
      handle: async (ctx) => attachmentContent(db, store, ctx.params.attachmentId),
    }),
    unlockJournal: route({
      endpoint: api.unlockJournal,
      handle: async (ctx) => {
        const key = journalKeyOf(ctx.params);
        await assertJournalExists(db, key);
        const { user } = signedIn(ctx);
        const unlock = await unlockJournal(db, key, user.id, clock(), ctx.body);
        hub.publish(key, user.id, 'unlock');
        return { unlock };
      },
    }),
    journalPlan: route({
      endpoint: api.journalPlan,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => planAndFact(db, await context(journalKeyOf(ctx.params))),
    }),
    journalControl: route({
      endpoint: api.journalControl,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => journalControl(db, await context(journalKeyOf(ctx.params)), ctx.query.from, ctx.query.to),
    }),
    journalAssessments: route({
      endpoint: api.journalAssessments,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => addAssessment(db, await context(journalKeyOf(ctx.params)), signedIn(ctx).user.id, ctx.body),
    }),
    removeAssessment: route({
      endpoint: api.removeAssessment,
      resource: async (ctx) => journalOf(ctx.params),
      handle: async (ctx) => {
        await removeAssessment(db, await context(journalKeyOf(ctx.params)), signedIn(ctx).user.id, ctx.params.assessmentId);
        return { ok: true as const };
      },
    }),
    classAssessments: route({
      endpoint: api.classAssessments,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => ({ assessments: await classAssessments(db, ctx.params.classId, ctx.query.from, ctx.query.to) }),
    }),
    classAbsences: route({
      endpoint: api.classAbsences,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => ({ absences: await classAbsences(db, ctx.params.classId, ctx.query.from, ctx.query.to) }),
    }),
    setAbsenceReason: route({
      endpoint: api.setAbsenceReason,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => {
        const { user } = signedIn(ctx);
        const { absence, journal } = await setAbsenceReason(db, ctx.params.classId, user.id, clock(), ctx.body);
        hub.publish(journal, user.id, 'cells');
        return { absence };
      },
    }),
    classAverages: route({
      endpoint: api.classAverages,
      resource: async (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => classOverview(db, ctx.params.classId, ctx.query.periodId, localDate(clock())),
    }),
    controlReport: route({
      endpoint: api.controlReport,
      handle: async (ctx) => controlReport(db, localDate(clock()), ctx.query),
    }),
    controlNotes: route({
      endpoint: api.controlNotes,
      handle: async (ctx) => controlNotes(db, ctx.query.teacherUserId),
    }),
    addControlNote: route({
      endpoint: api.addControlNote,
      handle: async (ctx) => addControlNote(db, signedIn(ctx).user.id, clock(), ctx.body),
    }),
    myControlNotes: route({
      endpoint: api.myControlNotes,
      handle: async (ctx) => controlNotes(db, signedIn(ctx).user.id),
    }),
    readControlNote: route({
      endpoint: api.readControlNote,
      handle: async (ctx) => {
        await readControlNote(db, signedIn(ctx).user.id, ctx.params.noteId, clock());
        return { ok: true as const };
      },
    }),
    closePeriod: route({
      endpoint: api.closePeriod,
      handle: async (ctx) => setPeriodClosed(db, ctx.params.periodId, signedIn(ctx).user.id, true),
    }),
    reopenPeriod: route({
      endpoint: api.reopenPeriod,
      handle: async (ctx) => setPeriodClosed(db, ctx.params.periodId, signedIn(ctx).user.id, false),
    }),
  };
}
