// The demo school's curriculum (hours per week by class level, close to the federal basic
// curriculum) and a clash-free weekly timetable built from it, deterministically.

/** Hours per week for levels 1..11 (index 0 = 1st grade). */
export const DEMO_CURRICULUM: ReadonlyArray<readonly [subject: string, shortName: string, hours: readonly number[], assessment: string]> = [
  ['Русский язык', 'Рус. яз.', [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2], 'Диктант'],
  ['Литературное чтение', 'Лит. чт.', [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0], 'Проверка техники чтения'],
  ['Литература', 'Лит.', [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3], 'Сочинение'],
  ['Математика', 'Матем.', [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0], 'Контрольная работа'],
  ['Алгебра', 'Алг.', [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3], 'Контрольная работа'],
  ['Геометрия', 'Геом.', [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 'Контрольная работа'],
  ['Окружающий мир', 'Окр. мир', [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0], 'Тест'],
  ['Английский язык', 'Англ. яз.', [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3], 'Контрольная работа'],
  ['История', 'Ист.', [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2], 'Тест'],
  ['Обществознание', 'Общ.', [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2], 'Тест'],
  ['География', 'Геогр.', [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1], 'Тест'],
  ['Биология', 'Биол.', [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1], 'Тест'],
  ['Физика', 'Физ.', [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2], 'Контрольная работа'],
  ['Химия', 'Хим.', [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1], 'Контрольная работа'],
  ['Информатика', 'Информ.', [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 'Практическая работа'],
  ['Музыка', 'Муз.', [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], 'Зачёт'],
  ['Изобразительное искусство', 'ИЗО', [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], 'Зачёт'],
  ['Труд (технология)', 'Труд', [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0], 'Проект'],
  ['Физическая культура', 'Физ-ра', [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 'Сдача нормативов'],
  ['Основы безопасности и защиты Родины', 'ОБЗР', [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], 'Тест'],
];

/** Subjects a primary-school class teacher teaches in grades 1-4 themselves. */
export const PRIMARY_CLASS_TEACHER_SUBJECTS = new Set(['Русский язык', 'Литературное чтение', 'Математика', 'Окружающий мир', 'Изобразительное искусство', 'Труд (технология)']);

export interface DemoLesson {
  classId: number;
  subjectId: number;
  teacherUserId: number;
}

export interface DemoSlot extends DemoLesson {
  weekday: number;
  lessonNumber: number;
  room: string;
}

/**
 * Places each class's weekly lessons into Monday-Friday, lessons 1-7, so that no teacher is
 * in two places at once, no subject is taught more than twice a day, and days are even.
 * Greedy and deterministic; lessons that cannot be placed are returned as `unplaced`.
 */
export function buildDemoTimetable(classes: ReadonlyArray<{ id: number; level: number }>, lessons: readonly DemoLesson[], homeRoom: (classId: number) => string) {
  const teacherBusy = new Set<string>();
  const slots: DemoSlot[] = [];
  const unplaced: DemoLesson[] = [];
  for (const cls of classes) {
    const own = lessons.filter((l) => l.classId === cls.id);
    // Interleave subjects (rather than all Russian first) so that each day gets a mix.
    const queue: DemoLesson[] = [];
    const remaining = new Map<number, DemoLesson[]>();
    for (const l of own) remaining.set(l.subjectId, [...(remaining.get(l.subjectId) ?? []), l]);
    while ([...remaining.values()].some((list) => list.length > 0)) {
      for (const list of remaining.values()) if (list.length > 0) queue.push(list.shift()!);
    }
    const perDay = Math.ceil(queue.length / 5);
    const dayCount = new Map<string, number>();
    const dayLessons = [0, 0, 0, 0, 0, 0];
    for (const lesson of queue) {
      let isPlaced = false;
      for (let attempt = 0; attempt < 2 && !isPlaced; attempt++) {
        // First pass keeps days even; second pass allows up to 7 lessons a day.
        const limit = attempt === 0 ? perDay : 7;
        const days = [1, 2, 3, 4, 5].sort((a, b) => dayLessons[a]! - dayLessons[b]! || a - b);
        for (const weekday of days) {
          const lessonNumber = dayLessons[weekday]! + 1;
          if (lessonNumber > limit) continue;
          const subjectKey = `${weekday}:${lesson.subjectId}`;
          if ((dayCount.get(subjectKey) ?? 0) >= 2) continue;
          const teacherKey = `${lesson.teacherUserId}:${weekday}:${lessonNumber}`;
          if (teacherBusy.has(teacherKey)) continue;
          teacherBusy.add(teacherKey);
          dayCount.set(subjectKey, (dayCount.get(subjectKey) ?? 0) + 1);
          dayLessons[weekday] = lessonNumber;
          slots.push({ ...lesson, weekday, lessonNumber, room: homeRoom(cls.id) });
          isPlaced = true;
          break;
        }
      }
      if (!isPlaced) unplaced.push(lesson);
    }
  }
  return { slots, unplaced };
}
