// The diary's part of the API table (issue 5). Spread into `api` in contract.ts. Every route is about one pupil
// (`student.read`: their parent, the pupil, their teachers and the school's leadership).

import { z } from 'zod';
import { endpoint } from './endpoint';
import * as d from './diary-schemas';
import { classIdParamsSchema, studentIdParamsSchema } from './schemas';

const none = z.strictObject({});

export const diaryApi = {
  diaryWeek: endpoint({ method: 'GET', path: '/students/:studentId/diary', summary: 'Дневник: уроки недели с темами, заданиями, отметками и посещаемостью', permission: 'student.read', params: studentIdParamsSchema, query: d.diaryWeekQuerySchema, response: d.diaryWeekSchema }),
  studentMarks: endpoint({ method: 'GET', path: '/students/:studentId/marks', summary: 'Отметки за период по предметам со средним баллом', permission: 'student.read', params: studentIdParamsSchema, query: d.studentMarksQuerySchema, response: d.studentMarksSchema }),
  studentAttachment: endpoint({ method: 'GET', path: '/students/:studentId/attachments/:attachmentId', summary: 'Файл домашнего задания урока обучающегося', permission: 'student.read', params: d.studentAttachmentParamsSchema, response: { kind: 'file', contentType: 'application/octet-stream' } }),
  acknowledgeDiary: endpoint({ method: 'POST', path: '/students/:studentId/acknowledge', summary: '«Ознакомлен»: родитель ознакомился с дневником', permission: 'diary.parent', params: studentIdParamsSchema, body: none, response: d.acknowledgeResultSchema }),
  studentNotices: endpoint({ method: 'GET', path: '/students/:studentId/notices', summary: 'Сообщения о пропусках обучающегося', permission: 'student.read', params: studentIdParamsSchema, query: d.noticesQuerySchema, response: d.noticesSchema }),
  createNotice: endpoint({ method: 'POST', path: '/students/:studentId/notices', summary: 'Родитель сообщает о пропуске дней или уроков', permission: 'diary.parent', params: studentIdParamsSchema, body: d.createNoticeBodySchema, response: d.noticeResultSchema }),
  cancelNotice: endpoint({ method: 'POST', path: '/students/:studentId/notices/:noticeId/cancel', summary: 'Отмена сообщения о пропуске', permission: 'diary.parent', params: d.noticeParamsSchema, body: d.versionBodySchema, response: d.noticeResultSchema }),
  classNotices: endpoint({ method: 'GET', path: '/classes/:classId/notices', summary: 'Сообщения родителей о пропусках в классе', permission: 'class.read', params: classIdParamsSchema, query: d.noticesQuerySchema, response: d.noticesSchema }),
  decideNotice: endpoint({ method: 'POST', path: '/classes/:classId/notices/:noticeId/decision', summary: 'Классный руководитель подтверждает или отклоняет сообщение о пропуске', permission: 'class.lead', params: d.classNoticeParamsSchema, body: d.decideNoticeBodySchema, response: d.noticeResultSchema }),
  classAcknowledgements: endpoint({ method: 'GET', path: '/classes/:classId/acknowledgements', summary: 'Когда родители класса последний раз знакомились с дневником', permission: 'class.read', params: classIdParamsSchema, response: d.classAcknowledgementsSchema }),
  remindParents: endpoint({ method: 'POST', path: '/classes/:classId/acknowledgements/remind', summary: 'Напомнить родителям, давно не знакомившимся с дневником', permission: 'class.lead', params: classIdParamsSchema, body: d.remindBodySchema, response: d.remindResultSchema }),
  myNotifications: endpoint({ method: 'GET', path: '/my/notifications', summary: 'Мои уведомления', permission: 'session', response: d.notificationsSchema }),
  readNotifications: endpoint({ method: 'POST', path: '/my/notifications/read', summary: 'Отметить уведомления прочитанными', permission: 'session', body: d.readNotificationsBodySchema, response: d.notificationsSchema }),
  myEvents: endpoint({ method: 'GET', path: '/my/events', summary: 'Поток моих уведомлений (Server-Sent Events)', permission: 'session', response: { kind: 'event-stream' } }),
  getDiarySettings: endpoint({ method: 'GET', path: '/settings/diary', summary: 'Параметры дневника', permission: 'settings.manage', response: d.diarySettingsSchema }),
  updateDiarySettings: endpoint({ method: 'PUT', path: '/settings/diary', summary: 'Изменение параметров дневника', permission: 'settings.manage', body: d.diarySettingsBodySchema, response: d.diarySettingsSchema }),
} as const;
