// The archive viewer's adapter to the journal store: pages come from the archive's read-only endpoint instead of
// the live journal, so the normal grid shows them (their `canEdit` is false: the grid sends no edits).

import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import type { JournalPageSource } from '../journal/journal-store';

const sources = new Map<number, JournalPageSource>();

/** One source object per archive, so the store sees the same source on every render. */
export function archivePageSource(archiveId: number): JournalPageSource {
  let source = sources.get(archiveId);
  if (!source) {
    source = {
      id: `archive:${archiveId}`,
      load: (key, periodId) =>
        call(api.archiveViewJournal, { params: { archiveId, ...key }, query: periodId === null ? {} : { periodId } }),
    };
    sources.set(archiveId, source);
  }
  return source;
}

/** Addresses inside the viewer of one archive. */
export const archivePath = {
  root: (archiveId: number) => `/archive/${archiveId}`,
  cls: (archiveId: number, classId: number) => `/archive/${archiveId}/classes/${classId}`,
  attendance: (archiveId: number, classId: number) => `/archive/${archiveId}/classes/${classId}/attendance`,
  journal: (archiveId: number, key: { classId: number; subjectId: number; groupKey: number }) =>
    `/archive/${archiveId}/journals/${key.classId}/${key.subjectId}/${key.groupKey}`,
};
