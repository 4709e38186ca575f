// Field builders that carry a Russian label, so a validation error can name the field
// the way the user sees it ("Логин", not "login").

import { z } from 'zod';
import { isValidDate } from '../domain/calendar';

export function labelled<T extends z.ZodType>(schema: T, label: string): T {
  return schema.meta({ title: label });
}

export const text = (label: string, max: number, min = 1) =>
  labelled(z.string().trim().min(min).max(max), label);

export const optionalText = (label: string, max: number) =>
  labelled(z.string().trim().max(max).nullable(), label);

export const id = (label: string) => labelled(z.coerce.number().int().positive(), label);

export const isoDate = (label: string) =>
  labelled(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата должна быть в формате ГГГГ-ММ-ДД')
      .refine(isValidDate, 'Такой даты нет в календаре'),
    label,
  );
