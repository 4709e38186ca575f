// Helpers of the yearly-archive tests: drives as real folders or loop-mounted filesystem images, running an
// archive through the API and waiting for it, and the real `sha256sum -c` / `sqlite3` checks.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ArchiveJob } from '../../../src/shared/api/archive-schemas';
import type { Client } from './test-server';

interface DriveListReply {
  drives: Array<{ identity: string; mountPath: string; label: string; readOnly: boolean }>;
}

/**
 * A folder that the drive monitor takes for a plugged-in drive. Not empty: an empty folder on the same device as
 * the drives folder looks like a mount point whose drive is not mounted yet, and is skipped.
 */
export function makeFolderDrive(root: string, name: string): string {
  const mountPath = path.join(root, name);
  fs.mkdirSync(mountPath, { recursive: true });
  fs.writeFileSync(path.join(mountPath, 'disk.txt'), 'тестовый диск\n');
  return mountPath;
}

/** The identity the server gives the drive mounted at `mountPath` (after a fresh scan). */
export async function driveAt(admin: Client, mountPath: string): Promise<{ identity: string; label: string; readOnly: boolean }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const reply = await admin.post<DriveListReply>('/api/v1/drives/rescan', {});
    const drive = reply.body.drives?.find((d) => path.resolve(d.mountPath) === path.resolve(mountPath));
    if (drive) return drive;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`drive at ${mountPath} not found by the server`);
}

export async function waitForJob(client: Client, timeoutMs = 120_000): Promise<ArchiveJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await client.get<{ job: ArchiveJob | null }>('/api/v1/archives/job');
    const job = reply.body.job;
    if (job && job.state !== 'running') return job;
    if (Date.now() > deadline) throw new Error('archive job did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function archiveThroughApi(admin: Client, academicYearId: number, driveIdentity: string): Promise<ArchiveJob> {
  const started = await admin.post<ArchiveJob & { detail?: string }>('/api/v1/archives', { academicYearId, driveIdentity });
  if (started.status !== 200) throw new Error(`archive refused: ${started.status} ${JSON.stringify(started.body)}`);
  return waitForJob(admin);
}

/** The real `sha256sum -c SHA256SUMS` inside the folder: its exit code and output. */
export function sha256sumCheck(folder: string): { status: number; output: string } {
  const run = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

export function sqliteIntegrity(file: string): string {
  return execFileSync('sqlite3', ['-readonly', file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
}

export function filesUnder(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(root, relative));
    else out.push(relative);
  }
  return out.sort();
}

export function partialsOn(mountPath: string): string[] {
  const root = path.join(mountPath, 'ejournal-archives');
  return fs.existsSync(root) ? fs.readdirSync(root).filter((n) => n.startsWith('.partial-')) : [];
}

export interface LoopImage {
  mountPath: string;
  image: string;
  /** Unmounts (lazily if busy) and detaches the loop device; safe to call twice. */
  release(): void;
  /** Mounts the image again at the same place (after a simulated unplug). */
  remount(options?: { readOnly?: boolean }): void;
}

function loopDevicesOf(image: string): string[] {
  const out = spawnSync('losetup', ['-j', image], { encoding: 'utf8' }).stdout ?? '';
  return out
    .split('\n')
    .map((line) => line.split(':')[0]!.trim())
    .filter(Boolean);
}

/** Null when loop-mounting works here; otherwise why not (the tests then skip with this message). */
export function loopMountUnavailable(): string | null {
  if (process.platform !== 'linux') return 'петлевое монтирование (loop) есть только в Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'для mount -o loop нужны права root';
  for (const tool of ['mkfs.ext4', 'mount', 'umount', 'losetup']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `нет программы ${tool}`;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loop-probe-'));
  try {
    const image = mountImage(dir, 'probe', 2);
    image.release();
    return null;
  } catch (error) {
    return `mount -o loop не разрешён в этой среде: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh ext4 image of `sizeMb` MB mounted at `<root>/<name>` (no reserved blocks: all of it is free). */
export function mountImage(root: string, name: string, sizeMb: number, options: { readOnly?: boolean } = {}): LoopImage {
  const image = path.join(root, `.${name}.img`);
  const mountPath = path.join(root, name);
  fs.writeFileSync(image, '');
  fs.truncateSync(image, sizeMb * 1024 * 1024);
  execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', '-L', name.slice(0, 16), image], { stdio: 'pipe' });
  fs.mkdirSync(mountPath, { recursive: true });
  const mount = (readOnly: boolean) => execFileSync('mount', ['-o', readOnly ? 'loop,ro' : 'loop', image, mountPath], { stdio: 'pipe' });
  mount(options.readOnly ?? false);
  let mounted = true;
  const release = () => {
    if (mounted) {
      if (spawnSync('umount', [mountPath]).status !== 0) spawnSync('umount', ['-l', mountPath]);
      mounted = false;
    }
    for (const device of loopDevicesOf(image)) spawnSync('losetup', ['-d', device]);
  };
  return {
    mountPath,
    image,
    release,
    remount(again = {}) {
      // A lazily unmounted filesystem goes away when its last open file closes: wait for its loop device.
      for (let i = 0; i < 100 && loopDevicesOf(image).length > 0; i++) execFileSync('sleep', ['0.05']);
      for (const device of loopDevicesOf(image)) spawnSync('losetup', ['-d', device]);
      mount(again.readOnly ?? false);
      mounted = true;
    },
  };
}

/** Marks the filesystem at `mountPath` as unmounted-but-busy-safe: a lazy unmount, as when a USB disk is pulled. */
export function pullOut(mountPath: string): void {
  execFileSync('umount', ['-l', mountPath], { stdio: 'pipe' });
}
