// HTTP side of the school structure (clause 3.2): directories, calendar, classes and pupils,
// groups, curriculum, teacher load, timetable. Routes only translate HTTP to service calls.

import { api } from '../../shared/api/contract';
import { allYears, calendarOf, createYear, saveCalendar } from '../calendar/calendar-service';
import { performRollover, previewRollover } from '../calendar/rollover-service';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { changeSubject, changeWorkType, createSubject, createWorkType, directories, saveMarkSettings } from '../directories/directories-service';
import { admitStudent, changeClass, classOverview, confirmClassList, createClass, createGroup, dischargeStudent, moveStudent, setGroupMembers } from '../people/people-service';
import { curriculumWithVersion, saveCurriculum, saveTeacherLoad, teacherLoad } from '../timetable/curriculum-service';
import { addTimetableChange, lessonsOfClass, removeTimetableChange, saveTimetable, timetable } from '../timetable/timetable-service';
import { exportStudents, importFile, importTemplate } from '../imports/import-service';
import { exportCurriculum, exportStaff, exportTimetable } from '../imports/exports';
import { addGuardian, recordConsent, studentCardDetails, updateGuardianContacts, withdrawConsent } from '../people/student-card-service';
import { classResource, studentCurrentResource, studentResource } from './school-service';

const ok = { ok: true as const };

export function structureRoutes(db: Db) {
  const actorId = (ctx: Parameters<typeof signedIn>[0]) => signedIn(ctx).user.id;
  return {
    directories: route({ endpoint: api.directories, handle: () => directories(db) }),
    createSubject: route({ endpoint: api.createSubject, handle: async (ctx) => ({ id: await createSubject(db, actorId(ctx), ctx.body) }) }),
    updateSubject: route({
      endpoint: api.updateSubject,
      handle: async (ctx) => {
        await changeSubject(db, actorId(ctx), ctx.params.subjectId, ctx.body);
        return ok;
      },
    }),
    createWorkType: route({ endpoint: api.createWorkType, handle: async (ctx) => ({ id: await createWorkType(db, actorId(ctx), ctx.body) }) }),
    updateWorkType: route({
      endpoint: api.updateWorkType,
      handle: async (ctx) => {
        await changeWorkType(db, actorId(ctx), ctx.params.workTypeId, ctx.body);
        return ok;
      },
    }),
    updateMarkSettings: route({ endpoint: api.updateMarkSettings, handle: (ctx) => saveMarkSettings(db, actorId(ctx), ctx.body) }),
    listYears: route({ endpoint: api.listYears, handle: async () => ({ years: await allYears(db) }) }),
    createYear: route({ endpoint: api.createYear, handle: async (ctx) => ({ id: (await createYear(db, actorId(ctx), ctx.body.startYear)).id }) }),
    getCalendar: route({ endpoint: api.getCalendar, handle: (ctx) => calendarOf(db, ctx.params.yearId) }),
    saveCalendar: route({
      endpoint: api.saveCalendar,
      handle: (ctx) => saveCalendar(db, actorId(ctx), ctx.params.yearId, ctx.body.version, ctx.body.calendar, ctx.body.bells),
    }),
    createClass: route({ endpoint: api.createClass, handle: async (ctx) => ({ id: await createClass(db, actorId(ctx), ctx.body) }) }),
    updateClass: route({
      endpoint: api.updateClass,
      handle: async (ctx) => {
        await changeClass(db, actorId(ctx), ctx.params.classId, ctx.body);
        return ok;
      },
    }),
    classOverview: route({
      endpoint: api.classOverview,
      resource: (ctx) => classResource(db, ctx.params.classId),
      handle: (ctx) => classOverview(db, ctx.params.classId),
    }),
    admitStudent: route({
      endpoint: api.admitStudent,
      handle: async (ctx) => {
        const { fromDate, ...student } = ctx.body;
        return { id: await admitStudent(db, actorId(ctx), ctx.params.classId, student, fromDate) };
      },
    }),
    moveStudent: route({
      endpoint: api.moveStudent,
      handle: async (ctx) => {
        await moveStudent(db, actorId(ctx), ctx.params.studentId, ctx.body.toClassId, ctx.body.date);
        return ok;
      },
    }),
    dischargeStudent: route({
      endpoint: api.dischargeStudent,
      handle: async (ctx) => {
        await dischargeStudent(db, actorId(ctx), ctx.params.studentId, ctx.body.date, ctx.body.reason);
        return ok;
      },
    }),
    confirmClassList: route({
      endpoint: api.confirmClassList,
      resource: (ctx) => classResource(db, ctx.params.classId),
      handle: (ctx) => confirmClassList(db, actorId(ctx), ctx.params.classId, ctx.body.studentCount, ctx.body.comment),
    }),
    createGroup: route({ endpoint: api.createGroup, handle: async (ctx) => ({ id: await createGroup(db, actorId(ctx), ctx.params.classId, ctx.body) }) }),
    setGroupMembers: route({
      endpoint: api.setGroupMembers,
      handle: async (ctx) => {
        await setGroupMembers(db, actorId(ctx), ctx.params.groupId, ctx.body.studentIds, ctx.body.fromDate);
        return ok;
      },
    }),
    getCurriculum: route({ endpoint: api.getCurriculum, handle: (ctx) => curriculumWithVersion(db, ctx.params.yearId) }),
    saveCurriculum: route({
      endpoint: api.saveCurriculum,
      handle: async (ctx) => {
        await saveCurriculum(db, actorId(ctx), ctx.params.yearId, ctx.body.items, ctx.body.version);
        return curriculumWithVersion(db, ctx.params.yearId);
      },
    }),
    getLoad: route({ endpoint: api.getLoad, handle: (ctx) => teacherLoad(db, ctx.params.yearId) }),
    saveLoad: route({ endpoint: api.saveLoad, handle: (ctx) => saveTeacherLoad(db, actorId(ctx), ctx.params.yearId, ctx.body.items, ctx.body.version) }),
    getTimetable: route({ endpoint: api.getTimetable, handle: (ctx) => timetable(db, ctx.params.yearId) }),
    saveTimetable: route({ endpoint: api.saveTimetable, handle: (ctx) => saveTimetable(db, actorId(ctx), ctx.params.yearId, ctx.body.version, ctx.body.slots) }),
    addTimetableChange: route({ endpoint: api.addTimetableChange, handle: async (ctx) => ({ id: await addTimetableChange(db, actorId(ctx), ctx.body) }) }),
    removeTimetableChange: route({
      endpoint: api.removeTimetableChange,
      handle: async (ctx) => {
        await removeTimetableChange(db, actorId(ctx), ctx.params.changeId);
        return ok;
      },
    }),
    importFile: route({
      endpoint: api.importFile,
      handle: (ctx) => importFile(db, actorId(ctx), ctx.params.kind, { name: ctx.body.fileName, bytes: Buffer.from(ctx.body.contentBase64, 'base64') }, ctx.body.commit),
    }),
    importTemplate: route({
      endpoint: api.importTemplate,
      handle: async (ctx) => ({ file: await importTemplate(ctx.params.kind), fileName: `шаблон-${ctx.params.kind}.xlsx` }),
    }),
    exportStudents: route({
      endpoint: api.exportStudents,
      handle: async () => ({ file: await exportStudents(db), fileName: 'списки-классов.xlsx' }),
    }),
    exportStaff: route({
      endpoint: api.exportStaff,
      handle: async () => ({ file: await exportStaff(db), fileName: 'сотрудники.xlsx' }),
    }),
    exportCurriculum: route({
      endpoint: api.exportCurriculum,
      handle: async () => ({ file: await exportCurriculum(db), fileName: 'учебный-план.xlsx' }),
    }),
    exportTimetable: route({
      endpoint: api.exportTimetable,
      handle: async () => ({ file: await exportTimetable(db), fileName: 'расписание.xlsx' }),
    }),
    previewRollover: route({
      endpoint: api.previewRollover,
      handle: (ctx) => previewRollover(db, ctx.params.yearId, ctx.query.promoteNinthGrade === 'true'),
    }),
    performRollover: route({
      endpoint: api.performRollover,
      handle: (ctx) => performRollover(db, actorId(ctx), ctx.params.yearId, ctx.body.promoteNinthGrade),
    }),
    studentCardDetails: route({
      endpoint: api.studentCardDetails,
      resource: (ctx) => studentResource(db, ctx.params.studentId),
      handle: (ctx) => studentCardDetails(db, ctx.params.studentId),
    }),
    addGuardian: route({
      endpoint: api.addGuardian,
      resource: (ctx) => studentCurrentResource(db, ctx.params.studentId),
      handle: async (ctx) => ({ id: await addGuardian(db, actorId(ctx), ctx.params.studentId, ctx.body) }),
    }),
    updateGuardianContacts: route({
      endpoint: api.updateGuardianContacts,
      resource: (ctx) => studentCurrentResource(db, ctx.params.studentId),
      handle: async (ctx) => {
        await updateGuardianContacts(db, actorId(ctx), ctx.params.studentId, ctx.params.guardianUserId, ctx.body.phone, ctx.body.email);
        return ok;
      },
    }),
    recordConsent: route({
      endpoint: api.recordConsent,
      resource: (ctx) => studentCurrentResource(db, ctx.params.studentId),
      handle: async (ctx) => ({ id: await recordConsent(db, actorId(ctx), ctx.params.studentId, ctx.body) }),
    }),
    revokeConsent: route({
      endpoint: api.revokeConsent,
      resource: (ctx) => studentCurrentResource(db, ctx.params.studentId),
      handle: async (ctx) => {
        await withdrawConsent(db, actorId(ctx), ctx.params.studentId, ctx.params.consentId, ctx.body.revokedOn);
        return ok;
      },
    }),
    classLessons: route({
      endpoint: api.classLessons,
      resource: (ctx) => classResource(db, ctx.params.classId),
      handle: async (ctx) => ({ lessons: await lessonsOfClass(db, ctx.params.classId, ctx.query.from, ctx.query.to) }),
    }),
  };
}
