// What the viewer of a past year shows (issue 6, item 6), read from the archive's own database copy. The live
// journal's read functions are reused where they only read and take the database as a parameter (the page,
// the class summary, the absences); they never see the live database here, and their results are made
// read-only (no editing, no unlocks) before they leave. The route registry's personal-data-read events are
// recorded by the routes, in the LIVE database, never here.

import type { z } from 'zod';
import type {
  archiveClassSchema,
  archiveClassSummarySchema,
  archiveHeaderSchema,
  archiveSummarySchema,
} from '../../shared/api/archive-view-schemas';
import type {
  classAbsenceSchema,
  classOverviewSchema,
  journalPageSchema,
  journalSummarySchema,
} from '../../shared/api/journal-schemas';
import type { Actor } from '../../shared/domain/permissions';
import { invalid, notFound } from '../common/app-error';
import { localDate } from '../common/dates';
import {
  classOfYear,
  classesOfYear,
  pupilCounts,
  recordedPagesOfClass,
  type ArchiveClassRow,
} from '../db/repositories/archive-view-repo';
import { journalPagesOfYear, type JournalKey } from '../db/repositories/journal-repo';
import { classAbsences } from '../journal/absences';
import { classOverview } from '../journal/class-overview';
import { JournalEventHub } from '../journal/journal-events';
import { journalPage } from '../journal/journal-page';
import { className } from '../school/school-service';
import type { OpenArchive } from './archive-database';

type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;
type ArchiveSummary = z.infer<typeof archiveSummarySchema>;
type ArchiveClass = z.infer<typeof archiveClassSchema>;
type ArchiveClassSummary = z.infer<typeof archiveClassSummarySchema>;
type JournalPage = z.infer<typeof journalPageSchema>;
type JournalSummary = z.infer<typeof journalSummarySchema>;

export const ARCHIVE_LOCK_REASON = 'Архив прошлого учебного года: только просмотр';

/**
 * Whom the live journal code decides for: nobody with a role, so every "may edit", "may unlock" it computes is
 * false. The real viewer's permission (archive.read) was checked by the registry.
 */
const NOBODY: Actor = {
  userId: 0,
  roles: [],
  classTeacherOf: [],
  teachesClasses: [],
  teaches: [],
  childStudentIds: [],
  ownStudentId: null,
};

/**
 * The "today" of an archive: the day it was written, but never past the end of its year (an archive written in
 * August shows the year as it ended) nor before its start. The default period and lesson states follow from it.
 */
export function archiveToday(archive: OpenArchive): string {
  const written = localDate(new Date(archive.manifest.createdAt));
  const { start_date: start, end_date: end } = archive.year;
  return written > end ? end : written < start ? start : written;
}

export function archiveHeader(archive: OpenArchive): ArchiveHeader {
  return {
    id: archive.archiveId,
    schoolName: archive.manifest.schoolName,
    yearName: archive.year.name,
    yearStartDate: archive.year.start_date,
    yearEndDate: archive.year.end_date,
    createdAt: archive.manifest.createdAt,
    driveLabel: archive.drive.label,
    folder: archive.record.folder,
    programVersion: archive.manifest.programVersion,
  };
}

async function classSummaries(archive: OpenArchive, rows: readonly ArchiveClassRow[]): Promise<ArchiveClassSummary[]> {
  const counts = new Map(
    (
      await pupilCounts(
        archive.db,
        rows.map((r) => r.id),
        archive.year.start_date,
        archive.year.end_date,
      )
    ).map((c) => [c.class_id, c]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: className(r.level, r.letter),
    level: r.level,
    classTeacherName: r.class_teacher_name,
    pupilCount: Number(counts.get(r.id)?.at_end ?? 0),
    pupilsInYear: Number(counts.get(r.id)?.in_year ?? 0),
  }));
}

export async function archiveSummary(archive: OpenArchive): Promise<ArchiveSummary> {
  const classes = await classesOfYear(archive.db, archive.year.name);
  return { archive: archiveHeader(archive), classes: await classSummaries(archive, classes) };
}

/** A class of the archived year (the copy holds earlier years too; only the archived one is shown). */
async function archivedClass(archive: OpenArchive, classId: number): Promise<ArchiveClassRow> {
  const row = await classOfYear(archive.db, archive.year.name, classId);
  if (!row) throw notFound(`Класс ${archive.year.name} учебного года в архиве`);
  return row;
}

export async function archiveClass(archive: OpenArchive, classId: number): Promise<ArchiveClass> {
  const row = await archivedClass(archive, classId);
  const [summary] = await classSummaries(archive, [row]);
  const [assigned, recorded] = await Promise.all([
    journalPagesOfYear(archive.db, archive.year.name, classId),
    recordedPagesOfClass(archive.db, classId),
  ]);
  const pages = new Map<string, JournalSummary>();
  const base = { classId, className: className(row.level, row.letter), level: row.level, canEdit: false };
  for (const a of assigned) {
    const name = `${a.subject_id}:${a.group_id ?? 0}`;
    const existing = pages.get(name);
    if (existing) {
      if (!existing.teacherNames.includes(a.teacher_name)) existing.teacherNames.push(a.teacher_name);
      continue;
    }
    pages.set(name, {
      ...base,
      subjectId: a.subject_id,
      subjectName: a.subject_name,
      groupKey: a.group_id ?? 0,
      groupName: a.group_name,
      teacherNames: [a.teacher_name],
    });
  }
  // Pages with entries whose assignment was removed during the year: their marks are part of the year too.
  for (const r of recorded) {
    const name = `${r.subject_id}:${r.group_key}`;
    if (!pages.has(name))
      pages.set(name, {
        ...base,
        subjectId: r.subject_id,
        subjectName: r.subject_name,
        groupKey: r.group_key,
        groupName: r.group_name,
        teacherNames: [],
      });
  }
  const journals = [...pages.values()].sort(
    (a, b) =>
      a.subjectName.localeCompare(b.subjectName, 'ru') ||
      a.groupKey - b.groupKey ||
      (a.groupName ?? '').localeCompare(b.groupName ?? '', 'ru'),
  );
  return { class: summary!, journals };
}

/** A journal page of the archive in the live page's shape, with every way of changing it switched off. */
export async function archiveJournalPage(
  archive: OpenArchive,
  key: JournalKey,
  periodId: number | undefined,
): Promise<JournalPage> {
  await archivedClass(archive, key.classId);
  const page = await journalPage(archive.db, {
    key,
    periodId,
    actor: NOBODY,
    now: new Date(archive.manifest.createdAt),
    today: archiveToday(archive),
    // A hub of its own: archive pages have no live updates, and their revision is always 0.
    hub: new JournalEventHub(),
  });
  return {
    ...page,
    journal: { ...page.journal, canEdit: false },
    canEdit: false,
    canUnlock: false,
    lessons: page.lessons.map((l) => ({ ...l, isEditable: false, lockReason: ARCHIVE_LOCK_REASON })),
    // Unlocks that were in force when the archive was written mean nothing to a reader of the past year.
    unlocks: [],
    revision: 0,
  };
}

export async function archiveClassOverview(
  archive: OpenArchive,
  classId: number,
  periodId: number | undefined,
): Promise<z.infer<typeof classOverviewSchema>> {
  await archivedClass(archive, classId);
  return classOverview(archive.db, classId, periodId, archiveToday(archive));
}

export async function archiveClassAbsences(
  archive: OpenArchive,
  classId: number,
  from: string,
  to: string,
): Promise<Array<z.infer<typeof classAbsenceSchema>>> {
  await archivedClass(archive, classId);
  if (from < archive.year.start_date || to > archive.year.end_date) {
    throw invalid(
      'from',
      'Даты',
      `в архиве только ${archive.year.name} учебный год (${archive.year.start_date} – ${archive.year.end_date})`,
    );
  }
  return classAbsences(archive.db, classId, from, to);
}
