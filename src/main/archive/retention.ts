// The retention view (issue 6, item 5; DOMAIN.md «Year end»): every archive with its expiry (5 years) and the
// state of its last verification, the years whose only good copy is on one drive (a second copy is recommended:
// a single USB disk is one drop away from losing a year), archives not verified for a long time, and the printed
// statements with their retention date (25 years). It only reports: nothing is ever deleted automatically.

import type { ArchiveItem, ArchiveRetention } from '../../shared/api/archive-schemas';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { listArchiveRows, type ArchiveListRow, type ArchiveProblemRecord } from '../db/repositories/archive-repo';
import type { MountedDrive } from '../drives/drive-types';
import { listPrintedStatements } from '../statements/statement-registry';

/** An archive not verified for longer than this is listed as overdue: plug its drive in once in a while. */
export const VERIFICATION_OVERDUE_DAYS = 180;

const DAY_MS = 86_400_000;

export function archiveItem(row: ArchiveListRow, attached: readonly MountedDrive[]): ArchiveItem {
  let problems: ArchiveProblemRecord[] = [];
  try {
    problems = row.last_problems ? (JSON.parse(row.last_problems) as ArchiveProblemRecord[]) : [];
  } catch {
    problems = [{ file: '', problem: 'Запись о проверке не читается.' }];
  }
  return {
    id: row.id,
    academicYearId: row.academic_year_id,
    yearName: row.year_name,
    driveIdentity: row.drive_identity,
    driveLabel: row.drive_label ?? row.drive_identity,
    driveAttached: attached.some((d) => d.identity === row.drive_identity),
    folder: row.folder,
    createdAt: row.created_at,
    fileCount: row.file_count,
    totalBytes: Number(row.total_bytes),
    manifestSha256: row.manifest_sha256,
    programVersion: row.program_version,
    retainUntil: row.retain_until,
    status: row.status,
    lastVerifiedAt: row.last_verified_at,
    problems,
  };
}

export async function listArchives(db: Db, attached: readonly MountedDrive[]): Promise<ArchiveItem[]> {
  return (await listArchiveRows(db)).map((row) => archiveItem(row, attached));
}

export async function retentionView(db: Db, options: { now: Date; attached: readonly MountedDrive[]; overdueDays?: number }): Promise<ArchiveRetention> {
  const overdueDays = options.overdueDays ?? VERIFICATION_OVERDUE_DAYS;
  const today = localDate(options.now);
  const items = await listArchives(db, options.attached);
  const archives = items.map((a) => {
    const daysSinceVerified = Math.max(0, Math.floor((options.now.getTime() - Date.parse(a.lastVerifiedAt)) / DAY_MS));
    return { ...a, isExpired: a.retainUntil < today, daysSinceVerified, isVerificationOverdue: daysSinceVerified > overdueDays };
  });

  const byYear = new Map<number, { yearName: string; archiveCount: number; goodDrives: Set<string> }>();
  for (const a of archives) {
    const year = byYear.get(a.academicYearId) ?? { yearName: a.yearName, archiveCount: 0, goodDrives: new Set<string>() };
    byYear.set(a.academicYearId, year);
    year.archiveCount++;
    // An expired copy still counts: nothing is deleted, and it is still the year's evidence.
    if (a.status === 'ok') year.goodDrives.add(a.driveIdentity);
  }
  const years = [...byYear.entries()]
    .map(([academicYearId, y]) => ({
      academicYearId,
      yearName: y.yearName,
      archiveCount: y.archiveCount,
      goodDriveCount: y.goodDrives.size,
      needsSecondCopy: y.goodDrives.size === 1,
      hasNoGoodCopy: y.goodDrives.size === 0,
    }))
    .sort((a, b) => b.yearName.localeCompare(a.yearName));

  // The registry as the statements module keeps it (one reader of the printed statements), soonest expiry first.
  const statements = (await listPrintedStatements(db))
    .map((s) => ({
      id: s.id,
      yearName: s.yearName,
      title: s.title,
      pageCount: s.pageCount,
      printedAt: s.printedAt,
      signedAt: s.signedAt,
      signedByName: s.signedByName,
      paperLocation: s.paperLocation,
      retainUntil: s.retainUntil,
      isExpired: s.retainUntil < today,
    }))
    .sort((a, b) => a.retainUntil.localeCompare(b.retainUntil) || a.id - b.id);
  return { today, overdueDays, archives, years, statements };
}
