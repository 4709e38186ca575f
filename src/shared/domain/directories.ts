// Directories (справочники) with the defaults of common Russian practice (DOMAIN.md, "Marks",
// "Attendance"). The school may edit them; these are only the starting point.

export const DEFAULT_SUBJECTS: ReadonlyArray<readonly [name: string, shortName: string]> = [
  ['Русский язык', 'Рус. яз.'],
  ['Литературное чтение', 'Лит. чт.'],
  ['Литература', 'Лит.'],
  ['Математика', 'Матем.'],
  ['Алгебра', 'Алг.'],
  ['Геометрия', 'Геом.'],
  ['Вероятность и статистика', 'Вер. и стат.'],
  ['Окружающий мир', 'Окр. мир'],
  ['Английский язык', 'Англ. яз.'],
  ['История', 'Ист.'],
  ['Обществознание', 'Общ.'],
  ['География', 'Геогр.'],
  ['Биология', 'Биол.'],
  ['Физика', 'Физ.'],
  ['Химия', 'Хим.'],
  ['Информатика', 'Информ.'],
  ['Музыка', 'Муз.'],
  ['Изобразительное искусство', 'ИЗО'],
  ['Труд (технология)', 'Труд'],
  ['Физическая культура', 'Физ-ра'],
  ['Основы безопасности и защиты Родины', 'ОБЗР'],
];

export interface WorkTypeDefault {
  name: string;
  shortName: string;
  defaultWeight: number;
  isWritten: boolean;
}

export const DEFAULT_WORK_TYPES: readonly WorkTypeDefault[] = [
  { name: 'Ответ на уроке', shortName: 'Отв.', defaultWeight: 1, isWritten: false },
  { name: 'Домашняя работа', shortName: 'ДЗ', defaultWeight: 1, isWritten: true },
  { name: 'Самостоятельная работа', shortName: 'С/р', defaultWeight: 2, isWritten: true },
  { name: 'Проверочная работа', shortName: 'П/р', defaultWeight: 2, isWritten: true },
  { name: 'Практическая работа', shortName: 'Пр/р', defaultWeight: 2, isWritten: true },
  { name: 'Лабораторная работа', shortName: 'Л/р', defaultWeight: 2, isWritten: true },
  { name: 'Диктант', shortName: 'Дикт.', defaultWeight: 3, isWritten: true },
  { name: 'Контрольная работа', shortName: 'К/р', defaultWeight: 3, isWritten: true },
];

export const WORK_TYPE_WEIGHT_MIN = 1;
export const WORK_TYPE_WEIGHT_MAX = 10;

export const ATTENDANCE_CODES = [
  { code: 'Н', label: 'Отсутствовал (причина не известна)', isAbsence: true },
  { code: 'Б', label: 'По болезни', isAbsence: true },
  { code: 'УП', label: 'По уважительной причине', isAbsence: true },
  { code: 'НП', label: 'Без уважительной причины', isAbsence: true },
  { code: 'ОП', label: 'Опоздал', isAbsence: false },
] as const;

export type AttendanceCode = (typeof ATTENDANCE_CODES)[number]['code'];

export interface RoundingStep {
  /** The average from which this mark is suggested (inclusive). */
  fromAverage: number;
  mark: number;
}

export interface MarkSettings {
  /** 2 by default; 1 when the school allows the mark 1. */
  lowestMark: 1 | 2;
  specialCodes: readonly string[];
  rounding: readonly RoundingStep[];
  minimumMarksPerPeriod: number;
  editWindowDays: number;
  /** Class levels taught without marks (1st grade; by setting, early 2nd grade). */
  marklessLevels: readonly number[];
}

export const DEFAULT_MARK_SETTINGS: MarkSettings = {
  lowestMark: 2,
  specialCodes: ['н/а', 'осв', 'зач', 'незач'],
  rounding: [
    { fromAverage: 4.6, mark: 5 },
    { fromAverage: 3.6, mark: 4 },
    { fromAverage: 2.6, mark: 3 },
  ],
  minimumMarksPerPeriod: 3,
  editWindowDays: 7,
  marklessLevels: [1],
};

/** Russian problems of a mark-settings value, empty when it is usable. */
export function markSettingsProblems(s: MarkSettings): string[] {
  const problems: string[] = [];
  const steps = [...s.rounding].sort((a, b) => b.fromAverage - a.fromAverage);
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.mark >= steps[i - 1]!.mark) problems.push('Таблица округления: большему среднему баллу должна соответствовать большая отметка');
  }
  for (const step of steps) {
    if (step.mark < s.lowestMark || step.mark > 5) problems.push(`Таблица округления: отметки ${step.mark} нет в шкале ${s.lowestMark}-5`);
    if (step.fromAverage < s.lowestMark || step.fromAverage > 5) problems.push(`Таблица округления: порог ${step.fromAverage} вне шкалы`);
  }
  if (s.minimumMarksPerPeriod < 0 || s.minimumMarksPerPeriod > 30) problems.push('Минимальное число отметок за период: от 0 до 30');
  if (s.editWindowDays < 0 || s.editWindowDays > 60) problems.push('Срок исправления отметок: от 0 до 60 дней');
  if (s.marklessLevels.some((l) => l < 1 || l > 11)) problems.push('Безотметочные классы: параллели 1-11');
  return [...new Set(problems)];
}
