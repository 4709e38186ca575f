// Errors that services throw and the server turns into problem+json. The message is the
// Russian text the user reads, so it must say what is wrong and, where possible, what to do.

import type { FieldError, ProblemCode } from '../../shared/api/problem';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not-found', `${what} не найден(а)`);
export const forbidden = (reason: string) => new AppError(403, 'forbidden', reason);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
export const invalid = (field: string, label: string, message: string) =>
  new AppError(400, 'validation', `${label}: ${message}`, [{ field, label, message }]);
