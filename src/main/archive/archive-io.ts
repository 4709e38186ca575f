// Byte-level work of the archive: copying a file while hashing it, flushing files and folders to the disk, and
// reading a file back to hash it again. Kept apart from the pipeline so the verifier and the bench use the same
// code. Large buffers: a USB disk is fastest with long sequential writes, and SHA-256 of a 4 MiB block costs
// far less than the write itself.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const CHUNK_BYTES = 4 * 1024 * 1024;

export interface CopyResult {
  size: number;
  sha256: string;
}

/**
 * Copies `source` to `destination` (which must not exist: 'wx'), hashing the bytes as they pass. The hash is of
 * what was handed to the destination; the read-back later proves the drive returns the same bytes.
 */
export async function copyHashing(source: string, destination: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<CopyResult> {
  const input = await fsp.open(source, 'r');
  try {
    const output = await fsp.open(destination, 'wx');
    try {
      const hash = createHash('sha256');
      // Two buffers: the next chunk is read (thread pool) while this one is hashed (main thread) and written.
      const bufferBytes = bufferSizeFor((await input.stat()).size);
      let current = Buffer.allocUnsafe(bufferBytes);
      let spare = Buffer.allocUnsafe(bufferBytes);
      let size = 0;
      let reading = input.read(current, 0, bufferBytes, 0);
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await reading;
        if (bytesRead === 0) break;
        reading = input.read(spare, 0, bufferBytes, size + bytesRead);
        // If the write below fails, nobody awaits this read: its failure must not become an unhandled rejection.
        reading.catch(() => undefined);
        const chunk = current.subarray(0, bytesRead);
        hash.update(chunk);
        let written = 0;
        while (written < bytesRead) {
          const { bytesWritten } = await output.write(chunk, written, bytesRead - written, size + written);
          written += bytesWritten;
        }
        size += bytesRead;
        onBytes?.(bytesRead);
        [current, spare] = [spare, current];
      }
      return { size, sha256: hash.digest('hex') };
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** Small files get small buffers: an archive has hundreds of them, and 2 x 4 MiB each would only churn memory. */
function bufferSizeFor(fileBytes: number): number {
  return Math.min(CHUNK_BYTES, Math.max(64 * 1024, fileBytes + 1));
}

/** Writes a small buffer (manifest, sums, README) and returns its hash. */
export async function writeNewFile(destination: string, content: Buffer): Promise<CopyResult> {
  const output = await fsp.open(destination, 'wx');
  try {
    let written = 0;
    while (written < content.length) written += (await output.write(content, written, content.length - written, written)).bytesWritten;
  } finally {
    await output.close();
  }
  return { size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** fsync of a file: its data and size are on the disk, not only in the operating system's cache. */
export async function syncFile(file: string): Promise<void> {
  // 'r+': Windows flushes only handles opened for writing.
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fsync of a folder: the names in it (new files, a rename) are on the disk. Windows cannot open a folder for
 * this; NTFS journals its metadata, so there it is skipped.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export type ReadBackMode = 'direct' | 'cached';

/** Free pairs of aligned buffers: each read-back holds its own pair (a plug-in check may run beside a write). */
const alignedPool: Array<[Buffer, Buffer]> = [];

/**
 * Page-aligned buffers for O_DIRECT reads: WebAssembly memory is mapped by pages, so its start is aligned, which
 * Node's own Buffers do not promise.
 */
function takeDirectBuffers(): [Buffer, Buffer] {
  const free = alignedPool.pop();
  if (free) return free;
  const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
  const memory = Buffer.from(new wasm.Memory({ initial: (2 * CHUNK_BYTES) / 65536 }).buffer);
  return [memory.subarray(0, CHUNK_BYTES), memory.subarray(CHUNK_BYTES, 2 * CHUNK_BYTES)];
}

function returnDirectBuffers(buffers: [Buffer, Buffer]): void {
  // A few pairs are kept for the next files; more would only hold memory.
  if (alignedPool.length < 4) alignedPool.push(buffers);
}

/**
 * Hashes a whole file through two buffers: the next chunk is read (thread pool) while this one is hashed.
 * `direct` stops at a short read whose end is not sector-aligned (the end of the file under O_DIRECT).
 */
async function hashHandle(handle: fsp.FileHandle, buffers: [Buffer, Buffer], direct: boolean, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<CopyResult> {
  const hash = createHash('sha256');
  let [current, spare] = buffers;
  let size = 0;
  let reading = handle.read(current, 0, current.length, 0);
  for (;;) {
    signal?.throwIfAborted();
    const { bytesRead } = await reading;
    if (bytesRead === 0) break;
    const atEnd = direct && bytesRead < current.length && (size + bytesRead) % 512 !== 0;
    if (!atEnd) {
      reading = handle.read(spare, 0, spare.length, size + bytesRead);
      reading.catch(() => undefined);
    }
    hash.update(current.subarray(0, bytesRead));
    size += bytesRead;
    onBytes?.(bytesRead);
    if (atEnd) break;
    [current, spare] = [spare, current];
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Reads a file back and hashes it. Right after writing, an ordinary read is served from the operating system's
 * cache and would prove nothing about the disk; with `prefer: 'direct'` the read bypasses the cache (O_DIRECT,
 * Linux) where the filesystem allows it, and falls back to an ordinary read where it does not (tmpfs, some
 * FUSE filesystems, Windows, macOS). The mode used is returned, so the result says what was proven.
 */
export async function hashFile(
  file: string,
  prefer: ReadBackMode = 'cached',
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
  options: { noFollow?: boolean } = {},
): Promise<CopyResult & { mode: ReadBackMode }> {
  const direct = fs.constants.O_DIRECT;
  // A file on a drive someone else had in hand may have become a link since it was looked at: refuse to open
  // through it (O_NOFOLLOW; not on Windows, where the caller's lstat is the only guard).
  const noFollow = options.noFollow ? (fs.constants.O_NOFOLLOW ?? 0) : 0;
  if (prefer === 'direct' && direct !== undefined) {
    let handle: fsp.FileHandle | null = null;
    try {
      handle = await fsp.open(file, fs.constants.O_RDONLY | direct | noFollow);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
    }
    if (handle) {
      let reported = 0;
      const buffers = takeDirectBuffers();
      try {
        const result = await hashHandle(handle, buffers, true, (bytes) => {
          reported += bytes;
          onBytes?.(bytes);
        }, signal);
        return { ...result, mode: 'direct' };
      } catch (error) {
        // EINVAL mid-file: the filesystem takes O_DIRECT opens but not these reads; read it the ordinary way.
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
        onBytes?.(-reported);
      } finally {
        await handle.close();
        // Only now: a read still in flight after a failure must not land in buffers someone else holds.
        returnDirectBuffers(buffers);
      }
    }
  }
  const handle = await fsp.open(file, fs.constants.O_RDONLY | noFollow);
  try {
    const bytes = bufferSizeFor((await handle.stat()).size);
    const result = await hashHandle(handle, [Buffer.allocUnsafe(bytes), Buffer.allocUnsafe(bytes)], false, onBytes, signal);
    return { ...result, mode: 'cached' };
  } finally {
    await handle.close();
  }
}

/** Every folder on the way from `root` (inclusive) to each file, deepest first: the order to fsync them in. */
export function foldersOf(root: string, relativeFiles: readonly string[]): string[] {
  const folders = new Set<string>([root]);
  for (const file of relativeFiles) {
    let dir = path.dirname(path.join(root, ...file.split('/')));
    while (dir.length > root.length) {
      folders.add(dir);
      dir = path.dirname(dir);
    }
  }
  return [...folders].sort((a, b) => b.length - a.length);
}

/**
 * Runs `task` over `items` with at most `limit` at a time and returns the results in the items' order. An archive
 * has many small files; one at a time, each waits for several thread-pool round trips, so a few in flight keep
 * the disk busy. After the first failure no new task starts, and the failure is thrown once the running ones have
 * settled (so no file is still open when the caller cleans up).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
