// The bell schedule (расписание звонков): default times and the checks of a schedule.

import type { BellLesson } from './school-year-types';

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 40-minute lessons; the first shift from 8:30, the second from 13:30; longer breaks after the 2nd and 3rd lessons. */
export function defaultBells(): BellLesson[] {
  const bells: BellLesson[] = [];
  for (const [shift, start] of [
    [1, 8 * 60 + 30],
    [2, 13 * 60 + 30],
  ] as const) {
    let at = start;
    for (let lessonNumber = 1; lessonNumber <= 7; lessonNumber++) {
      bells.push({ shift, lessonNumber, startsAt: toTime(at), endsAt: toTime(at + 40) });
      at += 40 + (lessonNumber === 2 || lessonNumber === 3 ? 20 : 10);
    }
  }
  return bells;
}

export interface BellProblem {
  field: string;
  message: string;
}

export function validateBells(bells: readonly BellLesson[]): BellProblem[] {
  const problems: BellProblem[] = [];
  const seen = new Set<string>();
  bells.forEach((b, index) => {
    const field = `bells.${index}`;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(b.startsAt) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(b.endsAt)) {
      problems.push({ field, message: `Звонки, ${b.shift} смена, ${b.lessonNumber}-й урок: время в формате ЧЧ:ММ` });
      return;
    }
    if (toMinutes(b.startsAt) >= toMinutes(b.endsAt)) {
      problems.push({ field, message: `Звонки, ${b.shift} смена, ${b.lessonNumber}-й урок: начало позже окончания` });
    }
    const key = `${b.shift}:${b.lessonNumber}`;
    if (seen.has(key)) problems.push({ field, message: `Звонки, ${b.shift} смена: ${b.lessonNumber}-й урок указан дважды` });
    seen.add(key);
  });
  for (const shift of [1, 2] as const) {
    const ordered = bells.filter((b) => b.shift === shift).sort((a, b) => a.lessonNumber - b.lessonNumber);
    for (let i = 1; i < ordered.length; i++) {
      if (toMinutes(ordered[i]!.startsAt) < toMinutes(ordered[i - 1]!.endsAt)) {
        problems.push({ field: 'bells', message: `Звонки, ${shift} смена: ${ordered[i]!.lessonNumber}-й урок начинается раньше, чем кончается ${ordered[i - 1]!.lessonNumber}-й` });
      }
    }
  }
  return problems;
}
