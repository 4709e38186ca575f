// Lessons take their default topics from the work program in order (3.4): the program's topics, each repeated
// for its hours, are laid over the page's lessons of the school year from the first one on.

import type { DerivedLesson } from '../../shared/domain/school-year-types';
import type { Db } from '../db/connection';
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
