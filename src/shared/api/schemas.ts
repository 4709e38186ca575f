// zod schemas of the API's payloads. Request objects are strict: an unknown field is an
// error (a typo must not be silently ignored).

import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { LOGIN_PATTERN } from '../domain/logins';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords';
import { id, labelled, optionalText, text } from './fields';

export const roleSchema = z.enum(ROLES);

export const loginField = labelled(
  z.string().trim().toLowerCase().regex(LOGIN_PATTERN, 'Логин: 3-40 латинских букв, цифр, точек, дефисов или подчёркиваний'),
  'Логин',
);
export const passwordField = (label: string) => labelled(z.string().min(1).max(PASSWORD_MAX_LENGTH), label);

export const personNameFields = {
  lastName: text('Фамилия', 60),
  firstName: text('Имя', 60),
  middleName: optionalText('Отчество', 60),
};

export const okSchema = z.object({ ok: z.literal(true) });

// --- health and setup ---

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.literal('ok'),
  uptimeSeconds: z.number(),
});

export const setupStatusSchema = z.object({
  isSetUp: z.boolean(),
  schoolName: z.string().nullable(),
});

export const setupBodySchema = z.strictObject({
  schoolName: text('Название школы', 200, 3),
  admin: labelled(
    z.strictObject({
      ...personNameFields,
      login: loginField,
      password: passwordField('Пароль администратора'),
    }),
    'Администратор',
  ),
});

// --- accounts ---

export const meSchema = z.object({
  user: z.object({
    id: z.number(),
    login: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    roles: z.array(roleSchema),
  }),
  mustChangePassword: z.boolean(),
  schoolName: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const loginBodySchema = z.strictObject({
  login: labelled(z.string().trim().toLowerCase().min(1).max(40), 'Логин'),
  password: passwordField('Пароль'),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: passwordField('Текущий пароль'),
  newPassword: passwordField('Новый пароль'),
});

export const userSchema = z.object({
  id: z.number(),
  login: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  roles: z.array(roleSchema),
  isBlocked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
export type User = z.infer<typeof userSchema>;

export const rolesField = labelled(z.array(roleSchema).min(1).max(7), 'Роли');

export const userListQuerySchema = z.strictObject({
  search: labelled(z.string().trim().max(60).optional(), 'Поиск'),
  role: labelled(roleSchema.optional(), 'Роль'),
});

export const userListSchema = z.object({ users: z.array(userSchema) });

export const createUserBodySchema = z.strictObject({
  ...personNameFields,
  login: labelled(loginField.optional(), 'Логин'),
  roles: rolesField,
});

export const userWithPasswordSchema = z.object({
  user: userSchema,
  initialPassword: z.string(),
});

export const userIdParamsSchema = z.strictObject({ userId: id('Пользователь') });

export const updateUserBodySchema = z.strictObject({
  version: labelled(z.number().int().nonnegative(), 'Версия записи'),
  lastName: text('Фамилия', 60).optional(),
  firstName: text('Имя', 60).optional(),
  middleName: optionalText('Отчество', 60).optional(),
  roles: rolesField.optional(),
  isBlocked: labelled(z.boolean().optional(), 'Заблокирован'),
});

export const credentialsSheetBodySchema = z.strictObject({
  userIds: labelled(z.array(z.number().int().positive()).min(1).max(2000), 'Пользователи'),
});

// --- audit ---

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string().nullable(),
});

export const auditListQuerySchema = z.strictObject({
  beforeId: labelled(z.coerce.number().int().positive().optional(), 'Начиная с записи'),
  limit: labelled(z.coerce.number().int().min(1).max(500).default(100), 'Количество'),
});

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

export const auditVerificationSchema = z.object({
  isIntact: z.boolean(),
  checkedRows: z.number(),
  firstBrokenRowId: z.number().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

// --- settings ---

export const networkSettingsSchema = z.object({
  lanEnabled: z.boolean(),
  port: z.number(),
  listeningOn: z.string(),
  lanAddresses: z.array(z.string()),
});

export const networkSettingsBodySchema = z.strictObject({
  lanEnabled: labelled(z.boolean(), 'Доступ из локальной сети'),
});

// --- school (read side; the school-structure issue adds editing) ---

export const classSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  level: z.number(),
  letter: z.string(),
  classTeacherName: z.string().nullable(),
  studentCount: z.number(),
});

export const classListSchema = z.object({ classes: z.array(classSummarySchema) });

export const classIdParamsSchema = z.strictObject({ classId: id('Класс') });
export const studentIdParamsSchema = z.strictObject({ studentId: id('Обучающийся') });

export const studentSummarySchema = z.object({
  id: z.number(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  className: z.string().nullable(),
});

export const classStudentsSchema = z.object({
  classId: z.number(),
  className: z.string(),
  students: z.array(studentSummarySchema),
});

export const studentCardSchema = studentSummarySchema.extend({
  birthDate: z.string().nullable(),
  guardians: z.array(z.object({ name: z.string(), relation: z.string().nullable() })),
});

export const childrenSchema = z.object({ children: z.array(studentSummarySchema) });
