// Re-verification of a recorded archive (issue 6, item 5): after writing, whenever its drive is plugged in, and
// on request. The manifest is trusted only if its SHA-256 matches the one recorded in the database when the
// archive was written; then every file it names is read back and compared by size and SHA-256 (only regular
// files inside the archive folder: links and paths leading out of it are reported, never followed). Every problem
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
 * Limits on what a manifest may ask of the server. A real archive lists a few files per class (hundreds at
 * most); a manifest beyond these is not one this program wrote, and following it would only tie the server up.
 */
const MAX_MANIFEST_FILES = 20_000;
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_PATH_LENGTH = 1_000;
/** Entries walked in the archive folder before giving up: the walk itself must not hang on a hostile drive. */
const MAX_FOLDER_ENTRIES = 100_000;

const LINK_PROBLEM = 'Ссылка (symlink) вместо файла: программа её не открывает и не проверяет; в архиве ссылок не бывает.';
const NOT_A_FILE_PROBLEM = 'На месте файла не файл (устройство, канал или иной особый объект): не открывается и не проверяется.';

type EntryKind = 'file' | 'link' | 'other';

/**
 * Checks an archive folder against its manifest, without recording anything. `expectedManifestSha256` is the
 * hash recorded when the archive was written (null: trust the manifest as found, e.g. a folder not recorded).
 *
 * Whatever is on the drive may have been made by anyone, so nothing in the folder steers what is read: the
 * folder is walked without following links, only regular files found by that walk are ever opened, and a
 * manifest whose hash differs from the recorded one is not followed at all (its names are only compared with
 * what the walk found).
 */
export async function checkArchiveFolder(
  folder: string,
  expectedManifestSha256: string | null,
  options: { readBack?: ReadBackMode; signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<ArchiveCheck> {
  const problems: ArchiveProblemRecord[] = [];
  const root = path.resolve(folder);
  let stat: fs.Stats | null = null;
  try {
    stat = await fsp.lstat(root);
  } catch {
    stat = null;
  }
  if (stat?.isSymbolicLink()) {
    // A link in place of the folder would have every file read from wherever it points.
    return { status: 'damaged', problems: [{ file: path.basename(root), problem: 'На месте папки архива ссылка (symlink): по ней программа не переходит, архив не проверен.' }], checkedFiles: 0, checkedBytes: 0 };
  }
  if (!stat?.isDirectory()) {
    return { status: 'missing', problems: [{ file: path.basename(root), problem: 'Папка архива не найдена на диске (удалена, переименована или перемещена).' }], checkedFiles: 0, checkedBytes: 0 };
  }

  const walk = await entriesUnder(root, options.signal);
  if (walk.truncated) problems.push({ file: path.basename(root), problem: `В папке архива больше ${MAX_FOLDER_ENTRIES} файлов: это не архив программы, проверены не все.` });
  const entries = walk.entries;
  /** Files already named in a problem: a link is reported once, whether the manifest lists it or not. */
  const reported = new Set<string>();

  let manifestBytes: Buffer | null = null;
  const manifestKind = entries.get(MANIFEST_FILE);
  if (manifestKind === undefined) {
    problems.push({ file: MANIFEST_FILE, problem: 'Опись архива отсутствует: проверить файлы не по чему.' });
  } else if (manifestKind !== 'file') {
    problems.push({ file: MANIFEST_FILE, problem: manifestKind === 'link' ? LINK_PROBLEM : NOT_A_FILE_PROBLEM });
    reported.add(MANIFEST_FILE);
  } else {
    try {
      manifestBytes = await readSmallFile(path.join(root, MANIFEST_FILE), MAX_MANIFEST_BYTES);
      if (!manifestBytes) problems.push({ file: MANIFEST_FILE, problem: 'Опись архива слишком велика: это не опись, записанная программой.' });
    } catch (error) {
      problems.push({ file: MANIFEST_FILE, problem: `Опись архива не читается: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` });
    }
  }

  let manifest: ArchiveManifest | null = null;
  let trusted = false;
  let manifestSha = '';
  if (manifestBytes) {
    manifestSha = createHash('sha256').update(manifestBytes).digest('hex');
    trusted = expectedManifestSha256 === null || manifestSha === expectedManifestSha256;
    if (!trusted) {
      problems.push({ file: MANIFEST_FILE, problem: 'Опись архива изменена после записи (контрольная сумма не совпадает с записанной в журнале): файлы по ней не проверялись.' });
    }
    const parsed = parseManifest(manifestBytes);
    if ('error' in parsed) {
      problems.push({ file: MANIFEST_FILE, problem: parsed.error });
      if (parsed.badPath !== undefined) problems.push({ file: parsed.badPath, problem: 'Недопустимый путь в описи архива (выход за папку архива, «\\», «:», пустые части или повтор): по нему ничего не читается.' });
    } else {
      manifest = parsed.manifest;
    }
  }

  let checkedFiles = 0;
  let checkedBytes = 0;
  const listed = new Set<string>([MANIFEST_FILE, CHECKSUMS_FILE]);
  if (manifest) {
    for (const file of manifest.files) listed.add(file.path);
    if (trusted) {
      const total = manifest.files.reduce((a, f) => a + f.size, 0);
      for (const file of manifest.files) {
        options.signal?.throwIfAborted();
        const problem = await checkFile(root, file, entries.get(file.path), options.readBack ?? 'direct', options.signal);
        if (problem) {
          problems.push({ file: file.path, problem });
          reported.add(file.path);
        }
        checkedFiles++;
        checkedBytes += file.size;
        options.onProgress?.(checkedBytes / Math.max(1, total));
      }
      // SHA256SUMS must say what the manifest says, or `sha256sum -c` would check something else.
      const expectedSums = [...manifest.files, { path: MANIFEST_FILE, size: 0, sha256: manifestSha }].map((f) => `${f.sha256}  ${f.path}\n`).join('');
      // manifest.json was checked above; count it and SHA256SUMS, so the count matches the archive's file count.
      checkedFiles++;
      const sumsKind = entries.get(CHECKSUMS_FILE);
      if (sumsKind === undefined) {
        problems.push({ file: CHECKSUMS_FILE, problem: 'Файл контрольных сумм отсутствует.' });
      } else if (sumsKind !== 'file') {
        problems.push({ file: CHECKSUMS_FILE, problem: sumsKind === 'link' ? LINK_PROBLEM : NOT_A_FILE_PROBLEM });
        reported.add(CHECKSUMS_FILE);
      } else {
        try {
          const sums = await readSmallFile(path.join(root, CHECKSUMS_FILE), MAX_MANIFEST_BYTES);
          checkedFiles++;
          if (sums?.toString('utf8') !== expectedSums) problems.push({ file: CHECKSUMS_FILE, problem: 'Файл контрольных сумм изменён: не совпадает с описью архива.' });
        } catch {
          problems.push({ file: CHECKSUMS_FILE, problem: 'Файл контрольных сумм не читается.' });
        }
      }
    } else {
      // An altered manifest may name anything; only compare its names with what is there, reading nothing.
      for (const file of manifest.files) {
        if (!entries.has(file.path)) problems.push({ file: file.path, problem: 'Файл отсутствует (по изменённой описи; содержимое архива не проверялось).' });
      }
    }
  }
  for (const [relative, kind] of entries) {
    if (reported.has(relative)) continue;
    if (kind !== 'file') problems.push({ file: relative, problem: kind === 'link' ? LINK_PROBLEM : NOT_A_FILE_PROBLEM });
    else if (manifest && !listed.has(relative) && !SYSTEM_FILES.test(path.posix.basename(relative))) {
      problems.push({ file: relative, problem: 'Лишний файл: его нет в описи архива (добавлен после записи).' });
    }
  }
  return { status: problems.length === 0 ? 'ok' : 'damaged', problems, checkedFiles, checkedBytes };
}

async function checkFile(root: string, file: ArchiveManifestFile, kind: EntryKind | undefined, readBack: ReadBackMode, signal?: AbortSignal): Promise<string | null> {
  // Only what the walk found as a regular file is opened: no links (of the file or of a folder on its way).
  if (kind === undefined) return 'Файл отсутствует.';
  if (kind === 'link') return LINK_PROBLEM;
  if (kind !== 'file') return NOT_A_FILE_PROBLEM;
  const full = insideArchive(root, file.path);
  if (!full) return 'Путь файла выходит за папку архива: файл не читается.';
  let stat: fs.Stats;
  try {
    stat = await fsp.lstat(full);
  } catch {
    return 'Файл отсутствует.';
  }
  if (stat.isSymbolicLink()) return LINK_PROBLEM;
  if (!stat.isFile()) return NOT_A_FILE_PROBLEM;
  if (stat.size !== file.size) return `Размер изменён: ${stat.size} байт вместо ${file.size}.`;
  try {
    const read = await hashFile(full, readBack, undefined, signal, { noFollow: true });
    if (read.size !== file.size) return `Размер изменён: прочитано ${read.size} байт вместо ${file.size}.`;
    if (read.sha256 !== file.sha256) return 'Содержимое изменено: контрольная сумма SHA-256 не совпадает.';
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return LINK_PROBLEM;
    return `Файл не читается: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`;
  }
  return null;
}

/** The absolute path of a manifest path, or null if it would resolve outside the archive folder. */
function insideArchive(root: string, relative: string): string | null {
  const full = path.resolve(root, ...relative.split('/'));
  const back = path.relative(root, full);
  if (back === '' || back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) return null;
  return full;
}

/** A manifest path as this program writes it: '/'-separated plain names, nothing a filesystem reads specially. */
function safeManifestPath(value: string): boolean {
  if (value.length === 0 || value.length > MAX_PATH_LENGTH) return false;
  // '\' separates folders on Windows and ':' names drives and streams there; NUL ends a path in the OS.
  if (/[\\:\0]/.test(value)) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

type ParsedManifest = { manifest: ArchiveManifest } | { error: string; badPath?: string };

function parseManifest(bytes: Buffer): ParsedManifest {
  const notManifest = { error: 'Опись архива повреждена: это не опись в формате ' + MANIFEST_FORMAT + '.' };
  let value: Partial<ArchiveManifest>;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Partial<ArchiveManifest>;
  } catch {
    return notManifest;
  }
  if (value === null || typeof value !== 'object' || value.format !== MANIFEST_FORMAT || !Array.isArray(value.files)) return notManifest;
  if (value.files.length > MAX_MANIFEST_FILES) return { error: `Опись архива отвергнута: в ней ${value.files.length} файлов, больше допустимых ${MAX_MANIFEST_FILES}.` };
  // Case-insensitive: on FAT/exFAT/NTFS drives 'A.pdf' and 'a.pdf' are one file, read twice otherwise.
  const seen = new Set<string>([MANIFEST_FILE.toLowerCase(), CHECKSUMS_FILE.toLowerCase()]);
  for (const f of value.files as unknown[]) {
    const file = f as Partial<ArchiveManifestFile> | null;
    if (file === null || typeof file !== 'object' || typeof file.path !== 'string' || !Number.isSafeInteger(file.size) || (file.size ?? -1) < 0 || typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) {
      return notManifest;
    }
    const shown = file.path.length > 200 ? `${file.path.slice(0, 200)}…` : file.path;
    if (!safeManifestPath(file.path)) return { error: `Опись архива отвергнута: недопустимый путь «${shown.replace(/\0/g, '\\0')}».`, badPath: shown.replace(/\0/g, '\\0') };
    const key = file.path.toLowerCase();
    if (seen.has(key)) return { error: `Опись архива отвергнута: файл «${shown}» указан в ней дважды.`, badPath: shown };
    seen.add(key);
  }
  return { manifest: value as ArchiveManifest };
}

/** Reads a file that must be small and a regular file (not through a link); null if it is larger than `limit`. */
async function readSmallFile(file: string, limit: number): Promise<Buffer | null> {
  const handle = await fsp.open(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > limit) return null;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Every entry under the archive folder, '/'-separated, with its kind. Links are listed, never followed (a
 * linked folder is not entered), so a file found here lies inside the folder on the drive itself.
 */
async function entriesUnder(root: string, signal?: AbortSignal): Promise<{ entries: Map<string, EntryKind>; truncated: boolean }> {
  const entries = new Map<string, EntryKind>();
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const prefix = pending.shift()!;
    let list: fs.Dirent[];
    try {
      list = await fsp.readdir(path.join(root, prefix), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of list) {
      if (entries.size >= MAX_FOLDER_ENTRIES) return { entries, truncated: true };
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) entries.set(relative, 'link');
      else if (entry.isDirectory()) pending.push(relative);
      else entries.set(relative, entry.isFile() ? 'file' : 'other');
    }
  }
  return { entries, truncated: false };
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
