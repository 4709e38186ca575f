// The class journal's part of the API table (issue 4). Spread into `api` in contract.ts.

import { z } from 'zod';
import { endpoint } from './endpoint';
import * as j from './journal-schemas';
import { classIdParamsSchema, okSchema } from './schemas';

const J = '/journals/:classId/:subjectId/:groupKey';
const none = z.strictObject({});

export const journalApi = {
  journalList: endpoint({ method: 'GET', path: '/journals', summary: 'Страницы журнала, доступные пользователю', permission: 'school.read', query: j.journalListQuerySchema, response: j.journalListSchema }),
  journalPage: endpoint({ method: 'GET', path: J, summary: 'Страница журнала за учебный период', permission: 'journal.read', params: j.journalParamsSchema, query: j.journalPageQuerySchema, response: j.journalPageSchema }),
  journalEvents: endpoint({ method: 'GET', path: `${J}/events`, summary: 'Поток изменений страницы журнала (Server-Sent Events)', permission: 'journal.read', params: j.journalParamsSchema, response: { kind: 'event-stream' } }),
  saveCells: endpoint({ method: 'POST', path: `${J}/cells`, summary: 'Отметки и посещаемость: одна или несколько ячеек, всё или ничего', permission: 'journal.edit', params: j.journalParamsSchema, body: j.cellsBodySchema, response: j.cellsResultSchema }),
  saveLesson: endpoint({ method: 'PATCH', path: `${J}/lesson`, summary: 'Тема урока и домашнее задание', permission: 'journal.edit', params: j.journalParamsSchema, body: j.lessonBodySchema, response: j.lessonResultSchema }),
  addMarkColumn: endpoint({ method: 'POST', path: `${J}/columns`, summary: 'Ещё одна колонка отметок на уроке', permission: 'journal.edit', params: j.journalParamsSchema, body: j.addColumnBodySchema, response: j.lessonResultSchema }),
  changeMarkColumn: endpoint({ method: 'PATCH', path: `${J}/columns/:columnId`, summary: 'Вид работы и вес колонки отметок', permission: 'journal.edit', params: j.journalColumnParamsSchema, body: j.changeColumnBodySchema, response: j.lessonResultSchema }),
  removeMarkColumn: endpoint({ method: 'DELETE', path: `${J}/columns/:columnId`, summary: 'Удаление пустой колонки отметок', permission: 'journal.edit', params: j.journalColumnParamsSchema, response: j.lessonResultSchema }),
  savePeriodMark: endpoint({ method: 'PUT', path: `${J}/period-marks`, summary: 'Отметка за период, год, экзамен, итоговая', permission: 'journal.edit', params: j.journalParamsSchema, body: j.periodMarkBodySchema, response: j.periodMarkResultSchema }),
  attachFile: endpoint({ method: 'POST', path: `${J}/attachments`, summary: 'Файл к домашнему заданию', permission: 'journal.edit', params: j.journalParamsSchema, body: j.attachBodySchema, response: j.lessonResultSchema, bodyLimitBytes: 15 * 1024 * 1024 }),
  removeAttachment: endpoint({ method: 'DELETE', path: `${J}/attachments/:attachmentId`, summary: 'Удаление файла домашнего задания', permission: 'journal.edit', params: j.journalAttachmentParamsSchema, response: j.lessonResultSchema }),
  attachmentFile: endpoint({ method: 'GET', path: '/attachments/:attachmentId', summary: 'Файл домашнего задания', permission: 'journal.read', params: j.attachmentParamsSchema, response: { kind: 'file', contentType: 'application/octet-stream' } }),
  unlockJournal: endpoint({ method: 'POST', path: `${J}/unlocks`, summary: 'Разблокировка записей за даты с указанием причины', permission: 'journal.unlock', params: j.journalParamsSchema, body: j.unlockBodySchema, response: j.unlockResultSchema }),
  journalPlan: endpoint({ method: 'GET', path: `${J}/plan`, summary: 'План и факт: темы рабочей программы и проведённые уроки', permission: 'journal.read', params: j.journalParamsSchema, response: j.journalPlanSchema }),
  journalControl: endpoint({ method: 'GET', path: `${J}/control`, summary: 'Заполненность уроков страницы журнала', permission: 'journal.read', params: j.journalParamsSchema, query: j.controlLessonsQuerySchema, response: j.controlLessonsSchema }),
  journalAssessments: endpoint({ method: 'POST', path: `${J}/assessments`, summary: 'Контрольная работа в графике', permission: 'journal.edit', params: j.journalParamsSchema, body: j.addAssessmentBodySchema, response: j.addAssessmentResultSchema }),
  removeAssessment: endpoint({ method: 'DELETE', path: `${J}/assessments/:assessmentId`, summary: 'Удаление контрольной работы из графика', permission: 'journal.edit', params: j.journalAssessmentParamsSchema, response: okSchema }),
  classAssessments: endpoint({ method: 'GET', path: '/classes/:classId/assessments', summary: 'График контрольных работ класса', permission: 'class.read', params: classIdParamsSchema, query: j.dateRangeQuerySchema, response: j.assessmentsSchema }),
  classAbsences: endpoint({ method: 'GET', path: '/classes/:classId/absences', summary: 'Пропуски и опоздания обучающихся класса', permission: 'class.read', params: classIdParamsSchema, query: j.dateRangeQuerySchema, response: j.classAbsencesSchema }),
  setAbsenceReason: endpoint({ method: 'PUT', path: '/classes/:classId/absences', summary: 'Причина пропуска (классный руководитель)', permission: 'attendance.setReason', params: classIdParamsSchema, body: j.absenceReasonBodySchema, response: j.absenceReasonResultSchema }),
  classAverages: endpoint({ method: 'GET', path: '/classes/:classId/averages', summary: 'Сводка класса: средние баллы и пропуски', permission: 'class.read', params: classIdParamsSchema, query: j.journalPageQuerySchema, response: j.classOverviewSchema }),
  controlReport: endpoint({ method: 'GET', path: '/control', summary: 'Контроль ведения журнала по учителям', permission: 'journal.control', query: j.controlQuerySchema, response: j.controlReportSchema }),
  controlNotes: endpoint({ method: 'GET', path: '/control/notes', summary: 'Замечания по ведению журнала', permission: 'journal.control', query: j.controlNotesQuerySchema, response: j.controlNotesSchema }),
  addControlNote: endpoint({ method: 'POST', path: '/control/notes', summary: 'Замечание учителю', permission: 'control.note', body: j.addControlNoteBodySchema, response: j.controlNotesSchema }),
  myControlNotes: endpoint({ method: 'GET', path: '/my/control-notes', summary: 'Замечания мне по ведению журнала', permission: 'session', response: j.controlNotesSchema }),
  readControlNote: endpoint({ method: 'POST', path: '/my/control-notes/:noteId/read', summary: 'Отметить замечание прочитанным', permission: 'session', params: j.controlNoteParamsSchema, body: none, response: okSchema }),
  closePeriod: endpoint({ method: 'POST', path: '/periods/:periodId/close', summary: 'Закрыть учебный период: отметки за него блокируются', permission: 'journal.unlock', params: j.periodParamsSchema, body: none, response: j.periodClosureResultSchema }),
  reopenPeriod: endpoint({ method: 'POST', path: '/periods/:periodId/reopen', summary: 'Открыть закрытый учебный период', permission: 'journal.unlock', params: j.periodParamsSchema, body: none, response: j.periodClosureResultSchema }),
} as const;
