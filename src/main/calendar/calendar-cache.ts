// The calendar of a school year changes a few times a year but is read by every journal and diary request:
// keep the loaded copy per year and version (a saved calendar gets a new version, so a stale copy is never used).

import type { SchoolYearCalendar } from '../../shared/domain/school-year-types';
import type { Db } from '../db/connection';
import { loadCalendar, type AcademicYearRow } from '../db/repositories/calendar-repo';

const cache = new WeakMap<Db, Map<number, { version: number; calendar: Promise<SchoolYearCalendar> }>>();

export function cachedCalendar(db: Db, year: AcademicYearRow): Promise<SchoolYearCalendar> {
  let ofDb = cache.get(db);
  if (!ofDb) {
    ofDb = new Map();
    cache.set(db, ofDb);
  }
  const hit = ofDb.get(year.id);
  if (hit && hit.version === year.version) return hit.calendar;
  const calendar = loadCalendar(db, year);
  ofDb.set(year.id, { version: year.version, calendar });
  calendar.catch(() => ofDb.delete(year.id));
  return calendar;
}
