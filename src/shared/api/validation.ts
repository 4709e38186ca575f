// Turns zod errors into Russian field errors that name the field as the user knows it.
// zod's own Russian locale words the message; the label comes from the schema's meta title.

import { z } from 'zod';
import type { FieldError } from './problem';

z.config(z.locales.ru());

type AnySchema = z.core.$ZodType;

function titleOf(schema: AnySchema): string | undefined {
  const meta = z.globalRegistry.get(schema);
  return typeof meta?.title === 'string' ? meta.title : undefined;
}

/** Unwraps optional/nullable/default/pipe wrappers, remembering the first label seen. */
function unwrap(schema: AnySchema): { inner: AnySchema; label: string | undefined } {
  let current = schema;
  let label = titleOf(current);
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as { innerType?: AnySchema; in?: AnySchema };
    const next = def.innerType ?? def.in;
    if (!next) break;
    current = next;
    label ??= titleOf(current);
  }
  return { inner: current, label };
}

function childOf(schema: AnySchema, key: PropertyKey): AnySchema | undefined {
  const def = schema._zod.def as { shape?: Record<string, AnySchema>; element?: AnySchema };
  if (def.shape && typeof key === 'string') return def.shape[key];
  if (def.element && typeof key === 'number') return def.element;
  return undefined;
}

/** The Russian label of the field at `path`, or the path itself when unlabelled. */
export function labelForPath(schema: AnySchema, path: readonly PropertyKey[]): string {
  let current: AnySchema | undefined = schema;
  let label: string | undefined;
  for (const key of path) {
    if (!current) break;
    const child = childOf(unwrap(current).inner, key);
    if (!child) {
      current = undefined;
      break;
    }
    current = child;
    const found = unwrap(child).label;
    if (typeof key === 'number') label = label ? `${label} №${key + 1}` : `№${key + 1}`;
    else label = found ?? String(key);
  }
  return label ?? path.map(String).join('.');
}

export function toFieldErrors(schema: AnySchema, error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        errors.push({ field: path.map(String).join('.'), label: key, message: `Неизвестное поле «${key}»` });
      }
      continue;
    }
    const field = issue.path.map(String).join('.');
    const label = issue.path.length === 0 ? 'Запрос' : labelForPath(schema, issue.path);
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'Обязательное поле' : issue.message;
    errors.push({ field, label, message });
  }
  return errors;
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.label}: ${e.message}`).join('; ');
}
