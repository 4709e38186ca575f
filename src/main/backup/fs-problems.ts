// Turns file-system and SQLite failures of backups and restores into Russian sentences that say what happened
// to which folder and what to do; the raw error is kept only for the log.

import { AppError } from '../common/app-error';

interface CodedError {
  code?: unknown;
  message?: unknown;
}

function codeOf(error: unknown): string {
  const coded = error as CodedError | null;
  return typeof coded?.code === 'string' ? coded.code : '';
}

/** Why a folder or file could not be used, in Russian; `undefined` for errors that are not about the disk. */
export function diskProblem(error: unknown): string | undefined {
  const code = codeOf(error);
  const message = String((error as CodedError | null)?.message ?? '');
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || /disk is full|no space left/i.test(message)) {
    return 'на диске не хватает свободного места';
  }
  if (code === 'EROFS' || code === 'SQLITE_READONLY' || /read-only/i.test(message)) return 'диск или папка доступны только для чтения';
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') return 'нет прав на запись в папку';
  if (code === 'ENOENT') return 'папка не найдена (диск отключён или папка удалена)';
  if (code === 'ENOTDIR') return 'путь ведёт к файлу, а не к папке';
  if (code === 'EIO' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR')) return 'ошибка чтения или записи диска';
  return undefined;
}

/** A backup or restore could not be done because of the environment (disk, folder), not the request. */
export function backupFault(message: string): AppError {
  return new AppError(409, 'conflict', message);
}

/** Rethrows `error` as a Russian fault naming `what` when it is a disk problem; AppErrors pass unchanged. */
export function asFault(error: unknown, what: string): Error {
  if (error instanceof AppError) return error;
  const problem = diskProblem(error);
  if (problem) return backupFault(`${what}: ${problem}.`);
  return backupFault(`${what}: ${error instanceof Error ? error.message : String(error)}.`);
}
