// What the rest of the program knows about external drives: the archive writes onto a MountedDrive, the
// retention view and the re-verification on plug-in listen to a DriveMonitor. Sources (the operating
// system's volumes, or folders for tests, demos and mounted filesystem images) implement DriveSource.

export interface MountedDrive {
  /**
   * Stable across plug-ins and mount points: 'uuid:<volume uuid>', 'serial:<disk serial>', or
   * 'id:<uuid>' from the `.ejournal-drive-id` file this program writes on a drive that has neither.
   * A read-only drive with none of these gets 'folder:<name>' or 'mount:<path>', which is not stable.
   */
  identity: string;
  /** The volume label, or a name made from the mount point. */
  label: string;
  /** Where the drive is mounted now (changes between plug-ins). */
  mountPath: string;
  sizeBytes: number;
  freeBytes: number;
  readOnly: boolean;
  source: 'system' | 'folder';
}

export interface DriveSource {
  /** The external drives mounted now. Never throws for one unreadable drive: it is left out. */
  list(): Promise<MountedDrive[]>;
}

export interface DriveChange {
  attached: readonly MountedDrive[];
  detached: readonly MountedDrive[];
  drives: readonly MountedDrive[];
  /** Drives still attached whose mount path, label, size or read-only state changed (free space alone is not a change). */
  changed?: readonly MountedDrive[];
}

/** How a monitor finds drives: shown to the administrator ("диски не отслеживаются" on a client PC). */
export interface DriveDetectionInfo {
  mode: 'system' | 'folder' | 'off';
  /** USB hot-plug events are heard (usb-detection loaded); otherwise only polling finds drives. */
  usbEvents: boolean;
  pollIntervalMs: number;
}

export interface DriveMonitor {
  /** The drives seen at the last scan. */
  current(): readonly MountedDrive[];
  /** Scans now (after a USB event, on request, or by the polling fallback) and reports changes. */
  rescan(): Promise<readonly MountedDrive[]>;
  onChange(listener: (change: DriveChange) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Optional so that test doubles need not implement it. */
  detection?(): DriveDetectionInfo;
}
