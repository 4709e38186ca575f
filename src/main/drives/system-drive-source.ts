// The operating system's external drives (issue 6, item 3), read through systeminformation: block devices
// (lsblk on Linux, diskutil on macOS, WMI on Windows) give the mounted volumes with their UUID, serial, label and
// transport; fsSize gives free space and whether the mount is writable. Only removable or USB volumes with a mount
// point are drives here, never the disk the system runs from: the archive must leave the server PC.

import path from 'node:path';
import type { DriveSource, MountedDrive } from './drive-types';
import { ensureDriveIdFile, isReadOnly, spaceOf } from './drive-probe';

/** The fields of systeminformation's BlockDevicesData this module reads (tests feed plain objects). */
export interface BlockDeviceInfo {
  name: string;
  type: string;
  fsType: string;
  mount: string;
  size: number;
  physical: string;
  uuid: string;
  label: string;
  serial: string;
  removable: boolean;
  protocol: string;
  device?: string;
}

export interface FsSizeInfo {
  fs: string;
  size: number;
  available: number;
  mount: string;
  rw: boolean | null;
}

export interface DiskLayoutInfo {
  device: string;
  interfaceType: string;
}

/** The part of systeminformation used here; injectable so that the selection logic is tested without hardware. */
export interface SystemInformationApi {
  blockDevices(): Promise<BlockDeviceInfo[]>;
  fsSize(): Promise<FsSizeInfo[]>;
  /** Windows only: which physical disks sit on USB (an external hard disk reports itself as a local disk). */
  diskLayout?(): Promise<DiskLayoutInfo[]>;
}

export interface SystemDriveSourceOptions {
  platform?: NodeJS.Platform;
  /** Defaults to the real systeminformation, loaded on first use. */
  systemInformation?: SystemInformationApi;
  /** Windows: the system drive letter (default: %SystemDrive% or C:). */
  systemDrive?: string;
  /**
   * Told about a device that was skipped because reading it failed; the scan goes on without it. Told once per
   * failure streak: an empty card reader (a letter with no card) fails at every poll.
   */
  onError?: (device: string, error: unknown) => void;
}

/**
 * Whether a raw device list holds the disk the system runs from. A working listing always does; systeminformation
 * returns [] when lsblk fails, and on Windows a partial list when PowerShell writes to stderr, without an error.
 * Linux: any of the system mounts (with btrfs subvolumes lsblk may show the root device as /home, not /).
 */
export function includesSystemDisk(devices: readonly BlockDeviceInfo[], platform: NodeJS.Platform, systemDrive = 'C:'): boolean {
  if (platform === 'win32') {
    const letter = systemDrive.toUpperCase();
    return devices.some((d) => (d.mount || d.name || '').toUpperCase() === letter);
  }
  if (platform === 'darwin') return devices.some((d) => d.mount === '/' || d.mount.startsWith('/System/Volumes/'));
  return devices.some((d) => d.mount !== '' && LINUX_SYSTEM_MOUNTS.has(d.mount) && d.mount !== '[SWAP]');
}

/** Mount points of the running system on Linux: the disks holding them are never external drives. */
const LINUX_SYSTEM_MOUNTS = new Set(['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home', '/opt', '/srv', '/tmp', '[SWAP]']);
/** Where desktop Linux (udisks) and administrators mount removable drives. */
const LINUX_REMOVABLE_PREFIXES = ['/media/', '/run/media/', '/mnt/'];
/**
 * Transports (lsblk TRAN) of disks built into the PC. Such a disk is internal unless the kernel calls it removable
 * (a hot-swap bay), wherever it is mounted: a second HDD at /mnt/data, or an NTFS partition GNOME mounts at
 * /media/<user>/Data, must not receive the probe file nor an archive that is meant to leave the PC.
 */
const INTERNAL_TRANSPORTS = new Set(['sata', 'ata', 'nvme', 'sas', 'scsi']);
/**
 * Built-in card readers often report RM=0: a card there counts like an unknown transport (by its mount path), not
 * as internal, and not as external on its own either, since a soldered eMMC reports the same transport.
 */
const CARD_READER_TRANSPORTS = new Set(['mmc', 'memstick']);

/** A volume chosen as an external drive, before the file system is asked about it. */
export interface VolumeCandidate {
  device: BlockDeviceInfo;
  /** The whole disk the volume is on (Linux/macOS), for its serial and transport. */
  disk: BlockDeviceInfo | null;
  mountPath: string;
}

/**
 * Picks the external volumes from the block devices: pure, so the rules for each platform are unit-tested with
 * recorded device lists. `usbDisks` (Windows) names the physical disks on USB.
 */
export function selectExternalVolumes(
  devices: readonly BlockDeviceInfo[],
  platform: NodeJS.Platform,
  options: { systemDrive?: string; usbDisks?: ReadonlySet<string> } = {},
): VolumeCandidate[] {
  const diskOf = (d: BlockDeviceInfo): BlockDeviceInfo | null => {
    if (d.type === 'disk') return d;
    const parent = d.device ? devices.find((other) => other.type === 'disk' && (other.device === d.device || `/dev/${other.name}` === d.device || other.name === d.device)) : undefined;
    return parent ?? null;
  };
  const result: VolumeCandidate[] = [];
  if (platform === 'win32') {
    const systemDrive = (options.systemDrive ?? 'C:').toUpperCase();
    for (const d of devices) {
      const letter = (d.mount || d.name || '').toUpperCase();
      if (!/^[A-Z]:$/.test(letter) || letter === systemDrive) continue;
      // Removable (flash drives), or a local disk on USB (external hard disks report DriveType 3 = Local).
      const onUsb = d.device ? options.usbDisks?.has(d.device) === true : false;
      if (!(d.removable || d.physical === 'Removable' || (d.physical === 'Local' && onUsb))) continue;
      result.push({ device: d, disk: null, mountPath: `${letter}\\` });
    }
    return result;
  }
  if (platform === 'darwin') {
    for (const d of devices) {
      if (!d.mount || !d.mount.startsWith('/Volumes/')) continue;
      const disk = diskOf(d);
      if (disk && disk.mount === '/') continue;
      const external = d.removable || disk?.removable === true || /usb|thunderbolt|external/i.test(`${d.protocol} ${disk?.protocol ?? ''}`);
      if (!external) continue;
      result.push({ device: d, disk, mountPath: d.mount });
    }
    return result;
  }
  // Linux and the rest: lsblk's view.
  const systemDisks = new Set<string>();
  for (const d of devices) {
    if (d.mount && LINUX_SYSTEM_MOUNTS.has(d.mount)) {
      const disk = diskOf(d);
      systemDisks.add(disk?.name ?? d.name);
    }
  }
  for (const d of devices) {
    if (!d.mount || LINUX_SYSTEM_MOUNTS.has(d.mount)) continue;
    // loop: images and snaps; rom: a CD cannot take an archive; raid/lvm members are internal storage.
    if (d.type !== 'part' && d.type !== 'disk') continue;
    const disk = diskOf(d);
    if (systemDisks.has(disk?.name ?? d.name)) continue;
    // lsblk gives TRAN on the whole disk; a partition's own is usually empty.
    const transport = (d.protocol || disk?.protocol || '').trim().toLowerCase();
    const removable = d.removable || disk?.removable === true;
    if (!(removable || transport === 'usb')) {
      if (INTERNAL_TRANSPORTS.has(transport)) continue;
      // The mount path says "removable" only by convention (anyone can mount anything under /mnt), so it counts
      // only when nothing better is known: no transport reported (old lsblk, some virtual disks), or a card reader.
      const mountedAsRemovable = LINUX_REMOVABLE_PREFIXES.some((prefix) => d.mount.startsWith(prefix));
      if (!((transport === '' || CARD_READER_TRANSPORTS.has(transport)) && mountedAsRemovable)) continue;
    }
    result.push({ device: d, disk, mountPath: d.mount });
  }
  return result;
}

/** 'uuid:<volume uuid>', else 'serial:<disk serial>', else null (the id file is asked then). */
export function hardwareIdentity(candidate: VolumeCandidate): string | null {
  const uuid = candidate.device.uuid?.trim();
  if (uuid) return `uuid:${uuid.toLowerCase()}`;
  const serial = (candidate.device.serial || candidate.disk?.serial || '').trim();
  if (serial) return `serial:${serial}`;
  return null;
}

async function loadSystemInformation(): Promise<SystemInformationApi> {
  const module = await import('systeminformation');
  const si = module.default;
  return {
    blockDevices: () => si.blockDevices(),
    fsSize: () => si.fsSize(),
    diskLayout: () => si.diskLayout(),
  };
}

export function createSystemDriveSource(options: SystemDriveSourceOptions = {}): DriveSource {
  const platform = options.platform ?? process.platform;
  let si: SystemInformationApi | null = options.systemInformation ?? null;
  /**
   * Per mounted volume (device + mount path): read-only and the id-file identity are asked once while it stays
   * mounted, so a 5-second poll does not write a probe file onto the disk every time.
   */
  const probed = new Map<string, { readOnly: boolean; idFile: string | null; idLabel: string | null }>();
  /** Windows: USB physical disks, asked again only when the set of physical disks changes (diskLayout is slow). */
  let usbDisks: { key: string; set: Set<string> } | null = null;
  /** Volumes (same key as `probed`) whose last read failed and were reported: not reported again until read. */
  const failing = new Set<string>();

  async function usbDisksOf(devices: readonly BlockDeviceInfo[]): Promise<Set<string>> {
    if (platform !== 'win32' || !si?.diskLayout) return new Set();
    const key = [...new Set(devices.map((d) => d.device ?? ''))].sort().join('|');
    if (usbDisks?.key === key) return usbDisks.set;
    const layout = await si.diskLayout();
    const set = new Set(layout.filter((l) => /usb/i.test(l.interfaceType)).map((l) => l.device));
    usbDisks = { key, set };
    return set;
  }

  return {
    async list() {
      si ??= await loadSystemInformation();
      const devices = await si.blockDevices();
      const systemDrive = options.systemDrive ?? process.env.SystemDrive ?? 'C:';
      // Without this a failed listing would read as "every drive was unplugged"; thrown, it keeps the last list.
      if (!includesSystemDisk(devices, platform, systemDrive)) {
        throw new Error(
          platform === 'win32'
            ? `список устройств неполон: в нём нет системного диска ${systemDrive.toUpperCase()} (PowerShell завершился с ошибкой?)`
            : 'список устройств неполон: в нём нет системного диска (lsblk завершился с ошибкой?)',
        );
      }
      const sizes = await si.fsSize().catch(() => [] as FsSizeInfo[]);
      const candidates = selectExternalVolumes(devices, platform, {
        systemDrive,
        usbDisks: await usbDisksOf(devices).catch(() => new Set<string>()),
      });
      const drives: MountedDrive[] = [];
      const present = new Set<string>();
      for (const candidate of candidates) {
        const key = `${candidate.device.name}\u0000${candidate.mountPath}`;
        present.add(key);
        try {
          drives.push(await volumeDrive(candidate, sizes, key));
          failing.delete(key);
        } catch (error) {
          // One drive that cannot be read (pulled mid-scan, a failing disk) must not hide the others.
          if (!failing.has(key)) options.onError?.(candidate.device.name || candidate.mountPath, error);
          failing.add(key);
        }
      }
      for (const key of probed.keys()) if (!present.has(key)) probed.delete(key);
      for (const key of failing) if (!present.has(key)) failing.delete(key);
      return drives;
    },
  };

  async function volumeDrive(candidate: VolumeCandidate, sizes: readonly FsSizeInfo[], key: string): Promise<MountedDrive> {
    const { device, mountPath } = candidate;
    const fsEntry = sizes.find((s) => normaliseMount(s.mount) === normaliseMount(mountPath));
    const space = fsEntry && fsEntry.size > 0 ? { sizeBytes: fsEntry.size, freeBytes: fsEntry.available } : await spaceOf(mountPath);
    let known = probed.get(key);
    if (!known) {
      const readOnly = fsEntry?.rw === false ? true : await isReadOnly(mountPath);
      const hardware = hardwareIdentity(candidate);
      const idFile = hardware ? null : await ensureDriveIdFile(mountPath, !readOnly, device.label || null);
      known = { readOnly, idFile: hardware ?? (idFile ? `id:${idFile.id}` : null), idLabel: idFile?.label ?? null };
      probed.set(key, known);
    }
    return {
      // Nothing stable at all (a read-only stick without UUID, serial or id file): its mount point is the best there is.
      identity: known.idFile ?? `mount:${mountPath}`,
      label: device.label?.trim() || known.idLabel || labelFromMount(mountPath, platform),
      mountPath,
      sizeBytes: space.sizeBytes,
      freeBytes: space.freeBytes,
      readOnly: known.readOnly,
      source: 'system',
    };
  }
}

function normaliseMount(mount: string): string {
  return mount.replace(/[\\/]+$/, '').toUpperCase();
}

function labelFromMount(mountPath: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `Диск ${mountPath.replace(/\\$/, '')}`;
  return path.basename(mountPath) || mountPath;
}
