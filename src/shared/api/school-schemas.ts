// zod schemas of the school-structure API: directories, the year's calendar, classes and
// pupils, groups, curriculum, teacher load and the timetable.

import { z } from 'zod';
import { id, isoDate, labelled, optionalText, text } from './fields';
import { personNameFields } from './schemas';

const level = labelled(z.number().int().min(1).max(11), 'Параллель');
const weekday = labelled(z.number().int().min(1).max(6), 'День недели');
const lessonNumber = labelled(z.number().int().min(1).max(10), 'Номер урока');
const hours = labelled(z.number().min(0).max(40), 'Часов в неделю');
const positiveId = (label: string) => labelled(z.number().int().positive(), label);
const time = (label: string) => labelled(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в формате ЧЧ:ММ'), label);
const shift = labelled(z.union([z.literal(1), z.literal(2)]), 'Смена');

// --- directories ---

export const subjectSchema = z.object({ id: z.number(), name: z.string(), shortName: z.string(), isArchived: z.boolean() });
export const workTypeSchema = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string(),
  defaultWeight: z.number(),
  isWritten: z.boolean(),
  isArchived: z.boolean(),
});
export const markSettingsSchema = z.strictObject({
  lowestMark: labelled(z.union([z.literal(1), z.literal(2)]), 'Низшая отметка'),
  specialCodes: labelled(z.array(z.string().trim().min(1).max(10)).max(10), 'Особые отметки'),
  rounding: labelled(
    z.array(z.strictObject({ fromAverage: labelled(z.number().min(1).max(5), 'Средний балл от'), mark: labelled(z.number().int().min(1).max(5), 'Отметка') })).min(1).max(5),
    'Таблица округления',
  ),
  minimumMarksPerPeriod: labelled(z.number().int().min(0).max(30), 'Минимум отметок за период'),
  editWindowDays: labelled(z.number().int().min(0).max(60), 'Срок исправления, дней'),
  marklessLevels: labelled(z.array(z.number().int().min(1).max(11)).max(11), 'Безотметочные параллели'),
});
export const directoriesSchema = z.object({
  subjects: z.array(subjectSchema),
  workTypes: z.array(workTypeSchema),
  attendanceCodes: z.array(z.object({ code: z.string(), label: z.string(), isAbsence: z.boolean() })),
  markSettings: markSettingsSchema,
});
export const subjectBodySchema = z.strictObject({ name: text('Название', 100), shortName: text('Краткое название', 20) });
export const subjectPatchSchema = z.strictObject({
  name: text('Название', 100).optional(),
  shortName: text('Краткое название', 20).optional(),
  isArchived: labelled(z.boolean().optional(), 'В архиве'),
});
export const subjectIdParams = z.strictObject({ subjectId: id('Предмет') });
export const workTypeBodySchema = z.strictObject({
  name: text('Название', 100),
  shortName: text('Краткое название', 20),
  defaultWeight: labelled(z.number().int().min(1).max(10), 'Вес по умолчанию'),
  isWritten: labelled(z.boolean(), 'Письменная работа'),
});
export const workTypePatchSchema = workTypeBodySchema.partial().extend({ isArchived: labelled(z.boolean().optional(), 'В архиве') }).strict();
export const workTypeIdParams = z.strictObject({ workTypeId: id('Вид работы') });
export const createdSchema = z.object({ id: z.number() });

// --- years and calendar ---

export const yearSchema = z.object({ id: z.number(), name: z.string(), startDate: z.string(), endDate: z.string(), isCurrent: z.boolean() });
export const yearsSchema = z.object({ years: z.array(yearSchema) });
export const yearIdParams = z.strictObject({ yearId: id('Учебный год') });
export const createYearBodySchema = z.strictObject({ startYear: labelled(z.number().int().min(2000).max(2100), 'Год начала') });

const periodScheme = labelled(z.enum(['quarters', 'halves', 'trimesters']), 'Деление на периоды');
export const calendarSchema = z.strictObject({
  name: text('Учебный год', 9),
  startDate: isoDate('Начало учебного года'),
  endDate: isoDate('Конец учебного года'),
  levels: labelled(
    z.array(
      z.strictObject({
        level,
        periodScheme,
        daysPerWeek: labelled(z.union([z.literal(5), z.literal(6)]), 'Дней в неделю'),
        shift,
        isMarkless: labelled(z.boolean(), 'Безотметочное обучение'),
      }),
    ).max(11),
    'Параллели',
  ),
  periods: labelled(
    z.array(z.strictObject({ scheme: periodScheme, number: labelled(z.number().int().min(1).max(4), 'Номер периода'), name: text('Название периода', 60), startDate: isoDate('Начало периода'), endDate: isoDate('Конец периода') })).max(12),
    'Учебные периоды',
  ),
  holidays: labelled(
    z.array(
      z.strictObject({
        kind: labelled(z.enum(['vacation', 'public_holiday']), 'Вид'),
        name: text('Название', 100),
        startDate: isoDate('Начало'),
        endDate: isoDate('Конец'),
        levels: labelled(z.array(z.number().int().min(1).max(11)).max(11).nullable(), 'Для параллелей'),
      }),
    ).max(60),
    'Каникулы и праздники',
  ),
  transfers: labelled(
    z.array(
      z.strictObject({
        date: isoDate('Дата'),
        kind: labelled(z.enum(['workday', 'dayoff']), 'Вид переноса'),
        worksAsWeekday: labelled(z.number().int().min(1).max(6).nullable(), 'Работаем по расписанию дня'),
        reason: labelled(z.string().trim().max(200), 'Основание'),
      }),
    ).max(60),
    'Переносы дней',
  ),
});
export const bellsSchema = labelled(z.array(z.strictObject({ shift, lessonNumber, startsAt: time('Начало урока'), endsAt: time('Конец урока') })).max(24), 'Звонки');
export const calendarReplySchema = z.object({ yearId: z.number(), version: z.number(), calendar: calendarSchema, bells: bellsSchema });
export const saveCalendarBodySchema = z.strictObject({ version: labelled(z.number().int().nonnegative(), 'Версия'), calendar: calendarSchema, bells: bellsSchema });

// --- classes, pupils, groups ---

export const createClassBodySchema = z.strictObject({
  level,
  letter: labelled(z.string().trim().min(1).max(4).regex(/^[А-ЯЁA-Z0-9-]+$/u, 'Литера: заглавные буквы или цифры'), 'Литера'),
  shift,
  classTeacherUserId: labelled(z.number().int().positive().nullable(), 'Классный руководитель'),
});
export const classPatchSchema = createClassBodySchema.omit({ level: true }).partial().strict();
export const classOverviewSchema = z.object({
  id: z.number(),
  name: z.string(),
  level: z.number(),
  letter: z.string(),
  shift: z.union([z.literal(1), z.literal(2)]),
  academicYear: z.string(),
  classTeacherUserId: z.number().nullable(),
  lastListCheck: z.object({ checkedAt: z.string(), studentCount: z.number(), checkedBy: z.string(), comment: z.string().nullable() }).nullable(),
  groups: z.array(z.object({ id: z.number(), subjectId: z.number(), name: z.string(), teacherUserId: z.number().nullable(), studentIds: z.array(z.number()) })),
});
export const admitStudentBodySchema = z.strictObject({
  ...personNameFields,
  birthDate: labelled(isoDate('Дата рождения').nullable(), 'Дата рождения'),
  fromDate: isoDate('Дата зачисления'),
});
export const moveStudentBodySchema = z.strictObject({ toClassId: positiveId('Класс'), date: isoDate('Дата перевода') });
export const dischargeBodySchema = z.strictObject({ date: isoDate('Дата выбытия'), reason: text('Причина', 200) });
export const listCheckBodySchema = z.strictObject({ studentCount: labelled(z.number().int().min(0).max(60), 'Число обучающихся'), comment: optionalText('Комментарий', 500) });
export const listCheckReplySchema = z.object({ checkedAt: z.string(), studentCount: z.number() });
export const createGroupBodySchema = z.strictObject({
  subjectId: positiveId('Предмет'),
  name: text('Название группы', 60),
  teacherUserId: labelled(z.number().int().positive().nullable(), 'Учитель'),
  studentIds: labelled(z.array(z.number().int().positive()).max(60), 'Состав группы'),
});
export const groupIdParams = z.strictObject({ groupId: id('Группа') });
export const groupMembersBodySchema = z.strictObject({ studentIds: labelled(z.array(z.number().int().positive()).max(60), 'Состав группы'), fromDate: isoDate('С даты') });

// --- curriculum, load, timetable ---

export const curriculumItemSchema = z.strictObject({ level, subjectId: positiveId('Предмет'), hoursPerWeek: hours, assessmentForm: optionalText('Форма промежуточной аттестации', 100) });
export const curriculumSchema = z.object({ items: z.array(curriculumItemSchema), version: z.number() });
export const saveCurriculumBodySchema = z.strictObject({
  version: labelled(z.number().int().nonnegative(), 'Версия'),
  items: labelled(z.array(curriculumItemSchema).max(400), 'Учебный план'),
});

export const loadItemSchema = z.strictObject({
  teacherUserId: positiveId('Учитель'),
  classId: positiveId('Класс'),
  groupId: labelled(z.number().int().positive().nullable(), 'Группа'),
  subjectId: positiveId('Предмет'),
  hoursPerWeek: hours,
});
export const loadSchema = z.object({
  items: z.array(loadItemSchema),
  check: z.array(z.object({ classId: z.number(), className: z.string(), subjectId: z.number(), planned: z.number(), assigned: z.number(), difference: z.number() })),
  version: z.number(),
});
export const saveLoadBodySchema = z.strictObject({
  version: labelled(z.number().int().nonnegative(), 'Версия'),
  items: labelled(z.array(loadItemSchema).max(3000), 'Нагрузка'),
});

const slotFields = {
  weekday,
  lessonNumber,
  classId: positiveId('Класс'),
  groupId: labelled(z.number().int().positive().nullable(), 'Группа'),
  subjectId: positiveId('Предмет'),
  teacherUserId: positiveId('Учитель'),
  room: optionalText('Кабинет', 20),
  validFrom: labelled(isoDate('Действует с').nullable(), 'Действует с'),
  validTo: labelled(isoDate('Действует по').nullable(), 'Действует по'),
};
export const slotSchema = z.object({ id: z.number(), ...slotFields });
export const timetableSchema = z.object({ yearId: z.number(), version: z.number(), slots: z.array(slotSchema) });
export const saveTimetableBodySchema = z.strictObject({
  version: labelled(z.number().int().nonnegative(), 'Версия'),
  slots: labelled(z.array(z.strictObject({ id: labelled(z.number().int().positive().nullable(), 'Урок'), ...slotFields })).max(5000), 'Расписание'),
});
export const timetableChangeBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cancel'), date: isoDate('Дата'), slotId: positiveId('Урок'), reason: text('Причина', 200) }),
  z.strictObject({
    kind: z.literal('substitute'),
    date: isoDate('Дата'),
    slotId: positiveId('Урок'),
    teacherUserId: positiveId('Замещающий учитель'),
    room: optionalText('Кабинет', 20),
    reason: text('Причина', 200),
  }),
  z.strictObject({
    kind: z.literal('extra'),
    date: isoDate('Дата'),
    lessonNumber,
    classId: positiveId('Класс'),
    groupId: labelled(z.number().int().positive().nullable(), 'Группа'),
    subjectId: positiveId('Предмет'),
    teacherUserId: positiveId('Учитель'),
    room: optionalText('Кабинет', 20),
    reason: text('Причина', 200),
  }),
]);
export const changeIdParams = z.strictObject({ changeId: id('Изменение расписания') });
export const lessonsQuerySchema = z.strictObject({ from: isoDate('С даты'), to: isoDate('По дату') });
export const lessonsSchema = z.object({
  lessons: z.array(
    z.object({
      date: z.string(),
      lessonNumber: z.number(),
      classId: z.number(),
      groupId: z.number().nullable(),
      subjectId: z.number(),
      teacherUserId: z.number(),
      replacedTeacherUserId: z.number().nullable(),
      room: z.string().nullable(),
      slotId: z.number().nullable(),
      changeId: z.number().nullable(),
    }),
  ),
});

// --- imports and exports ---

const IMPORT_KINDS = ['students', 'staff', 'guardians', 'curriculum', 'timetable'] as const;
export const importKindSchema = labelled(z.enum(IMPORT_KINDS), 'Что загружаем');
export const importKindParams = z.strictObject({ kind: importKindSchema });
export const importBodySchema = z.strictObject({
  fileName: text('Имя файла', 200),
  // Base64 of the file: the API stays JSON-only (see the CSRF rule in docs/architecture.md).
  contentBase64: labelled(z.string().min(1).max(40_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'Файл должен быть передан в base64'), 'Файл'),
  commit: labelled(z.boolean(), 'Записать'),
});
export const importReportSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  totalRows: z.number(),
  validRows: z.number(),
  problems: z.array(z.object({ rowNumber: z.number(), column: z.string(), message: z.string() })),
  ignoredColumns: z.array(z.string()),
  // What a commit replaces or removes besides adding rows (e.g. the current timetable), shown before it.
  notes: z.array(z.string()),
  isCommitted: z.boolean(),
  created: z.number(),
});

// --- year rollover ---

export const rolloverQuerySchema = z.strictObject({ promoteNinthGrade: labelled(z.enum(['true', 'false']).default('false'), '9 классы переходят в 10') });
export const rolloverBodySchema = z.strictObject({ promoteNinthGrade: labelled(z.boolean(), '9 классы переходят в 10') });
export const rolloverPlanSchema = z.object({
  fromYear: z.string(),
  toYear: z.string(),
  promotions: z.array(z.object({ fromClassId: z.number(), from: z.string(), to: z.string(), students: z.number() })),
  graduations: z.array(z.object({ fromClassId: z.number(), className: z.string(), students: z.number() })),
  curriculumItems: z.number(),
});
export const rolloverResultSchema = z.object({ newYearId: z.number(), plan: rolloverPlanSchema });

// --- the pupil's card ---

export const studentCardDetailsSchema = z.object({
  classHistory: z.array(z.object({ classId: z.number(), className: z.string(), academicYear: z.string(), fromDate: z.string(), toDate: z.string().nullable() })),
  guardians: z.array(z.object({ userId: z.number(), name: z.string(), relation: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() })),
  consents: z.array(
    z.object({ id: z.number(), kind: z.enum(['personal-data', 'e-journal', 'photo']), givenBy: z.string(), givenOn: z.string(), document: z.string().nullable(), revokedOn: z.string().nullable() }),
  ),
});
const phoneField = labelled(
  z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s()-]/g, ''))
    .pipe(z.string().regex(/^(\+7|8)\d{10}$/, 'Телефон: +7 и 10 цифр'))
    .transform((v) => `+7${v.slice(-10)}`)
    .nullable(),
  'Телефон',
);
const emailField = labelled(z.string().trim().toLowerCase().max(100).email('Неверный адрес электронной почты').nullable(), 'Электронная почта');
export const addGuardianBodySchema = z.strictObject({ ...personNameFields, relation: optionalText('Кем приходится', 30), phone: phoneField, email: emailField });
export const guardianParams = z.strictObject({ studentId: id('Обучающийся'), guardianUserId: id('Родитель') });
export const guardianContactsBodySchema = z.strictObject({ phone: phoneField, email: emailField });
export const consentBodySchema = z.strictObject({
  kind: labelled(z.enum(['personal-data', 'e-journal', 'photo']), 'Вид согласия'),
  givenBy: text('Кто дал согласие', 120),
  givenOn: isoDate('Дата согласия'),
  document: optionalText('Документ', 200),
});
export const consentParams = z.strictObject({ studentId: id('Обучающийся'), consentId: id('Согласие') });
export const revokeConsentBodySchema = z.strictObject({ revokedOn: isoDate('Дата отзыва') });
