// The yearly archives on external drives and their verifications (issue 6, items 4-5). An `archives` row exists
// only for an archive that was written, flushed, read back and renamed into place; every later check adds an
// `archive_verifications` row and moves the archive's status.

import type { Db } from '../connection';
import { driveById, type DriveRow } from './drives-repo';

export type ArchiveStatus = 'ok' | 'damaged' | 'missing';
export type VerificationTrigger = 'write' | 'plug-in' | 'request';

export interface ArchiveProblemRecord {
  file: string;
  problem: string;
}

export interface NewArchiveRow {
  academic_year_id: number;
  drive_id: number;
  folder: string;
  created_at: string;
  created_by_user_id: number;
  file_count: number;
  total_bytes: number;
  manifest_sha256: string;
  program_version: string;
  retain_until: string;
  status: ArchiveStatus;
  last_verified_at: string;
}

export interface ArchiveRecord extends NewArchiveRow {
  id: number;
}

/** An archive with what the lists show next to it: the year's name and the drive it is on. */
export interface ArchiveListRow extends ArchiveRecord {
  year_name: string;
  drive_identity: string;
  drive_label: string | null;
  drive_last_seen_at: string;
  drive_last_mount_path: string | null;
  last_problems: string | null;
}

export async function insertArchive(trx: Db, row: NewArchiveRow): Promise<number> {
  const [inserted] = (await trx('archives').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function insertArchiveVerification(
  trx: Db,
  row: { archive_id: number; verified_at: string; trigger: VerificationTrigger; requested_by_user_id: number | null; status: ArchiveStatus; problems: readonly ArchiveProblemRecord[] },
): Promise<number> {
  const [inserted] = (await trx('archive_verifications')
    .insert({ ...row, problems: JSON.stringify(row.problems) })
    .returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function setArchiveStatus(trx: Db, archiveId: number, status: ArchiveStatus, verifiedAt: string): Promise<void> {
  await trx('archives').where({ id: archiveId }).update({ status, last_verified_at: verifiedAt });
}

export async function archiveById(db: Db, archiveId: number): Promise<ArchiveRecord | undefined> {
  return (await db('archives').where({ id: archiveId }).first()) as ArchiveRecord | undefined;
}

export async function archiveByDriveAndFolder(db: Db, driveId: number, folder: string): Promise<ArchiveRecord | undefined> {
  return (await db('archives').where({ drive_id: driveId, folder }).first()) as ArchiveRecord | undefined;
}

export async function archivesOnDrive(db: Db, driveId: number): Promise<ArchiveRecord[]> {
  return (await db('archives').where({ drive_id: driveId }).orderBy('id')) as ArchiveRecord[];
}

/** The drive an archive is on (the past-year viewer and the verifier find it among the mounted drives by identity). */
export async function driveRecordById(db: Db, driveId: number): Promise<DriveRow | null> {
  return driveById(db, driveId);
}

/** Every archive, newest first, with the problems of its last verification (JSON, as stored). */
export async function listArchiveRows(db: Db): Promise<ArchiveListRow[]> {
  return (await db('archives as a')
    .join('drives as d', 'd.id', 'a.drive_id')
    .join('academic_years as y', 'y.id', 'a.academic_year_id')
    .leftJoin('archive_verifications as v', 'v.id', db.raw('(select max(id) from archive_verifications where archive_id = a.id)'))
    .orderBy([
      { column: 'a.created_at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .select(
      'a.*',
      'y.name as year_name',
      'd.identity as drive_identity',
      'd.label as drive_label',
      'd.last_seen_at as drive_last_seen_at',
      'd.last_mount_path as drive_last_mount_path',
      'v.problems as last_problems',
    )) as ArchiveListRow[];
}

export interface YearRecord {
  id: number;
  name: string;
  start_date: string;
  end_date: string;
}

export async function academicYearById(db: Db, yearId: number): Promise<YearRecord | undefined> {
  return (await db('academic_years').where({ id: yearId }).first('id', 'name', 'start_date', 'end_date')) as YearRecord | undefined;
}
