// application/problem+json (RFC 9457): the single error shape of the API.

import { z } from 'zod';

export const fieldErrorSchema = z.object({
  field: z.string(),
  label: z.string(),
  message: z.string(),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
});

export type FieldError = z.infer<typeof fieldErrorSchema>;
export type Problem = z.infer<typeof problemSchema>;

/** Stable machine-readable codes; the UI reacts to some of them. */
export const PROBLEM_CODES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'password-change-required',
  'not-found',
  'conflict',
  'throttled',
  'setup-done',
  'payload-too-large',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
