// Re-verification of a recorded archive (issue 6, item 5): after writing, whenever its drive is plugged in, and
// on request. The manifest is trusted only if its SHA-256 matches the one recorded in the database when the
// archive was written; then every file it names is read back and compared by size and SHA-256. Every problem
// names its file, in Russian. The result is recorded (verification row, archive status, audit) in one
// transaction. Nothing on the drive is ever changed or deleted here.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AppError } from '../common/app-error';
import type { Db } from '../db/connection';
import {
  archiveById,
  insertArchiveVerification,
  setArchiveStatus,
  type ArchiveProblemRecord,
  type ArchiveRecord,
  type ArchiveStatus,
  type VerificationTrigger,
} from '../db/repositories/archive-repo';
import { recordAudit } from '../audit/audit-service';
import { CHECKSUMS_FILE, MANIFEST_FILE, MANIFEST_FORMAT, type ArchiveManifest, type ArchiveManifestFile } from './archive-layout';
import { hashFile, type ReadBackMode } from './archive-io';

export interface ArchiveCheck {
  status: ArchiveStatus;
  problems: ArchiveProblemRecord[];
  checkedFiles: number;
  checkedBytes: number;
}

export interface ArchiveVerification extends ArchiveCheck {
  archiveId: number;
  verificationId: number;
  verifiedAt: string;
  trigger: VerificationTrigger;
}

/** Files that operating systems add to folders they show; not a change of the archive. */
const SYSTEM_FILES = /^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|\.fseventsd|\.Spotlight-V100|\.Trashes)$/i;

/**
 * Checks an archive folder against its manifest, without recording anything. `expectedManifestSha256` is the
 * hash recorded when the archive was written (null: trust the manifest as found, e.g. a folder not recorded).
 */
export async function checkArchiveFolder(
  folder: string,
  expectedManifestSha256: string | null,
  options: { readBack?: ReadBackMode; signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<ArchiveCheck> {
  const problems: ArchiveProblemRecord[] = [];
  let stat: fs.Stats | null = null;
  try {
    stat = await fsp.stat(folder);
  } catch {
    stat = null;
  }
  if (!stat?.isDirectory()) {
    return { status: 'missing', problems: [{ file: path.basename(folder), problem: 'Папка архива не найдена на диске (удалена, переименована или перемещена).' }], checkedFiles: 0, checkedBytes: 0 };
  }

  let manifestBytes: Buffer | null = null;
  try {
    manifestBytes = await fsp.readFile(path.join(folder, MANIFEST_FILE));
  } catch {
    problems.push({ file: MANIFEST_FILE, problem: 'Опись архива отсутствует: проверить файлы не по чему.' });
  }
  let manifest: ArchiveManifest | null = null;
  if (manifestBytes) {
    const actual = createHash('sha256').update(manifestBytes).digest('hex');
    if (expectedManifestSha256 !== null && actual !== expectedManifestSha256) {
      problems.push({ file: MANIFEST_FILE, problem: 'Опись архива изменена после записи (контрольная сумма не совпадает с записанной в журнале).' });
    }
    manifest = parseManifest(manifestBytes);
    if (!manifest) problems.push({ file: MANIFEST_FILE, problem: 'Опись архива повреждена: это не опись в формате ' + MANIFEST_FORMAT + '.' });
  }

  let checkedFiles = 0;
  let checkedBytes = 0;
  if (manifest) {
    const total = manifest.files.reduce((a, f) => a + f.size, 0);
    const listed = new Set<string>([MANIFEST_FILE, CHECKSUMS_FILE]);
    for (const file of manifest.files) {
      options.signal?.throwIfAborted();
      listed.add(file.path);
      const problem = await checkFile(folder, file, options.readBack ?? 'direct', options.signal);
      if (problem) problems.push({ file: file.path, problem });
      checkedFiles++;
      checkedBytes += file.size;
      options.onProgress?.(checkedBytes / Math.max(1, total));
    }
    // SHA256SUMS must say what the manifest says, or `sha256sum -c` would check something else.
    const manifestSha = manifestBytes ? createHash('sha256').update(manifestBytes).digest('hex') : '';
    const expectedSums = [...manifest.files, { path: MANIFEST_FILE, size: 0, sha256: manifestSha }].map((f) => `${f.sha256}  ${f.path}\n`).join('');
    // manifest.json was checked above; count it and SHA256SUMS, so the count matches the archive's file count.
    checkedFiles++;
    try {
      const sums = await fsp.readFile(path.join(folder, CHECKSUMS_FILE), 'utf8');
      checkedFiles++;
      if (sums !== expectedSums) problems.push({ file: CHECKSUMS_FILE, problem: 'Файл контрольных сумм изменён: не совпадает с описью архива.' });
    } catch {
      problems.push({ file: CHECKSUMS_FILE, problem: 'Файл контрольных сумм отсутствует.' });
    }
    for (const extra of await filesUnder(folder)) {
      if (!listed.has(extra) && !SYSTEM_FILES.test(path.posix.basename(extra))) {
        problems.push({ file: extra, problem: 'Лишний файл: его нет в описи архива (добавлен после записи).' });
      }
    }
  }
  return { status: problems.length === 0 ? 'ok' : 'damaged', problems, checkedFiles, checkedBytes };
}

async function checkFile(folder: string, file: ArchiveManifestFile, readBack: ReadBackMode, signal?: AbortSignal): Promise<string | null> {
  const full = path.join(folder, ...file.path.split('/'));
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(full);
  } catch {
    return 'Файл отсутствует.';
  }
  if (!stat.isFile()) return 'На месте файла не файл.';
  if (stat.size !== file.size) return `Размер изменён: ${stat.size} байт вместо ${file.size}.`;
  try {
    const read = await hashFile(full, readBack, undefined, signal);
    if (read.size !== file.size) return `Размер изменён: прочитано ${read.size} байт вместо ${file.size}.`;
    if (read.sha256 !== file.sha256) return 'Содержимое изменено: контрольная сумма SHA-256 не совпадает.';
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    return `Файл не читается: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`;
  }
  return null;
}

function parseManifest(bytes: Buffer): ArchiveManifest | null {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<ArchiveManifest>;
    if (value.format !== MANIFEST_FORMAT || !Array.isArray(value.files)) return null;
    const safe = value.files.every(
      (f: Partial<ArchiveManifestFile>) =>
        typeof f.path === 'string' && typeof f.size === 'number' && typeof f.sha256 === 'string' && !f.path.split('/').includes('..') && !path.isAbsolute(f.path),
    );
    return safe ? (value as ArchiveManifest) : null;
  } catch {
    return null;
  }
}

async function filesUnder(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fsp.readdir(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(root, relative)));
    else out.push(relative);
  }
  return out;
}

/**
 * Verifies a recorded archive on a drive mounted at `mountPath` and records the result. The caller has found
 * the drive by its identity; if it is not attached, there is nothing to verify (and nothing is recorded).
 */
export async function verifyRecordedArchive(
  db: Db,
  input: { archiveId: number; mountPath: string; trigger: VerificationTrigger; userId: number | null; clock?: () => Date; signal?: AbortSignal; readBack?: ReadBackMode },
): Promise<ArchiveVerification> {
  const archive = await archiveById(db, input.archiveId);
  if (!archive) throw new AppError(404, 'not-found', 'Архив не найден.');
  const check = await checkArchiveFolder(path.join(input.mountPath, ...archive.folder.split('/')), archive.manifest_sha256, {
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.readBack ? { readBack: input.readBack } : {}),
  });
  return recordVerification(db, archive, check, input);
}

async function recordVerification(
  db: Db,
  archive: ArchiveRecord,
  check: ArchiveCheck,
  input: { trigger: VerificationTrigger; userId: number | null; clock?: () => Date },
): Promise<ArchiveVerification> {
  const verifiedAt = (input.clock ?? (() => new Date()))().toISOString();
  const verificationId = await db.transaction(async (trx) => {
    const id = await insertArchiveVerification(trx, {
      archive_id: archive.id,
      verified_at: verifiedAt,
      trigger: input.trigger,
      requested_by_user_id: input.userId,
      status: check.status,
      problems: check.problems,
    });
    await setArchiveStatus(trx, archive.id, check.status, verifiedAt);
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: 'archive.verify',
      entity: 'archive',
      entityId: archive.id,
      oldValue: { status: archive.status },
      newValue: { status: check.status, trigger: input.trigger, problems: check.problems.slice(0, 50), checkedFiles: check.checkedFiles },
    });
    return id;
  });
  return { archiveId: archive.id, verificationId, verifiedAt, trigger: input.trigger, ...check };
}
