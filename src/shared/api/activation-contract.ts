// Parents' activation codes (3.3): the class teacher prints a sheet of codes for the class; a parent
// attaches their account to the child with one (the diary issue consumes them). Spread into `api` in contract.ts.

import { z } from 'zod';
import { endpoint } from './endpoint';
import { id } from './fields';
import { classIdParamsSchema } from './schemas';

/** Omitted studentId: a code for every pupil of the class. A new code revokes the pupil's unused ones. */
export const issueActivationCodesBodySchema = z.strictObject({
  studentId: id('Обучающийся').optional(),
});

/** The state of a pupil's codes; the code itself is never stored in clear, so it is never shown again. */
export const activationCodeStatusSchema = z.object({
  studentId: z.number(),
  studentName: z.string(),
  /** The code that works now, if any. */
  active: z.object({ createdAt: z.string(), expiresAt: z.string(), createdByName: z.string() }).nullable(),
  /** Codes already used: by whom and when, newest first. */
  uses: z.array(z.object({ usedAt: z.string(), usedByName: z.string() })),
});
export const activationCodeListSchema = z.object({
  classId: z.number(),
  className: z.string(),
  students: z.array(activationCodeStatusSchema),
});

export const activationApi = {
  issueClassActivationCodes: endpoint({
    method: 'POST',
    path: '/classes/:classId/activation-codes',
    summary: 'Коды активации для родителей: лист для печати (PDF); прежние неиспользованные коды отменяются',
    permission: 'class.activationCodes',
    params: classIdParamsSchema,
    body: issueActivationCodesBodySchema,
    response: { kind: 'file', contentType: 'application/pdf' },
  }),
  listClassActivationCodes: endpoint({
    method: 'GET',
    path: '/classes/:classId/activation-codes',
    summary: 'Коды активации класса: у кого действующий код, кто и когда им воспользовался',
    permission: 'class.read',
    params: classIdParamsSchema,
    response: activationCodeListSchema,
  }),
} as const;
