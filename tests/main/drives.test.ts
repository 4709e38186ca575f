// Drive detection (issue 6, item 3) on real filesystems: temporary folders as drives, and small ext4 images
// loop-mounted into the drives folder where the machine allows mounting (root, loop devices); where it does not
// (most CI runners), those tests are skipped with the reason in their title, never failed.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { createDriveMonitor, diffDrives, type UsbEvents } from '../../src/main/drives/drive-monitor';
import { DRIVE_ID_FILE, readDriveIdFile } from '../../src/main/drives/drive-probe';
import type { DriveChange, DriveMonitor, MountedDrive } from '../../src/main/drives/drive-types';
import { createFolderDriveSource } from '../../src/main/drives/folder-drive-source';
import { isLoopbackAddress, isServerPcRequest, SERVER_PC_ONLY_MESSAGE } from '../../src/main/drives/server-pc';
import { createSystemDriveSource, selectExternalVolumes, type BlockDeviceInfo } from '../../src/main/drives/system-drive-source';
import { driveByIdentity, listKnownDrives, recordSeenDrive } from '../../src/main/db/repositories/drives-repo';
import { openDatabase, type Db } from '../../src/main/db/connection';
import { setUpSchool, startTestServer, tempDir, type TestServer } from './helpers/test-server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Last made, first undone: monitors stop before their folders (and mounts) go away.
  while (cleanups.length > 0) await cleanups.pop()!();
});

function driveRoot(): string {
  const root = tempDir('drives-test-');
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A folder drive as a person would make one for a demo: a folder with the id file of a known drive. */
function attachFolder(root: string, name: string, id = crypto.randomUUID(), label?: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, DRIVE_ID_FILE), JSON.stringify({ id, ...(label ? { label } : {}) }));
  return id;
}

function startedMonitor(options: Parameters<typeof createDriveMonitor>[0]): { monitor: DriveMonitor; changes: DriveChange[] } {
  const monitor = createDriveMonitor({ log: () => undefined, ...options });
  const changes: DriveChange[] = [];
  monitor.onChange((change) => void changes.push(change));
  cleanups.push(() => monitor.stop());
  return { monitor, changes };
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`не дождались: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// --- loop-mounted images: only where this machine may mount them ---------------------------------------------

interface LoopCapability {
  ok: boolean;
  reason: string;
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Tries the whole cycle once (image, mkfs, losetup, mount, umount, detach) and says why it cannot, if it cannot. */
function probeLoopMounting(): LoopCapability {
  if (process.platform !== 'linux') return { ok: false, reason: 'loop-устройства есть только в Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'монтирование образов требует прав root' };
  // A machine may allow mounting but its owner not want tests to (a developer's laptop): opt out explicitly.
  if (process.env.EJOURNAL_TEST_NO_MOUNT) return { ok: false, reason: 'монтирование отключено переменной EJOURNAL_TEST_NO_MOUNT' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drives-probe-'));
  let device: string | null = null;
  let mounted = false;
  try {
    const image = path.join(dir, 'probe.img');
    const target = path.join(dir, 'mnt');
    fs.mkdirSync(target);
    run('truncate', ['-s', '8M', image]);
    run('mkfs.ext4', ['-q', '-F', image]);
    device = run('losetup', ['--find', '--show', image]);
    run('mount', [device, target]);
    mounted = true;
    return { ok: true, reason: '' };
  } catch (error) {
    const detail = error instanceof Error ? (error as Error & { stderr?: string }).stderr || error.message : String(error);
    return { ok: false, reason: `монтирование образа ext4 здесь не разрешено (${detail.trim().split('\n')[0]})` };
  } finally {
    // Undo each step on its own: a failed umount must not leave the loop device attached too.
    const attempt = (step: () => void) => {
      try {
        step();
      } catch {
        // reported by the tests that follow, not by the probe
      }
    };
    if (mounted) attempt(() => run('umount', [path.join(dir, 'mnt')]));
    if (device) attempt(() => run('losetup', ['-d', device!]));
    attempt(() => fs.rmSync(dir, { recursive: true, force: true }));
  }
}

const loop = probeLoopMounting();

/** An 8 MB ext4 image on its own loop device; every mount and the device are undone after the test. */
function makeImage(options: { idFile?: { id: string; label?: string } } = {}): { device: string; image: string } {
  const dir = tempDir('drives-image-');
  const image = path.join(dir, 'disk.img');
  run('truncate', ['-s', '8M', image]);
  run('mkfs.ext4', ['-q', '-F', '-L', 'АРХИВ', image]);
  const device = run('losetup', ['--find', '--show', image]);
  // Registered before anything else can fail, and run after the mounts' own cleanups (last in, first out).
  cleanups.push(() => {
    try {
      run('losetup', ['-d', device]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  if (options.idFile) {
    const staging = path.join(dir, 'staging');
    fs.mkdirSync(staging);
    run('mount', [device, staging]);
    try {
      fs.writeFileSync(path.join(staging, DRIVE_ID_FILE), JSON.stringify(options.idFile));
    } finally {
      run('umount', [staging]);
    }
  }
  return { device, image };
}

function mountImage(device: string, target: string, readOnly = false): () => void {
  fs.mkdirSync(target, { recursive: true });
  run('mount', [...(readOnly ? ['-o', 'ro'] : []), device, target]);
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    // The monitor polls every 50 ms and may hold a file of the image open for a moment (the read-only probe, the
    // id file): "target is busy" then is a race with the test's own monitor, not a fault, and passes at once.
    for (let attempt = 1; ; attempt++) {
      try {
        run('umount', [target]);
        return;
      } catch (error) {
        const busy = /busy/i.test((error as Error & { stderr?: string }).stderr ?? '');
        if (!busy || attempt >= 20) throw error;
        execFileSync('sleep', ['0.05']);
      }
    }
  };
  cleanups.push(unmount);
  return unmount;
}

// --- folder source -------------------------------------------------------------------------------------------

describe('folder drive source', () => {
  it('lists each sub-folder with its identity, label, size and free space', async () => {
    const root = driveRoot();
    const id = attachFolder(root, 'Флешка', undefined, 'Архив 2026');
    fs.writeFileSync(path.join(root, 'not-a-drive.txt'), 'x');
    fs.mkdirSync(path.join(root, '.hidden'));
    const [drive, ...rest] = await createFolderDriveSource(root).list();
    expect(rest).toEqual([]);
    const stats = fs.statfsSync(root);
    expect(drive).toMatchObject({ identity: `id:${id}`, label: 'Архив 2026', mountPath: path.join(root, 'Флешка'), readOnly: false, source: 'folder' });
    expect(drive!.sizeBytes).toBe(stats.blocks * stats.bsize);
    expect(drive!.freeBytes).toBeGreaterThan(0);
    expect(drive!.freeBytes).toBeLessThanOrEqual(drive!.sizeBytes);
    // No probe file is left behind by the read-only check.
    expect(fs.readdirSync(path.join(root, 'Флешка'))).toEqual([DRIVE_ID_FILE]);
  });

  it('writes an id file on a drive without one, and the drive keeps its identity under another folder name', async () => {
    const root = driveRoot();
    fs.mkdirSync(path.join(root, 'E'));
    fs.writeFileSync(path.join(root, 'E', 'отчёт.txt'), 'данные');
    const source = createFolderDriveSource(root);
    const [first] = await source.list();
    const written = await readDriveIdFile(path.join(root, 'E'));
    expect(written).not.toBeNull();
    expect(first).toMatchObject({ identity: `id:${written!.id}`, label: 'E' });

    fs.renameSync(path.join(root, 'E'), path.join(root, 'F'));
    const [again] = await source.list();
    expect(again).toMatchObject({ identity: first!.identity, mountPath: path.join(root, 'F'), label: 'F' });
  });

  it('does not take an empty folder (a mount point being prepared) for a drive, nor write into it', async () => {
    const root = driveRoot();
    fs.mkdirSync(path.join(root, 'mnt'));
    expect(await createFolderDriveSource(root).list()).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'mnt'))).toEqual([]);
  });

  it('leaves out a drive that cannot be read and keeps the others; a missing root means no drives', async () => {
    const root = driveRoot();
    attachFolder(root, 'good');
    attachFolder(root, 'gone');
    const errors: string[] = [];
    const source = createFolderDriveSource(root, { onError: (folder) => errors.push(path.basename(folder)) });
    // Replace one drive by a dangling symlink: a folder entry that fails on stat, like a drive pulled mid-scan.
    fs.rmSync(path.join(root, 'gone'), { recursive: true });
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'gone'));
    expect((await source.list()).map((d) => path.basename(d.mountPath))).toEqual(['good']);
    expect(await createFolderDriveSource(path.join(root, 'missing')).list()).toEqual([]);
  });

  it('never overwrites an id file that is not its own', async () => {
    const root = driveRoot();
    fs.mkdirSync(path.join(root, 'X'));
    fs.writeFileSync(path.join(root, 'X', DRIVE_ID_FILE), 'чужой файл');
    const [drive] = await createFolderDriveSource(root).list();
    expect(drive!.identity).toBe('folder:X');
    expect(fs.readFileSync(path.join(root, 'X', DRIVE_ID_FILE), 'utf8')).toBe('чужой файл');
  });

  it.skipIf(process.platform === 'win32')('does not follow an id-file symlink, block on an id-file FIFO, or read an oversized id file', async () => {
    const root = driveRoot();
    // A valid id file outside the drive: following the link would give the stick that identity (or leak the file).
    const outside = path.join(driveRoot(), 'secret.json');
    const outsideId = crypto.randomUUID();
    fs.writeFileSync(outside, JSON.stringify({ id: outsideId }));
    fs.mkdirSync(path.join(root, 'link'));
    fs.symlinkSync(outside, path.join(root, 'link', DRIVE_ID_FILE));
    fs.mkdirSync(path.join(root, 'fifo'));
    execFileSync('mkfifo', [path.join(root, 'fifo', DRIVE_ID_FILE)]);
    fs.mkdirSync(path.join(root, 'huge'));
    fs.writeFileSync(path.join(root, 'huge', DRIVE_ID_FILE), JSON.stringify({ id: crypto.randomUUID(), label: 'x'.repeat(5_000) }));

    const started = Date.now();
    const drives = await createFolderDriveSource(root).list();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(drives.map((d) => d.identity).sort()).toEqual(['folder:fifo', 'folder:huge', 'folder:link']);
    expect(await readDriveIdFile(path.join(root, 'link'))).toBeNull();
    // None of them was replaced by an id file of ours, and nothing was written through the link.
    expect(fs.lstatSync(path.join(root, 'link', DRIVE_ID_FILE)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(outside, 'utf8'))).toEqual({ id: outsideId });
    expect(fs.lstatSync(path.join(root, 'fifo', DRIVE_ID_FILE)).isFIFO()).toBe(true);
    expect(fs.statSync(path.join(root, 'huge', DRIVE_ID_FILE)).size).toBeGreaterThan(4096);
  });
});

// --- monitor -------------------------------------------------------------------------------------------------

describe('drive monitor', () => {
  it('reports drives attached and detached by polling, and the same drive under a new folder as changed', async () => {
    const root = driveRoot();
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, pollIntervalMs: 50 });
    await monitor.start();
    expect(monitor.current()).toEqual([]);
    expect(monitor.detection?.()).toEqual({ mode: 'folder', usbEvents: false, pollIntervalMs: 50 });

    const id = attachFolder(root, 'USB');
    const attached = await waitFor('подключение', () => changes.find((c) => c.attached.length > 0));
    expect(attached.attached.map((d) => d.identity)).toEqual([`id:${id}`]);
    expect(monitor.current().map((d) => d.identity)).toEqual([`id:${id}`]);

    fs.renameSync(path.join(root, 'USB'), path.join(root, 'USB2'));
    const moved = await waitFor('новая папка', () => changes.find((c) => (c.changed ?? []).length > 0));
    expect(moved.attached).toEqual([]);
    expect(moved.detached).toEqual([]);
    expect(moved.changed![0]!.mountPath).toBe(path.join(root, 'USB2'));

    fs.rmSync(path.join(root, 'USB2'), { recursive: true });
    const detached = await waitFor('отключение', () => changes.find((c) => c.detached.length > 0));
    expect(detached.detached.map((d) => d.identity)).toEqual([`id:${id}`]);
    expect(detached.drives).toEqual([]);
  });

  it('rescan() reports at once, and concurrent rescans share one scan after the running one', async () => {
    const root = driveRoot();
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, pollIntervalMs: 0 });
    await monitor.start();
    attachFolder(root, 'A');
    const [a, b] = await Promise.all([monitor.rescan(), monitor.rescan()]);
    expect(a.length + b.length).toBeGreaterThan(0);
    expect(changes.filter((c) => c.attached.length > 0)).toHaveLength(1);
    expect(await monitor.rescan()).toHaveLength(1);
    expect(changes).toHaveLength(1); // nothing changed: nothing reported
  });

  it('notices a new folder through fs.watch without waiting for the poll', async () => {
    const root = driveRoot();
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, pollIntervalMs: 60_000 });
    await monitor.start();
    attachFolder(root, 'B');
    await waitFor('событие папки', () => changes.find((c) => c.attached.length > 0), 3_000);
  });

  it('stops cleanly: no scans and no events after stop()', async () => {
    const root = driveRoot();
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, pollIntervalMs: 20 });
    await monitor.start();
    await monitor.stop();
    attachFolder(root, 'late');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toEqual([]);
  });

  it('falls back to polling when usb-detection cannot be loaded, and says so once', async () => {
    const root = driveRoot();
    const messages: string[] = [];
    const monitor = createDriveMonitor({
      folderRoot: root,
      system: false,
      usbEvents: true,
      pollIntervalMs: 50,
      loadUsbEvents: () => Promise.reject(new Error('Cannot find module usb-detection')),
      log: (message) => messages.push(message),
    });
    const changes: DriveChange[] = [];
    monitor.onChange((c) => void changes.push(c));
    cleanups.push(() => monitor.stop());
    await monitor.start();
    expect(monitor.detection?.().usbEvents).toBe(false);
    attachFolder(root, 'C');
    await waitFor('подключение опросом', () => changes.find((c) => c.attached.length > 0));
    expect(messages.filter((m) => m.includes('usb-detection'))).toHaveLength(1);
  });

  it('rescans after a USB event once the volume had time to mount, and stops USB monitoring on stop()', async () => {
    const root = driveRoot();
    let emit: (() => void) | null = null;
    const calls: string[] = [];
    const fakeUsb: UsbEvents = {
      startMonitoring: () => void calls.push('start'),
      stopMonitoring: () => void calls.push('stop'),
      on: (_event, listener) => {
        emit = listener;
      },
      removeListener: () => {
        emit = null;
      },
    };
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, usbEvents: true, pollIntervalMs: 0, usbSettleMs: 100, loadUsbEvents: async () => fakeUsb });
    await monitor.start();
    expect(monitor.detection?.().usbEvents).toBe(true);
    attachFolder(root, 'D');
    // Several events for one plug-in (hub, device, interface): one scan after they settle.
    emit!();
    emit!();
    await waitFor('сканирование после события USB', () => changes.find((c) => c.attached.length > 0), 2_000);
    await monitor.stop();
    expect(calls).toEqual(['start', 'stop']);
    expect(emit).toBeNull();
  });

  it('keeps the drives of a source that failed once instead of reporting them detached', async () => {
    let fail = false;
    const drive: MountedDrive = { identity: 'uuid:1', label: 'A', mountPath: '/media/a', sizeBytes: 10, freeBytes: 5, readOnly: false, source: 'system' };
    const monitor = createDriveMonitor({
      folderRoot: null,
      system: false,
      pollIntervalMs: 0,
      log: () => undefined,
      sources: [{ list: async () => (fail ? Promise.reject(new Error('lsblk упал')) : [drive]) }],
    });
    const changes: DriveChange[] = [];
    monitor.onChange((c) => void changes.push(c));
    await monitor.start();
    fail = true;
    expect(await monitor.rescan()).toEqual([drive]);
    expect(changes).toHaveLength(1);
    await monitor.stop();
  });

  it('does not hold the server start hostage to a scan that hangs', async () => {
    let release: (() => void) | null = null;
    const messages: string[] = [];
    const monitor = createDriveMonitor({
      folderRoot: null,
      system: false,
      pollIntervalMs: 0,
      firstScanTimeoutMs: 100,
      log: (message) => messages.push(message),
      sources: [{ list: () => new Promise<MountedDrive[]>((resolve) => (release = () => resolve([]))) }],
    });
    const started = Date.now();
    await monitor.start();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(messages.some((m) => m.includes('дольше обычного'))).toBe(true);
    release!();
    await monitor.stop();
  });

  it('gives a hung source a time limit: rescan keeps the previous drives, the failure is logged once, stop() is prompt', async () => {
    const drive: MountedDrive = { identity: 'uuid:1', label: 'A', mountPath: '/media/a', sizeBytes: 10, freeBytes: 5, readOnly: false, source: 'system' };
    let calls = 0;
    const messages: string[] = [];
    const monitor = createDriveMonitor({
      folderRoot: null,
      system: false,
      pollIntervalMs: 0,
      listTimeoutMs: 150,
      stopWaitMs: 150,
      log: (message) => messages.push(message),
      // The first listing works, then lsblk hangs for good.
      sources: [{ list: () => (++calls === 1 ? Promise.resolve([drive]) : new Promise<MountedDrive[]>(() => undefined)) }],
    });
    const changes: DriveChange[] = [];
    monitor.onChange((c) => void changes.push(c));
    await monitor.start();
    let started = Date.now();
    expect(await monitor.rescan()).toEqual([drive]);
    expect(Date.now() - started).toBeLessThan(2_000);
    started = Date.now();
    expect(await monitor.rescan()).toEqual([drive]);
    // The overdue call is neither waited on again (the rescan answers at once) nor started anew each scan (no pile
    // of hung lsblk processes); and the failure is logged once for the whole streak.
    expect(Date.now() - started).toBeLessThan(100);
    expect(calls).toBe(2);
    expect(messages.filter((m) => m.includes('не удалось получить список дисков'))).toHaveLength(1);
    expect(changes).toHaveLength(1);

    void monitor.rescan();
    started = Date.now();
    await monitor.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stop() does not wait for a hung scan longer than its limit, and that scan reports nothing afterwards', async () => {
    let release: ((drives: MountedDrive[]) => void) | null = null;
    const monitor = createDriveMonitor({
      folderRoot: null,
      system: false,
      pollIntervalMs: 0,
      firstScanTimeoutMs: 50,
      listTimeoutMs: 60_000,
      stopWaitMs: 100,
      log: () => undefined,
      sources: [{ list: () => new Promise<MountedDrive[]>((resolve) => (release = resolve)) }],
    });
    const changes: DriveChange[] = [];
    monitor.onChange((c) => void changes.push(c));
    await monitor.start();
    const started = Date.now();
    await monitor.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    release!([{ identity: 'uuid:late', label: 'L', mountPath: '/media/l', sizeBytes: 1, freeBytes: 1, readOnly: false, source: 'system' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(changes).toEqual([]);
  });

  it('logs a failing source once per failure streak, not at every poll', async () => {
    const results = [true, false, false, false, true, false, false];
    const messages: string[] = [];
    const monitor = createDriveMonitor({
      folderRoot: null,
      system: false,
      pollIntervalMs: 0,
      log: (message) => messages.push(message),
      sources: [{ list: async () => (results.shift() ? [] : Promise.reject(new Error('lsblk упал'))) }],
    });
    await monitor.start();
    for (let i = 0; i < 6; i++) await monitor.rescan();
    expect(messages.filter((m) => m.includes('не удалось получить список дисков'))).toHaveLength(2);
    expect(messages.filter((m) => m.includes('снова получен'))).toHaveLength(1);
    await monitor.stop();
  });

  it('diffDrives ignores a change of free space alone', () => {
    const a: MountedDrive = { identity: 'id:1', label: 'A', mountPath: '/x', sizeBytes: 100, freeBytes: 50, readOnly: false, source: 'folder' };
    expect(diffDrives([a], [{ ...a, freeBytes: 10 }])).toBeNull();
    expect(diffDrives([a], [{ ...a, readOnly: true }])?.changed).toHaveLength(1);
  });
});

// --- system source: the selection rules on recorded device lists, and the real systeminformation -------------

function blockDevice(partial: Partial<BlockDeviceInfo> & { name: string }): BlockDeviceInfo {
  return { type: 'part', fsType: '', mount: '', size: 0, physical: '', uuid: '', label: '', serial: '', removable: false, protocol: '', ...partial };
}

describe('system drive source', () => {
  const linux: BlockDeviceInfo[] = [
    blockDevice({ name: 'sda', type: 'disk', device: '/dev/sda', serial: 'SYS1', protocol: 'sata' }),
    blockDevice({ name: 'sda1', mount: '/boot/efi', device: '/dev/sda' }),
    blockDevice({ name: 'sda2', mount: '/', device: '/dev/sda' }),
    blockDevice({ name: 'sda3', mount: '/media/data', device: '/dev/sda', uuid: 'SAME-DISK' }),
    // An external USB hard disk: not "removable" (RM=0), but its disk's transport is usb.
    blockDevice({ name: 'sdb', type: 'disk', device: '/dev/sdb', serial: 'WD-123', protocol: 'usb' }),
    blockDevice({ name: 'sdb1', mount: '/media/admin/ARCHIVE', device: '/dev/sdb', uuid: 'AB12-CD34', label: 'ARCHIVE' }),
    // A flash drive without a filesystem UUID: the disk's serial identifies it.
    blockDevice({ name: 'sdc', type: 'disk', device: '/dev/sdc', serial: 'FLASH9', removable: true }),
    blockDevice({ name: 'sdc1', mount: '/run/media/admin/STICK', device: '/dev/sdc' }),
    // An internal second disk mounted by fstab: not external.
    blockDevice({ name: 'nvme0n1', type: 'disk', device: '/dev/nvme0n1', protocol: 'nvme' }),
    blockDevice({ name: 'nvme0n1p1', mount: '/srv/data2', device: '/dev/nvme0n1' }),
    blockDevice({ name: 'loop0', type: 'loop', mount: '/media/iso' }),
    blockDevice({ name: 'sr0', type: 'rom', mount: '/media/cdrom', removable: true }),
    blockDevice({ name: 'sdd1', mount: '', device: '/dev/sdd', removable: true }),
    // A second internal HDD an administrator mounted at /mnt/data, and an internal NTFS partition GNOME mounted
    // under /media: the mount path alone does not make a SATA/NVMe disk external.
    blockDevice({ name: 'sde', type: 'disk', device: '/dev/sde', serial: 'HDD2', protocol: 'sata' }),
    blockDevice({ name: 'sde1', mount: '/mnt/data', device: '/dev/sde', uuid: 'INTERNAL-1' }),
    blockDevice({ name: 'nvme1n1', type: 'disk', device: '/dev/nvme1n1', protocol: 'nvme' }),
    blockDevice({ name: 'nvme1n1p3', mount: '/media/admin/Data', device: '/dev/nvme1n1', fsType: 'ntfs', uuid: 'WIN-DATA' }),
    // A hot-swap bay: a SATA disk the kernel calls removable is external.
    blockDevice({ name: 'sdf', type: 'disk', device: '/dev/sdf', protocol: 'sata', removable: true }),
    blockDevice({ name: 'sdf1', mount: '/media/admin/BAY', device: '/dev/sdf', uuid: 'BAY-1' }),
    // No transport reported (old lsblk, a virtual disk): the mount path is the only evidence, and it counts.
    blockDevice({ name: 'vdb', type: 'disk', device: '/dev/vdb' }),
    blockDevice({ name: 'vdb1', mount: '/mnt/usb', device: '/dev/vdb', uuid: 'V-1' }),
    // A card in a built-in reader that reports RM=0: by its mount path; a soldered eMMC elsewhere is not taken.
    blockDevice({ name: 'mmcblk0', type: 'disk', device: '/dev/mmcblk0', protocol: 'mmc' }),
    blockDevice({ name: 'mmcblk0p1', mount: '/media/admin/SD', device: '/dev/mmcblk0', uuid: 'SD-1' }),
    blockDevice({ name: 'mmcblk1', type: 'disk', device: '/dev/mmcblk1', protocol: 'mmc' }),
    blockDevice({ name: 'mmcblk1p1', mount: '/srv/emmc', device: '/dev/mmcblk1', uuid: 'EMMC-1' }),
  ];

  it('picks removable and USB volumes on Linux, never the system disk, internal disks, loops, CDs or unmounted ones', () => {
    const picked = selectExternalVolumes(linux, 'linux');
    expect(picked.map((c) => c.mountPath)).toEqual(['/media/admin/ARCHIVE', '/run/media/admin/STICK', '/media/admin/BAY', '/mnt/usb', '/media/admin/SD']);
  });

  it('refuses a device list without the system disk (a failed lsblk or PowerShell) instead of reporting no drives', async () => {
    const stick = [
      blockDevice({ name: 'sdb', type: 'disk', device: '/dev/sdb', removable: true }),
      blockDevice({ name: 'sdb1', mount: '/media/admin/STICK', device: '/dev/sdb', uuid: 'S-1' }),
    ];
    const linuxSource = (devices: BlockDeviceInfo[]) =>
      createSystemDriveSource({ platform: 'linux', systemInformation: { blockDevices: async () => devices, fsSize: async () => [] } });
    await expect(linuxSource([]).list()).rejects.toThrow(/нет системного диска/);
    await expect(linuxSource(stick).list()).rejects.toThrow(/нет системного диска/);
    const winPartial = [blockDevice({ name: 'E:', type: 'disk', mount: 'E:', physical: 'Removable', removable: true })];
    const winSource = createSystemDriveSource({ platform: 'win32', systemDrive: 'C:', systemInformation: { blockDevices: async () => winPartial, fsSize: async () => [] } });
    await expect(winSource.list()).rejects.toThrow(/нет системного диска C:/);
  });

  it('reports a Windows letter that cannot be read (an empty card reader) once per failure streak, not every poll', async () => {
    const devices = [
      blockDevice({ name: 'C:', type: 'disk', mount: 'C:', physical: 'Local' }),
      // No card in the reader: the letter is listed, but statfs on it fails.
      blockDevice({ name: 'Q:', type: 'disk', mount: 'Q:', physical: 'Removable', removable: true }),
    ];
    const skipped: string[] = [];
    const source = createSystemDriveSource({
      platform: 'win32',
      systemDrive: 'C:',
      systemInformation: { blockDevices: async () => devices, fsSize: async () => [] },
      onError: (device) => skipped.push(device),
    });
    for (let i = 0; i < 3; i++) expect(await source.list()).toEqual([]);
    expect(skipped).toEqual(['Q:']);
  });

  it('picks removable letters and USB local disks on Windows, never the system drive', () => {
    const win: BlockDeviceInfo[] = [
      blockDevice({ name: 'C:', type: 'disk', mount: 'C:', physical: 'Local', device: '\\\\.\\PHYSICALDRIVE0' }),
      blockDevice({ name: 'D:', type: 'disk', mount: 'D:', physical: 'Local', device: '\\\\.\\PHYSICALDRIVE0' }),
      blockDevice({ name: 'E:', type: 'disk', mount: 'E:', physical: 'Removable', removable: true, uuid: '1A2B3C4D' }),
      blockDevice({ name: 'F:', type: 'disk', mount: 'F:', physical: 'Local', device: '\\\\.\\PHYSICALDRIVE1' }),
      blockDevice({ name: 'G:', type: 'disk', mount: 'G:', physical: 'Network' }),
    ];
    const picked = selectExternalVolumes(win, 'win32', { systemDrive: 'C:', usbDisks: new Set(['\\\\.\\PHYSICALDRIVE1']) });
    expect(picked.map((c) => c.mountPath)).toEqual(['E:\\', 'F:\\']);
  });

  it('picks external volumes under /Volumes on macOS', () => {
    const mac: BlockDeviceInfo[] = [
      blockDevice({ name: 'disk1s1', mount: '/', device: 'disk1' }),
      blockDevice({ name: 'disk2s1', mount: '/Volumes/АРХИВ', protocol: 'USB', label: 'АРХИВ', uuid: 'U-1' }),
      blockDevice({ name: 'disk3s1', mount: '/Volumes/Installer', protocol: 'Disk Image' }),
    ];
    expect(selectExternalVolumes(mac, 'darwin').map((c) => c.mountPath)).toEqual(['/Volumes/АРХИВ']);
  });

  it('reads identity, label, space and read-only from real mount points; a device that fails is skipped', async () => {
    const root = driveRoot();
    const archive = path.join(root, 'ARCHIVE');
    const stick = path.join(root, 'STICK');
    fs.mkdirSync(archive);
    fs.mkdirSync(stick);
    const devices: BlockDeviceInfo[] = [
      // The system disk: a real listing always has it (without it list() takes the listing for a failed one).
      blockDevice({ name: 'sda', type: 'disk', device: '/dev/sda', protocol: 'sata' }),
      blockDevice({ name: 'sda1', mount: '/', device: '/dev/sda' }),
      blockDevice({ name: 'sdb', type: 'disk', device: '/dev/sdb', protocol: 'usb' }),
      blockDevice({ name: 'sdb1', mount: archive, device: '/dev/sdb', uuid: 'AB12-CD34', label: 'ARCHIVE' }),
      blockDevice({ name: 'sdc', type: 'disk', device: '/dev/sdc', removable: true }),
      blockDevice({ name: 'sdc1', mount: stick, device: '/dev/sdc' }),
      // Listed but already gone: statfs fails, the scan goes on.
      blockDevice({ name: 'sdd', type: 'disk', device: '/dev/sdd', removable: true }),
      blockDevice({ name: 'sdd1', mount: path.join(root, 'pulled'), device: '/dev/sdd', uuid: 'GONE' }),
    ];
    const skipped: string[] = [];
    const source = createSystemDriveSource({
      platform: 'linux',
      systemInformation: { blockDevices: async () => devices, fsSize: async () => [{ fs: '/dev/sdb1', size: 1000, available: 400, mount: archive, rw: true }] },
      onError: (device) => skipped.push(device),
    });
    const drives = await source.list();
    expect(skipped).toEqual(['sdd1']);
    expect(drives[0]).toMatchObject({ identity: 'uuid:ab12-cd34', label: 'ARCHIVE', sizeBytes: 1000, freeBytes: 400, readOnly: false, source: 'system' });
    const idFile = await readDriveIdFile(stick);
    expect(drives[1]).toMatchObject({ identity: `id:${idFile!.id}`, label: 'STICK', readOnly: false });
    expect(drives[1]!.sizeBytes).toBeGreaterThan(0);
    // A volume with a UUID gets no id file: nothing is written to it just for being plugged in.
    expect(fs.existsSync(path.join(archive, DRIVE_ID_FILE))).toBe(false);
  });

  it('reads the real block devices of this machine and never picks the system disk', async () => {
    // Selection only: list() could write an id file onto a developer's real USB stick.
    const si = (await import('systeminformation')).default;
    const picked = selectExternalVolumes(await si.blockDevices(), process.platform, { systemDrive: process.env.SystemDrive ?? 'C:' });
    expect(picked.map((c) => c.mountPath)).not.toContain('/');
    expect(picked.map((c) => c.mountPath.toUpperCase())).not.toContain(`${(process.env.SystemDrive ?? 'C:').toUpperCase()}\\`);
  });
});

// --- loop-mounted filesystem images --------------------------------------------------------------------------

describe.skipIf(!loop.ok)(`loop-mounted ext4 images${loop.ok ? '' : ` (пропущено: ${loop.reason})`}`, () => {
  it('reports a read-only mount as readOnly, with the identity written on the image before', async () => {
    const root = driveRoot();
    const id = crypto.randomUUID();
    const { device } = makeImage({ idFile: { id, label: 'Архив 2025/26' } });
    mountImage(device, path.join(root, 'ro-disk'), true);
    const [drive] = await createFolderDriveSource(root).list();
    expect(drive).toMatchObject({ identity: `id:${id}`, label: 'Архив 2025/26', readOnly: true });
    // An 8 MB image: the size is the image's, not the temp folder's disk.
    expect(drive!.sizeBytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(drive!.sizeBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('an image mounted into the drives folder is attached; unmounted, it is detached; remounted elsewhere, it is the same drive', async () => {
    const root = driveRoot();
    const { monitor, changes } = startedMonitor({ folderRoot: root, system: false, pollIntervalMs: 50 });
    await monitor.start();
    const { device } = makeImage();
    const unmount = mountImage(device, path.join(root, 'usb'));
    const attached = await waitFor('подключение образа', () => changes.find((c) => c.attached.length > 0));
    const drive = attached.attached[0]!;
    expect(drive.identity).toMatch(/^id:/);
    expect(drive.sizeBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(drive.freeBytes).toBeGreaterThan(0);
    expect(drive.freeBytes).toBeLessThan(drive.sizeBytes);
    // The id file went onto the image, not into the folder under it.
    expect(fs.existsSync(path.join(root, 'usb', DRIVE_ID_FILE))).toBe(true);

    unmount();
    const detached = await waitFor('отключение образа', () => changes.find((c) => c.detached.length > 0));
    expect(detached.detached[0]!.identity).toBe(drive.identity);
    expect(fs.readdirSync(path.join(root, 'usb'))).toEqual([]);
    fs.rmdirSync(path.join(root, 'usb'));

    mountImage(device, path.join(root, 'другая-папка'));
    const again = await waitFor('повторное подключение', () => changes.filter((c) => c.attached.length > 0)[1]);
    expect(again.attached[0]).toMatchObject({ identity: drive.identity, mountPath: path.join(root, 'другая-папка') });
  });
});

// --- repository ----------------------------------------------------------------------------------------------

describe('drives repository', () => {
  let db: Db | null = null;
  afterAll(async () => db?.destroy());

  it('records a drive once by identity, keeps first_seen_at and refreshes the rest', async () => {
    db = await openDatabase({ dataDir: tempDir('drives-db-') });
    const drive = { identity: 'uuid:ab12', label: 'ARCHIVE', sizeBytes: 1_000_000, mountPath: '/media/a' };
    const id = await recordSeenDrive(db, drive, new Date('2026-06-01T10:00:00Z'));
    const same = await recordSeenDrive(db, { ...drive, label: 'АРХИВ', mountPath: '/media/b' }, '2026-06-20T10:00:00.000Z');
    expect(same).toBe(id);
    expect(await driveByIdentity(db, 'uuid:ab12')).toEqual({
      id,
      identity: 'uuid:ab12',
      label: 'АРХИВ',
      size_bytes: 1_000_000,
      first_seen_at: '2026-06-01T10:00:00.000Z',
      last_seen_at: '2026-06-20T10:00:00.000Z',
      last_mount_path: '/media/b',
    });
    await recordSeenDrive(db, { ...drive, identity: 'id:other' }, '2026-06-25T10:00:00.000Z');
    expect((await listKnownDrives(db)).map((d) => d.identity)).toEqual(['id:other', 'uuid:ab12']);
    expect(await driveByIdentity(db, 'uuid:none')).toBeNull();
  });
});

// --- server PC and HTTP routes -------------------------------------------------------------------------------

describe('server PC check', () => {
  it('treats loopback (IPv4, IPv6, IPv4-mapped) as the server PC and any LAN address as another PC', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.1.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopbackAddress(address), String(address)).toBe(false);
    const request = (remoteAddress: string) => ({ socket: { remoteAddress }, ip: remoteAddress }) as unknown as FastifyRequest;
    expect(isServerPcRequest(request('::1'))).toBe(true);
    expect(isServerPcRequest(request('10.0.0.7'))).toBe(false);
    expect(SERVER_PC_ONLY_MESSAGE).toMatch(/компьютеру-серверу/);
  });
});

describe('drive routes', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('lists the drives with label, size and free space, records them, and reports unplugging', async () => {
    const root = driveRoot();
    const id = attachFolder(root, 'Флешка', undefined, 'Архив');
    t = await startTestServer(tempDir(), { drives: { system: false, folderRoot: root } });
    const admin = await setUpSchool(t.server.url);

    const listed = await admin.get<{ drives: Array<Record<string, unknown>>; serverPc: boolean; detection: { mode: string } }>('/api/v1/drives');
    expect(listed.status).toBe(200);
    expect(listed.body.serverPc).toBe(true);
    expect(listed.body.detection.mode).toBe('folder');
    expect(listed.body.drives).toHaveLength(1);
    const [drive] = listed.body.drives;
    expect(drive).toMatchObject({ identity: `id:${id}`, label: 'Архив', readOnly: false, source: 'folder' });
    expect(drive!.sizeBytes).toEqual(expect.any(Number));
    expect(drive!.freeBytes).toEqual(expect.any(Number));
    const row = await driveByIdentity(t.server.db, `id:${id}`);
    expect(row).not.toBeNull();
    expect(drive).toMatchObject({ driveId: row!.id, knownSince: row!.first_seen_at });

    fs.rmSync(path.join(root, 'Флешка'), { recursive: true });
    const rescanned = await admin.post<{ drives: unknown[] }>('/api/v1/drives/rescan', {});
    expect(rescanned.status).toBe(200);
    expect(rescanned.body.drives).toEqual([]);
    const known = await admin.get<{ drives: Array<{ identity: string; mounted: boolean; lastSeenAt: string; firstSeenAt: string }> }>('/api/v1/drives/known');
    expect(known.body.drives).toHaveLength(1);
    expect(known.body.drives[0]).toMatchObject({ identity: `id:${id}`, mounted: false });
    expect(known.body.drives[0]!.lastSeenAt >= known.body.drives[0]!.firstSeenAt).toBe(true);
  });

  it('tells a caller on another PC that it is not at the server PC', async () => {
    t = await startTestServer(tempDir(), { drives: { system: false, folderRoot: driveRoot() } });
    const admin = await setUpSchool(t.server.url);
    const fromLan = await t.server.app.inject({ method: 'GET', url: '/api/v1/drives', remoteAddress: '192.168.1.20', headers: { cookie: admin.cookie! } });
    expect(fromLan.statusCode).toBe(200);
    expect(fromLan.json()).toMatchObject({ serverPc: false });
    const local = await t.server.app.inject({ method: 'GET', url: '/api/v1/drives', remoteAddress: '127.0.0.1', headers: { cookie: admin.cookie! } });
    expect(local.json()).toMatchObject({ serverPc: true });
  });

  it('streams a reload event when a drive is plugged in, after it is recorded', async () => {
    const root = driveRoot();
    t = await startTestServer(tempDir(), { drives: { system: false, folderRoot: root } });
    const admin = await setUpSchool(t.server.url);
    const controller = new AbortController();
    const response = await fetch(`${t.server.url}/api/v1/drives/events`, { headers: { cookie: admin.cookie! }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const id = attachFolder(root, 'Новый');
    let text = '';
    const deadline = Date.now() + 8_000;
    while (!text.includes('drives-changed') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/data: \{"kind":"drives-changed","revision":\d+\}/);
    expect(await driveByIdentity(t.server.db, `id:${id}`)).not.toBeNull();
  });

  it('reports detection off on a server that watches no drives', async () => {
    t = await startTestServer();
    const admin = await setUpSchool(t.server.url);
    const listed = await admin.get<{ drives: unknown[]; detection: { mode: string } }>('/api/v1/drives');
    expect(listed.body).toMatchObject({ drives: [], detection: { mode: 'off' } });
  });
});
