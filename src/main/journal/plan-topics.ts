// Lessons take their default topics from the work program in order (3.4): the program's topics, each repeated
// for its hours, are laid over the page's lessons of the school year from the first one on.

import type { z } from 'zod';
import type { journalPlanSchema } from '../../shared/api/journal-schemas';
import type { DerivedLesson } from '../../shared/domain/school-year-types';
import type { Db } from '../db/connection';
import { lessonsOfJournal } from '../db/repositories/journal-repo';
import { programTopics } from '../db/repositories/work-program-repo';
import { derivedLessonsOf, type JournalContext } from './journal-context';

export const lessonKeyOf = (date: string, lessonNumber: number) => `${date}#${lessonNumber}`;

/** Lesson key -> the program's topic for it, for the lessons of the year up to `until`. */
export async function planTopicsUntil(db: Db, ctx: JournalContext, until: string, yearLessons?: readonly DerivedLesson[]): Promise<Map<string, string>> {
  const topics = await programTopics(db, ctx.year.id, ctx.key.subjectId, ctx.cls.level);
  if (topics.length === 0) return new Map();
  const sequence = topics.flatMap((t) => Array.from({ length: Math.max(1, t.hours) }, () => t.title));
  const lessons = yearLessons ?? (await derivedLessonsOf(db, ctx, ctx.year.start_date, until));
  const byLesson = new Map<string, string>();
  lessons.forEach((lesson, index) => {
    const title = sequence[index];
    if (title !== undefined) byLesson.set(lessonKeyOf(lesson.date, lesson.lessonNumber), title);
  });
  return byLesson;
}

/**
 * Plan and fact for a page (3.4): each topic of the program with the dates the plan puts it on (by order over
 * the year's lessons) and the dates of recorded lessons whose topic is that title; topics held that are not in
 * the program are listed apart.
 */
export async function planAndFact(db: Db, ctx: JournalContext): Promise<z.infer<typeof journalPlanSchema>> {
  const [topics, yearLessons, recorded] = await Promise.all([
    programTopics(db, ctx.year.id, ctx.key.subjectId, ctx.cls.level),
    derivedLessonsOf(db, ctx, ctx.year.start_date, ctx.year.end_date),
    lessonsOfJournal(db, ctx.key, ctx.year.start_date, ctx.year.end_date),
  ]);
  const held = yearLessons.filter((l) => l.date <= ctx.today);
  const heldTopics = recorded.filter((r) => r.date <= ctx.today && r.topic);
  const normalise = (text: string) => text.trim().toLowerCase();
  const planned: Array<{ position: number; dates: string[] }> = [];
  let index = 0;
  for (const topic of topics) {
    const dates: string[] = [];
    for (let hour = 0; hour < Math.max(1, topic.hours); hour++) {
      const lesson = yearLessons[index++];
      if (lesson) dates.push(lesson.date);
    }
    planned.push({ position: topic.position, dates });
  }
  const titles = new Set(topics.map((t) => normalise(t.title)));
  const result = topics.map((t, i) => ({
    position: t.position,
    title: t.title,
    hours: t.hours,
    plannedAssessment: t.plannedAssessment,
    plannedDates: planned[i]!.dates,
    heldDates: heldTopics.filter((r) => normalise(r.topic!) === normalise(t.title)).map((r) => r.date),
  }));
  const dueByToday = result.filter((t) => t.plannedDates.some((d) => d <= ctx.today));
  return {
    hasProgram: topics.length > 0,
    lessonsInYear: yearLessons.length,
    lessonsHeld: held.length,
    plannedHours: topics.reduce((sum, t) => sum + Math.max(1, t.hours), 0),
    plannedByToday: dueByToday.length,
    heldOfPlannedByToday: dueByToday.filter((t) => t.heldDates.length > 0).length,
    topics: result,
    otherTopics: heldTopics.filter((r) => !titles.has(normalise(r.topic!))).map((r) => ({ date: r.date, topic: r.topic! })),
  };
}
