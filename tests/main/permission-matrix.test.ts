// Calls every route of the API contract as every role (and anonymously) and checks allow or
// deny against DOMAIN.md's role table, written out here by hand. A new route without a row
// in this table fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type EndpointName } from '../../src/shared/api/contract';
import type { Role } from '../../src/shared/domain/roles';
import { startDemoServer } from './helpers/demo-server';
import { Client, logIn, type TestServer } from './helpers/test-server';
import type { DemoResult } from '../../src/main/demo/demo-school';

type Who = Role | 'anonymous';
const WHO: Who[] = ['anonymous', 'admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'];
const LEADERSHIP: Role[] = ['admin', 'director', 'deputy'];
const STAFF: Role[] = [...LEADERSHIP, 'teacher', 'class_teacher'];
const EVERYONE: Role[] = ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'];

/** Who may call each route on a resource that is not theirs. */
const ALLOWED: Record<EndpointName, 'public' | Role[]> = {
  health: 'public',
  setupStatus: 'public',
  setup: 'public',
  login: 'public',
  logout: EVERYONE,
  me: EVERYONE,
  changePassword: EVERYONE,
  myClasses: EVERYONE,
  myChildren: EVERYONE,
  listUsers: ['admin'],
  createUser: ['admin'],
  getUser: ['admin'],
  updateUser: ['admin'],
  resetPassword: ['admin'],
  credentialsSheet: ['admin'],
  listAudit: LEADERSHIP,
  verifyAudit: LEADERSHIP,
  getNetworkSettings: ['admin'],
  updateNetworkSettings: ['admin'],
  listClasses: STAFF,
  classStudents: LEADERSHIP,
  studentCard: LEADERSHIP,
  directories: STAFF,
  createSubject: ['admin'],
  updateSubject: ['admin'],
  createWorkType: ['admin'],
  updateWorkType: ['admin'],
  updateMarkSettings: ['admin'],
  listYears: STAFF,
  createYear: ['admin'],
  getCalendar: STAFF,
  saveCalendar: ['admin'],
  createClass: ['admin'],
  updateClass: ['admin'],
  classOverview: LEADERSHIP,
  admitStudent: ['admin'],
  moveStudent: ['admin'],
  dischargeStudent: ['admin'],
  confirmClassList: ['admin'],
  createGroup: ['admin'],
  setGroupMembers: ['admin'],
  getCurriculum: STAFF,
  saveCurriculum: ['admin'],
  getLoad: STAFF,
  saveLoad: ['admin'],
  getTimetable: STAFF,
  saveTimetable: ['admin'],
  addTimetableChange: ['admin'],
  removeTimetableChange: ['admin'],
  classLessons: LEADERSHIP,
  importFile: ['admin'],
  importTemplate: ['admin'],
  exportStudents: ['admin'],
  exportStaff: ['admin'],
  exportCurriculum: ['admin'],
  exportTimetable: ['admin'],
  previewRollover: ['admin'],
  performRollover: ['admin'],
  studentCardDetails: LEADERSHIP,
  addGuardian: ['admin'],
  updateGuardianContacts: ['admin'],
  recordConsent: ['admin'],
  revokeConsent: ['admin'],
  journalList: STAFF,
  journalPage: LEADERSHIP,
  journalEvents: LEADERSHIP,
  saveCells: [],
  saveLesson: [],
  addMarkColumn: [],
  changeMarkColumn: [],
  removeMarkColumn: [],
  savePeriodMark: [],
  attachFile: [],
  removeAttachment: [],
  attachmentFile: LEADERSHIP,
  unlockJournal: ['admin', 'deputy'],
  journalControl: LEADERSHIP,
  journalPlan: LEADERSHIP,
  diaryWeek: LEADERSHIP,
  studentMarks: LEADERSHIP,
  studentAttachment: LEADERSHIP,
  registerParent: 'public',
  linkChild: EVERYONE,
  createStudentAccounts: ['admin'],
  acknowledgeDiary: [],
  studentNotices: LEADERSHIP,
  createNotice: [],
  cancelNotice: [],
  classNotices: LEADERSHIP,
  decideNotice: [],
  classAcknowledgements: LEADERSHIP,
  remindParents: [],
  myNotifications: EVERYONE,
  readNotifications: EVERYONE,
  myEvents: EVERYONE,
  getDiarySettings: ['admin'],
  updateDiarySettings: ['admin'],
  myNews: EVERYONE,
  publishNews: LEADERSHIP,
  removeNews: LEADERSHIP,
  journalAssessments: [],
  removeAssessment: [],
  classAssessments: LEADERSHIP,
  classAbsences: LEADERSHIP,
  setAbsenceReason: [],
  classAverages: LEADERSHIP,
  controlReport: LEADERSHIP,
  controlNotes: LEADERSHIP,
  addControlNote: ['deputy'],
  myControlNotes: EVERYONE,
  readControlNote: EVERYONE,
  closePeriod: ['admin', 'deputy'],
  reopenPeriod: ['admin', 'deputy'],
  listWorkPrograms: STAFF,
  // The demo class teacher also teaches: a role permission of teachers reaches them too.
  workProgramTemplate: ['teacher', 'class_teacher'],
  getWorkProgram: STAFF,
  saveWorkProgram: ['teacher', 'class_teacher'],
  importWorkProgram: ['teacher', 'class_teacher'],
  // Issued by the class teacher of the class (or the administrator); the leadership sees who has activated.
  issueClassActivationCodes: ['admin'],
  listClassActivationCodes: LEADERSHIP,
  // Messages: one's own conversations (membership is checked in the service: 404 for others); a letter to the
  // parents of a class is its class teacher's only.
  listConversations: EVERYONE,
  getConversation: EVERYONE,
  startConversation: EVERYONE,
  startClassConversation: [],
  postMessage: EVERYONE,
  markRead: EVERYONE,
  messageAttachment: EVERYONE,
  messageRecipients: EVERYONE,
  unreadMessages: EVERYONE,
  // Summary statements (issue 6, items 1-2): formed and printed by the administrator and the director, signed by the
  // director, the registry read by the leadership.
  statementClasses: LEADERSHIP,
  previewStatement: LEADERSHIP,
  printStatement: ['admin'],
  listPrintedStatements: LEADERSHIP,
  recordStatementSignature: ['director'],
  // Viewing a past year from its archive (issue 6, item 6): those who keep the archives.
  archiveViewSummary: ['admin', 'director'],
  archiveViewClass: ['admin', 'director'],
  archiveViewJournal: ['admin', 'director'],
  archiveViewAverages: ['admin', 'director'],
  archiveViewAbsences: ['admin', 'director'],
  // Backups and restore (issue 6, item 7): the administrator's only.
  listBackups: ['admin'],
  getBackupSettings: ['admin'],
  saveBackupSettings: ['admin'],
  createBackup: ['admin'],
  prepareRestore: ['admin'],
  switchRestore: ['admin'],
  cancelRestore: ['admin'],
  // External drives of the server PC (issue 6, item 3): seen by those who keep the archives, rescanned by the administrator.
  listDrives: ['admin', 'director'],
  rescanDrives: ['admin'],
  driveEvents: ['admin', 'director'],
  knownDrives: ['admin', 'director'],
  listArchives: ['admin', 'director'],
  startArchive: ['admin'],
  archiveJob: ['admin', 'director'],
  verifyArchive: ['admin'],
  archiveRetention: ['admin', 'director'],
};

let t: TestServer & { demo: DemoResult };
const clients = new Map<Who, Client>();
const foreignFor = new Map<Who, { classId: number; studentId: number; subjectId: number }>();
let spareUserId: number;
let foreign: { classId: number; studentId: number; userId: number };

beforeAll(async () => {
  t = await startDemoServer(450);
  const db = t.server.db;
  // For each role: a class and a pupil that its demo account is not attached to in any way.
  for (const account of t.demo.accounts) {
    const id = ((await db('users').where({ login: account.login }).first('id')) as { id: number }).id;
    const attached = new Set<number>([
      ...((await db('classes').where({ class_teacher_user_id: id }).select('id')) as Array<{ id: number }>).map((r) => r.id),
      ...((await db('teaching_assignments').where({ teacher_user_id: id }).select('class_id')) as Array<{ class_id: number }>).map((r) => r.class_id),
    ]);
    const related = [
      ...((await db('guardianships').where({ guardian_user_id: id }).select('student_id')) as Array<{ student_id: number }>).map((r) => r.student_id),
      ...((await db('students').where({ user_id: id }).select('id')) as Array<{ id: number }>).map((r) => r.id),
    ];
    const pupil = (await db('students as s')
      .join('class_enrolments as e', 'e.student_id', 's.id')
      .whereNotIn('e.class_id', [...attached])
      .whereNotIn('s.id', related)
      .first('s.id', 'e.class_id')) as { id: number; class_id: number };
    const subject = (await db('teaching_assignments').where({ class_id: pupil.class_id }).whereNull('group_id').first('subject_id')) as { subject_id: number };
    foreignFor.set(account.role, { classId: pupil.class_id, studentId: pupil.id, subjectId: subject.subject_id });
  }
  foreignFor.set('anonymous', foreignFor.get('admin')!);
  const passwordless = (await db('users').whereNull('password_hash').first('id')) as { id: number };
  spareUserId = passwordless.id;
  foreign = { ...foreignFor.get('parent')!, userId: spareUserId };

  clients.set('anonymous', new Client(t.server.url));
  for (const account of t.demo.accounts) clients.set(account.role, await logIn(t.server.url, account.login, account.password));
}, 120_000);
afterAll(async () => t.close());

function sampleRequest(name: EndpointName, who: Who): { path: string; body?: unknown } {
  const foreign = { ...foreignFor.get(who)!, userId: spareUserId };
  const account = t.demo.accounts.find((a) => a.role === who) ?? t.demo.accounts[0]!;
  const journal = `/journals/${foreign.classId}/${foreign.subjectId}/0`;
  const period = 'from=2026-09-01&to=2026-09-30';
  switch (name) {
    case 'classStudents':
      return { path: `/classes/${foreign.classId}/students` };
    case 'studentCard':
      return { path: `/students/${foreign.studentId}` };
    case 'getUser':
      return { path: `/users/${foreign.userId}` };
    case 'updateUser':
      return { path: `/users/${foreign.userId}`, body: { version: 0 } };
    case 'resetPassword':
      return { path: `/users/${foreign.userId}/reset-password`, body: {} };
    case 'diaryWeek':
    case 'studentMarks':
      return { path: api[name].path.replace(':studentId', String(foreign.studentId)) };
    case 'studentAttachment':
      return { path: `/students/${foreign.studentId}/attachments/999999` };
    case 'createStudentAccounts':
      return { path: '/classes/999999/student-accounts', body: {} };
    case 'acknowledgeDiary':
    case 'createNotice':
      return { path: api[name].path.replace(':studentId', String(foreign.studentId)), body: {} };
    case 'studentNotices':
      return { path: `/students/${foreign.studentId}/notices?${period}` };
    case 'cancelNotice':
      return { path: `/students/${foreign.studentId}/notices/999999/cancel`, body: {} };
    case 'classNotices':
      return { path: `/classes/${foreign.classId}/notices?${period}` };
    case 'decideNotice':
      return { path: `/classes/${foreign.classId}/notices/999999/decision`, body: {} };
    case 'classAcknowledgements':
      return { path: `/classes/${foreign.classId}/acknowledgements` };
    case 'remindParents':
      return { path: `/classes/${foreign.classId}/acknowledgements/remind`, body: {} };
    case 'removeNews':
      return { path: '/news/999999', body: {} };
    case 'statementClasses':
      return { path: '/statements/classes?academicYearId=1' };
    case 'previewStatement':
      return { path: `/statements/preview?academicYearId=1&classId=${foreign.classId}` };
    case 'recordStatementSignature':
      return { path: '/statements/printed/999999/signature', body: {} };
    case 'journalPage':
    case 'journalPlan':
    case 'journalEvents':
    case 'saveCells':
    case 'saveLesson':
    case 'addMarkColumn':
    case 'savePeriodMark':
    case 'attachFile':
    case 'unlockJournal':
    case 'journalAssessments':
      return { path: journal + api[name].path.slice(api.journalPage.path.length), ...(api[name].method === 'GET' ? {} : { body: {} }) };
    case 'changeMarkColumn':
    case 'removeMarkColumn':
      return { path: `${journal}/columns/999999`, body: {} };
    case 'removeAttachment':
      return { path: `${journal}/attachments/999999`, body: {} };
    case 'removeAssessment':
      return { path: `${journal}/assessments/999999`, body: {} };
    case 'journalControl':
      return { path: `${journal}/control?${period}` };
    case 'attachmentFile':
      return { path: '/attachments/999999' };
    case 'classAssessments':
    case 'classAbsences':
      return { path: `${api[name].path.replace(':classId', String(foreign.classId))}?${period}` };
    case 'setAbsenceReason':
      return { path: `/classes/${foreign.classId}/absences`, body: {} };
    case 'classAverages':
      return { path: `/classes/${foreign.classId}/averages` };
    case 'controlReport':
      return { path: `/control?${period}` };
    case 'readControlNote':
      return { path: '/my/control-notes/999999/read', body: {} };
    case 'closePeriod':
    case 'reopenPeriod':
      return { path: api[name].path.replace(':periodId', '999999'), body: {} };
    case 'listWorkPrograms':
      return { path: '/work-programs?yearId=1' };
    case 'getWorkProgram':
    case 'saveWorkProgram':
    case 'importWorkProgram':
      return { path: api[name].path.replace(':yearId', '1').replace(':subjectId', String(foreign.subjectId)).replace(':level', '5'), ...(api[name].method === 'GET' ? {} : { body: {} }) };
    case 'issueClassActivationCodes':
      return { path: `/classes/${foreign.classId}/activation-codes`, body: {} };
    case 'listClassActivationCodes':
      return { path: `/classes/${foreign.classId}/activation-codes` };
    case 'credentialsSheet':
      return { path: '/users/credentials-sheet', body: { userIds: [foreign.userId] } };
    // An incomplete body: the administrator gets 400, everyone else 403 before validation.
    case 'createUser':
      return { path: '/users', body: {} };
    case 'login':
      return { path: '/auth/login', body: { login: account.login, password: account.password } };
    case 'changePassword':
      return { path: '/auth/password', body: { currentPassword: 'not-it-1', newPassword: 'Новый2026пароль' } };
    case 'updateNetworkSettings':
      return { path: '/settings/network', body: { lanEnabled: false } };
    case 'setup':
      return { path: '/setup', body: {} };
    case 'updateSubject':
      return { path: '/subjects/1', body: {} };
    case 'updateWorkType':
      return { path: '/work-types/1', body: {} };
    case 'getCalendar':
    case 'saveCalendar':
    case 'getCurriculum':
    case 'saveCurriculum':
    case 'getLoad':
    case 'saveLoad':
    case 'getTimetable':
    case 'saveTimetable':
      return { path: api[name].path.replace(':yearId', '1'), ...(api[name].method === 'GET' ? {} : { body: {} }) };
    case 'updateClass':
      return { path: `/classes/${foreign.classId}`, body: {} };
    case 'classOverview':
      return { path: `/classes/${foreign.classId}` };
    case 'classLessons':
      return { path: `/classes/${foreign.classId}/lessons?from=2026-09-01&to=2026-09-07` };
    case 'admitStudent':
      return { path: `/classes/${foreign.classId}/students`, body: {} };
    case 'moveStudent':
    case 'dischargeStudent':
      return { path: api[name].path.replace(':studentId', String(foreign.studentId)), body: {} };
    case 'confirmClassList':
      return { path: `/classes/${foreign.classId}/list-check`, body: { studentCount: 59, comment: null } };
    case 'createGroup':
      return { path: `/classes/${foreign.classId}/groups`, body: {} };
    case 'setGroupMembers':
      return { path: '/groups/1/members', body: {} };
    case 'previewRollover':
      return { path: '/years/1/rollover' };
    case 'performRollover':
      return { path: '/years/1/rollover', body: {} };
    case 'studentCardDetails':
      return { path: `/students/${foreign.studentId}/card` };
    case 'addGuardian':
    case 'recordConsent':
      return { path: api[name].path.replace(':studentId', String(foreign.studentId)), body: {} };
    case 'updateGuardianContacts':
      return { path: `/students/${foreign.studentId}/guardians/999999/contacts`, body: { phone: null, email: null } };
    case 'revokeConsent':
      return { path: `/students/${foreign.studentId}/consents/999999/revoke`, body: { revokedOn: '2026-09-01' } };
    case 'importFile':
      return { path: '/imports/staff', body: {} };
    case 'importTemplate':
      return { path: '/imports/students/template' };
    case 'getConversation':
      return { path: '/conversations/999999' };
    case 'postMessage':
      return { path: '/conversations/999999/messages', body: { body: 'Проверка' } };
    case 'markRead':
      return { path: '/conversations/999999/read', body: {} };
    case 'messageAttachment':
      return { path: '/conversations/999999/attachments/999999' };
    case 'startClassConversation':
      return { path: `/classes/${foreign.classId}/conversations`, body: {} };
    case 'prepareRestore':
      return { path: '/backups/999999/restore', body: {} };
    case 'switchRestore':
      return { path: '/restores/20000101-000000/switch', body: {} };
    case 'cancelRestore':
      return { path: '/restores/20000101-000000', body: {} };
    // No such archive: the allowed roles get 404 after the role check, everyone else 403 before it.
    case 'archiveViewSummary':
    case 'archiveViewClass':
    case 'archiveViewJournal':
    case 'archiveViewAverages':
    case 'archiveViewAbsences':
      return { path: api[name].path.replace(/:[A-Za-z]+/g, '999999') + (name === 'archiveViewAbsences' ? `?${period}` : '') };
    case 'verifyArchive':
      return { path: '/archives/999999/verify', body: {} };
    case 'removeTimetableChange':
      return { path: '/timetable/changes/999999', body: {} };
    default:
      return { path: api[name].path, ...(api[name].method === 'GET' ? {} : { body: {} }) };
  }
}

/** An event stream never ends by itself: take its status and hang up. */
async function streamStatus(client: Client, url: string): Promise<{ status: number; body: unknown }> {
  const controller = new AbortController();
  const response = await fetch(t.server.url + url, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: controller.signal });
  const body: unknown = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  controller.abort();
  return { status: response.status, body };
}

describe('role x route matrix', () => {
  it('covers every route of the contract', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(api).sort());
  });

  // Logout last: it ends the session the other calls use.
  const names = (Object.keys(api) as EndpointName[]).sort((a, b) => Number(a === 'logout') - Number(b === 'logout'));
  for (const who of WHO) {
    it(`${who}`, async () => {
      const client = who === 'anonymous' ? clients.get('anonymous')! : await logIn(t.server.url, t.demo.accounts.find((a) => a.role === who)!.login, t.demo.accounts.find((a) => a.role === who)!.password);
      const outcomes: string[] = [];
      for (const name of names) {
        const endpoint = api[name];
        const { path, body } = sampleRequest(name, who);
        const reply = name === 'journalEvents' || name === 'myEvents' || name === 'driveEvents' ? await streamStatus(client, `/api/v1${path}`) : await client.request(endpoint.method, `/api/v1${path}`, body);
        if (who === 'anonymous') client.cookie = null; // the public login route must not sign the anonymous caller in
        const rule = ALLOWED[name];
        const isAllowed = rule === 'public' || (who !== 'anonymous' && rule.includes(who));
        const expected = isAllowed ? 'allowed' : who === 'anonymous' ? 'needs login' : 'forbidden';
        // "Allowed" means the route did its work: 2xx, or the one refusal its sample input must
        // earn (an incomplete body, a wrong current password, a stale version, setup done).
        const expectedRefusal: Partial<Record<EndpointName, number>> = {
          createUser: 400,
          changePassword: 400,
          updateUser: 409,
          setup: 400,
          createSubject: 400,
          createWorkType: 400,
          updateMarkSettings: 400,
          createYear: 400,
          saveCalendar: 400,
          createClass: 400,
          admitStudent: 400,
          moveStudent: 400,
          dischargeStudent: 400,
          confirmClassList: 409,
          createGroup: 400,
          setGroupMembers: 400,
          saveCurriculum: 400,
          saveLoad: 400,
          saveTimetable: 400,
          addTimetableChange: 400,
          removeTimetableChange: 404,
          importFile: 400,
          performRollover: 400,
          addGuardian: 400,
          recordConsent: 400,
          updateGuardianContacts: 404,
          revokeConsent: 404,
          attachmentFile: 404,
          getConversation: 404,
          postMessage: 404,
          markRead: 404,
          messageAttachment: 404,
          startConversation: 400,
          studentAttachment: 404,
          readNotifications: 400,
          updateDiarySettings: 400,
          registerParent: 400,
          createStudentAccounts: 404,
          linkChild: 400,
          unlockJournal: 400,
          addControlNote: 400,
          readControlNote: 404,
          closePeriod: 404,
          reopenPeriod: 404,
          saveWorkProgram: 400,
          importWorkProgram: 400,
          publishNews: 400,
          removeNews: 404,
          printStatement: 400,
          recordStatementSignature: 400,
          startArchive: 400,
          verifyArchive: 404,
          archiveViewSummary: 404,
          archiveViewClass: 404,
          archiveViewJournal: 404,
          archiveViewAverages: 404,
          archiveViewAbsences: 404,
          saveBackupSettings: 400,
          prepareRestore: 404,
          switchRestore: 404,
          cancelRestore: 404,
        };
        const actual =
          reply.status === 401 && name !== 'login'
            ? 'needs login'
            : reply.status === 403
              ? 'forbidden'
              : reply.status < 300 || reply.status === expectedRefusal[name]
                ? 'allowed'
                : `unexpected ${reply.status}`;
        if (actual !== expected) outcomes.push(`${name}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 120)}`);
        expect(reply.status, name).toBeLessThan(500);
      }
      expect(outcomes).toEqual([]);
    });
  }
});

describe('resources of one\'s own', () => {
  const own = async (role: Role) => {
    const account = t.demo.accounts.find((a) => a.role === role)!;
    const client = await logIn(t.server.url, account.login, account.password);
    const userId = ((await t.server.db('users').where({ login: account.login }).first('id')) as { id: number }).id;
    return { client, userId };
  };

  it('a parent reads their own children and no one else', async () => {
    const { client, userId } = await own('parent');
    const children = await client.get<{ children: Array<{ id: number }> }>('/api/v1/me/children');
    const expected = ((await t.server.db('guardianships').where({ guardian_user_id: userId }).select('student_id')) as Array<{ student_id: number }>).map((r) => r.student_id);
    expect(children.body.children.map((c) => c.id).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThanOrEqual(1);
    for (const id of expected) expect((await client.get(`/api/v1/students/${id}`)).status).toBe(200);
    expect((await client.get(`/api/v1/students/${foreign.studentId}`)).status).toBe(403);
    const denied = (await t.server.db('security_events').where({ kind: 'access-denied', user_id: userId })) as unknown[];
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });

  it('a class teacher reads their class list; a teacher the classes they teach', async () => {
    const ct = await own('class_teacher');
    const cls = (await t.server.db('classes').where({ class_teacher_user_id: ct.userId }).first('id')) as { id: number };
    expect((await ct.client.get(`/api/v1/classes/${cls.id}/students`)).status).toBe(200);
    const teacher = await own('teacher');
    const taught = (await t.server.db('teaching_assignments').where({ teacher_user_id: teacher.userId }).first('class_id')) as { class_id: number };
    const list = await teacher.client.get<{ students: unknown[] }>(`/api/v1/classes/${taught.class_id}/students`);
    expect(list.status).toBe(200);
    expect(list.body.students.length).toBeGreaterThan(0);
  });

  it('a pupil reads their own card only', async () => {
    const { client, userId } = await own('student');
    const self = (await t.server.db('students').where({ user_id: userId }).first('id')) as { id: number };
    expect((await client.get(`/api/v1/students/${self.id}`)).status).toBe(200);
    expect((await client.get(`/api/v1/students/${foreign.studentId}`)).status).toBe(403);
  });

  it('a missing resource: 404 for those who see everything, the same 403 as a foreign one for others', async () => {
    const { client } = await own('parent');
    const missing = await client.get<{ detail: string }>('/api/v1/students/999999');
    const foreignOne = await client.get<{ detail: string }>(`/api/v1/students/${foreign.studentId}`);
    expect(missing.status).toBe(403);
    expect(foreignOne.status).toBe(403);
    const { client: admin } = await own('admin');
    expect((await admin.get('/api/v1/students/999999')).status).toBe(404);
  });

  it('records staff reads of a pupil card, not a parent reading their own child', async () => {
    const { client: director, userId: directorId } = await own('director');
    expect((await director.get(`/api/v1/students/${foreign.studentId}`)).status).toBe(200);
    const reads = (await t.server.db('security_events').where({ kind: 'personal-data-read', user_id: directorId })) as Array<{ detail: string }>;
    expect(reads.map((r) => r.detail)).toContain(`GET /api/v1/students/${foreign.studentId}`);
    const { client: parent, userId: parentId } = await own('parent');
    const child = ((await t.server.db('guardianships').where({ guardian_user_id: parentId }).first('student_id')) as { student_id: number }).student_id;
    expect((await parent.get(`/api/v1/students/${child}`)).status).toBe(200);
    expect(await t.server.db('security_events').where({ kind: 'personal-data-read', user_id: parentId })).toEqual([]);
  });
});
