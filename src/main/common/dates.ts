// School-local calendar dates ('YYYY-MM-DD'), taken in the server PC's time zone: the
// school's day is what matters for enrolment and lessons, not UTC.

export function localDate(at: Date = new Date()): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** '2026/2027' for any date from 1 September 2026 to 31 August 2027. */
export function academicYearOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start = m >= 9 ? y : y - 1;
  return `${start}/${start + 1}`;
}

/** The date at which to show a class of `academicYear`: today, or the nearest day of that year. */
export function referenceDateIn(academicYear: string, today: string = localDate()): string {
  const start = `${academicYear.slice(0, 4)}-09-01`;
  const end = `${academicYear.slice(5, 9)}-08-31`;
  return today < start ? start : today > end ? end : today;
}
