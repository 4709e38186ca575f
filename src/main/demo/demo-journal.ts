// The demo school's journal: for every page (class × subject, as the timetable derives its lessons), every lesson
// from the first school day up to the demo's today is written as a teacher would have kept it: the work program's
// topic, homework, an oral mark column (sometimes a written one: самостоятельная, контрольная), marks of pupils of
// different ability, absences (illnesses of whole days, single lessons) with the class teacher's reasons, a few
// lates, the period marks of the periods already over (as the journal suggests them) and the schedule of
// контрольные. Deterministic for a seed except for the dates, which follow today. No audit entry per row: one
// 'school.demo-journal' entry with the counts.

import { addDays, levelSettingsOf } from '../../shared/domain/calendar';
import type { MarkSettings } from '../../shared/domain/directories';
import { NOT_ATTESTED_CODE, numericMark, suggestPeriodMark } from '../../shared/domain/marks';
import type { BellLesson, DerivedLesson, SchoolYearCalendar } from '../../shared/domain/school-year-types';
import { recordAudit } from '../audit/audit-service';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { findAcademicYear, loadBells, loadCalendar } from '../db/repositories/calendar-repo';
import {
  demoJournalReferences,
  insertDemoJournal,
  type DemoAttendanceRow,
  type DemoJournalReferences,
  type DemoJournalRows,
  type DemoProgramRow,
} from '../db/repositories/demo-journal-repo';
import type { DemoSchoolRows } from '../db/repositories/demo-repo';
import { markSettings } from '../directories/directories-service';
import { lessonsOfYear } from '../timetable/timetable-service';

export interface DemoJournalCounts {
  workPrograms: number;
  lessons: number;
  markColumns: number;
  marks: number;
  absences: number;
  lates: number;
  periodMarks: number;
  closedPeriods: number;
  assessments: number;
  /** The last day written (the demo's today, within the school year). */
  until: string;
}

export interface DemoJournalInput {
  yearId: number;
  rows: DemoSchoolRows;
  /** The demo's today ('YYYY-MM-DD'); lessons are written up to it, clipped to the school year. */
  today: string;
  now: Date;
  rnd: () => number;
}

// ---------------------------------------------------------------------------------------------------------------
// Texts: short thematic plans per subject (primary school apart where it differs), homework patterns.

const TOPICS: Record<string, readonly string[]> = {
  'Русский язык/1': [
    'Звуки и буквы',
    'Гласные и согласные звуки',
    'Слог. Ударение',
    'Твёрдые и мягкие согласные',
    'Звонкие и глухие согласные',
    'Предложение и текст',
    'Состав слова: корень',
    'Однокоренные слова',
    'Правописание жи–ши, ча–ща, чу–щу',
    'Разделительный мягкий знак',
    'Имя существительное',
    'Имя прилагательное',
    'Глагол',
  ],
  'Русский язык/5': [
    'Повторение изученного в начальной школе',
    'Фонетика и орфоэпия',
    'Морфемика. Состав слова',
    'Правописание корней с чередованием',
    'Имя существительное',
    'Имя прилагательное',
    'Глагол: вид и время',
    'Причастие',
    'Деепричастие',
    'Наречие',
    'Словосочетание',
    'Простое осложнённое предложение',
    'Сложноподчинённое предложение',
    'Пунктуация при прямой речи',
  ],
  'Литературное чтение': ['Устное народное творчество', 'Сказки народов России', 'Стихи о природе', 'А. С. Пушкин. Сказки', 'Басни И. А. Крылова', 'Рассказы о детях', 'Рассказы о животных', 'Л. Н. Толстой. Рассказы для детей', 'Произведения о Родине'],
  'Литература': [
    'Мифы и легенды',
    'Фольклор: былины',
    'Древнерусская литература',
    'А. С. Пушкин. Лирика',
    'М. Ю. Лермонтов. «Мцыри»',
    'Н. В. Гоголь. «Ревизор»',
    'И. С. Тургенев. Рассказы',
    'Н. А. Некрасов. Лирика',
    'Л. Н. Толстой. «После бала»',
    'А. П. Чехов. Рассказы',
    'Поэзия Серебряного века',
    'М. А. Шолохов. «Судьба человека»',
  ],
  'Математика/1': ['Числа от 1 до 10', 'Сложение и вычитание в пределах 10', 'Числа от 11 до 20', 'Сложение с переходом через десяток', 'Таблица умножения', 'Деление', 'Величины: длина, масса, время', 'Периметр и площадь', 'Текстовые задачи', 'Числа до 1000'],
  'Математика/5': [
    'Натуральные числа и нуль',
    'Действия с натуральными числами',
    'Делимость чисел',
    'Обыкновенные дроби',
    'Сложение и вычитание дробей',
    'Умножение и деление дробей',
    'Десятичные дроби',
    'Проценты',
    'Отношения и пропорции',
    'Положительные и отрицательные числа',
    'Координатная плоскость',
    'Наглядная геометрия',
  ],
  'Алгебра': [
    'Выражения и их преобразования',
    'Линейные уравнения',
    'Функции и графики',
    'Степень с натуральным показателем',
    'Многочлены',
    'Формулы сокращённого умножения',
    'Системы линейных уравнений',
    'Квадратные корни',
    'Квадратные уравнения',
    'Неравенства',
    'Арифметическая и геометрическая прогрессии',
  ],
  'Геометрия': ['Начальные геометрические сведения', 'Треугольники', 'Параллельные прямые', 'Соотношения между сторонами и углами треугольника', 'Четырёхугольники', 'Площадь', 'Подобные треугольники', 'Окружность', 'Векторы', 'Теорема Пифагора'],
  'Окружающий мир': ['Природа и человек', 'Неживая и живая природа', 'Растения', 'Животные', 'Человек и его здоровье', 'Безопасность дома и на улице', 'Наша Родина — Россия', 'Родной край', 'Путешествие по городам России'],
  'Английский язык': ['My family', 'School life', 'Free time and hobbies', 'Food and drinks', 'Weather and seasons', 'Travelling', 'Sports', 'Present Simple and Present Continuous', 'Past Simple', 'Future forms', 'Modal verbs', 'Describing people'],
  'История': ['Первобытность', 'Древний Египет', 'Древняя Греция', 'Древний Рим', 'Русь в IX–XII веках', 'Раздробленность Руси', 'Образование единого Русского государства', 'Смутное время', 'Россия при Петре I', 'Эпоха дворцовых переворотов', 'Россия в XIX веке'],
  'Обществознание': ['Человек и общество', 'Семья и общество', 'Духовная культура', 'Экономика и её роль', 'Право и его роль в жизни общества', 'Конституция Российской Федерации', 'Политика и власть', 'Социальная сфера'],
  'География': ['Земля во Вселенной', 'Географическая карта', 'Литосфера', 'Гидросфера', 'Атмосфера', 'Биосфера', 'Материки и океаны', 'Природа России', 'Население России', 'Хозяйство России'],
  'Биология': ['Биология — наука о живой природе', 'Клетка', 'Ткани', 'Растения: строение и функции', 'Многообразие растений', 'Животные', 'Строение тела человека', 'Обмен веществ', 'Нервная система', 'Экосистемы'],
  'Физика': ['Физика и методы познания', 'Строение вещества', 'Механическое движение', 'Взаимодействие тел', 'Давление', 'Работа и мощность', 'Тепловые явления', 'Электрические явления', 'Магнитные явления', 'Световые явления'],
  'Химия': ['Первоначальные химические понятия', 'Кислород. Оксиды', 'Водород. Кислоты', 'Вода. Растворы', 'Основания. Соли', 'Периодический закон Д. И. Менделеева', 'Строение атома', 'Химическая связь', 'Окислительно-восстановительные реакции'],
  'Информатика': ['Информация и информационные процессы', 'Компьютер и его устройство', 'Системы счисления', 'Алгоритмы и исполнители', 'Программирование: ветвления', 'Программирование: циклы', 'Электронные таблицы', 'Компьютерные сети'],
  'Музыка': ['Музыка моего края', 'Народная музыка России', 'Русская классическая музыка', 'Музыка народов мира', 'Музыкальный театр', 'Духовная музыка', 'Современная музыка'],
  'Изобразительное искусство': ['Цвет и краски', 'Рисунок с натуры', 'Декоративно-прикладное искусство', 'Народные промыслы', 'Портрет', 'Пейзаж', 'Натюрморт', 'Архитектура'],
  'Труд (технология)': ['Техника безопасности в мастерской', 'Материалы и их свойства', 'Работа с бумагой и картоном', 'Обработка древесины', 'Обработка текстильных материалов', 'Кулинария', 'Проектная деятельность'],
  'Физическая культура': ['Лёгкая атлетика: бег', 'Прыжки в длину', 'Гимнастика', 'Акробатика', 'Баскетбол', 'Волейбол', 'Лыжная подготовка', 'Футбол'],
  'Основы безопасности и защиты Родины': ['Безопасность в быту', 'Безопасность на дорогах', 'Пожарная безопасность', 'Чрезвычайные ситуации', 'Первая помощь', 'Основы обороны государства'],
};

/** The thematic plan's list for a subject and level; a generic one for a subject the demo does not know. */
function topicList(subject: string, level: number): readonly string[] {
  return TOPICS[`${subject}/${level <= 4 ? 1 : 5}`] ?? TOPICS[subject] ?? ['Введение', 'Основные понятия', 'Практикум', 'Обобщение и систематизация'];
}

interface ControlKind {
  workTypeName: string;
  title: (topic: string) => string;
}

/** The curriculum's assessment form -> what goes into the schedule of контрольные (null: none scheduled). */
const CONTROL_KINDS: Record<string, ControlKind> = {
  'Контрольная работа': { workTypeName: 'Контрольная работа', title: (t) => `Контрольная работа по теме «${t}»` },
  Диктант: { workTypeName: 'Диктант', title: (t) => `Контрольный диктант по теме «${t}»` },
  Сочинение: { workTypeName: 'Контрольная работа', title: (t) => `Сочинение по теме «${t}»` },
  Тест: { workTypeName: 'Проверочная работа', title: (t) => `Тест по теме «${t}»` },
  'Проверка техники чтения': { workTypeName: 'Проверочная работа', title: () => 'Проверка техники чтения' },
  'Практическая работа': { workTypeName: 'Практическая работа', title: (t) => `Практическая работа «${t}»` },
};

/** Subjects without written work in class (no самостоятельные) and with little homework. */
const PRACTICAL_SUBJECTS = new Set(['Физическая культура', 'Музыка', 'Изобразительное искусство', 'Труд (технология)']);
const PRACTICAL_HOMEWORK: Record<string, string> = {
  'Физическая культура': 'Комплекс утренней зарядки',
  Музыка: 'Выучить слова песни',
  'Изобразительное искусство': 'Принести альбом и акварельные краски',
  'Труд (технология)': 'Подобрать материалы для проекта',
};

/** Homework of the `index`-th lesson of a page (paragraph and exercise numbers grow through the year). */
function homeworkOf(subject: string, level: number, index: number, rnd: () => number): string | null {
  if (level === 1) return null; // No homework in the 1st grade.
  if (PRACTICAL_SUBJECTS.has(subject)) return rnd() < 0.2 ? (PRACTICAL_HOMEWORK[subject] ?? null) : null;
  if (rnd() < 0.12) return null;
  const paragraph = 1 + Math.floor(index / 2);
  const n = 5 + index * 3 + Math.floor(rnd() * 3);
  const variant = rnd();
  switch (subject) {
    case 'Русский язык':
      return variant < 0.7 ? `Упр. ${n}` : `§ ${paragraph}, правило; упр. ${n}`;
    case 'Математика':
    case 'Алгебра':
    case 'Геометрия':
      return variant < 0.7 ? `№ ${n}, ${n + 2}, ${n + 5}` : `П. ${paragraph}, № ${n}–${n + 3}`;
    case 'Литература':
    case 'Литературное чтение':
      return variant < 0.5 ? `Прочитать с. ${n}–${n + 8}` : variant < 0.8 ? `Ответить на вопросы на с. ${n}` : 'Выучить стихотворение наизусть';
    case 'Английский язык':
      return variant < 0.7 ? `Ex. ${1 + (index % 9)}, p. ${n}` : `Выучить слова, Unit ${1 + Math.floor(index / 8)}`;
    default:
      return variant < 0.6 ? `§ ${paragraph}, вопросы 1–${3 + Math.floor(rnd() * 3)}` : variant < 0.85 ? `§ ${paragraph}, заполнить таблицу` : `§ ${paragraph}, подготовить сообщение`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pages and work programs

interface Page {
  classId: number;
  subjectId: number;
  subject: string;
  groupKey: number;
  level: number;
  hoursPerWeek: number;
  teacherUserId: number;
  classTeacherUserId: number;
  isMarkless: boolean;
  /** The page's lessons of the whole year, in the order the journal numbers them. */
  yearLessons: DerivedLesson[];
}

interface PlannedLesson {
  title: string;
  control: ControlKind | null;
}

function pagesOf(rows: DemoSchoolRows, lessons: readonly DerivedLesson[], calendar: SchoolYearCalendar, settings: MarkSettings): Page[] {
  const classes = new Map(rows.classes.map((c) => [c.id, c]));
  const subjects = new Map(rows.subjects.map((s) => [s.id, s.name]));
  const assignments = new Map(rows.assignments.map((a) => [`${a.classId}:${a.subjectId}`, a]));
  const pages = new Map<string, Page>();
  for (const lesson of lessons) {
    // The demo has no subgroups; a group page would need the group's members, which the demo does not make.
    if (lesson.groupId !== null) continue;
    const key = `${lesson.classId}:${lesson.subjectId}`;
    let page = pages.get(key);
    if (!page) {
      const cls = classes.get(lesson.classId)!;
      const assignment = assignments.get(key);
      page = {
        classId: cls.id,
        subjectId: lesson.subjectId,
        subject: subjects.get(lesson.subjectId) ?? '',
        groupKey: 0,
        level: cls.level,
        hoursPerWeek: assignment?.hoursPerWeek ?? 1,
        teacherUserId: assignment?.teacherUserId ?? lesson.teacherUserId,
        classTeacherUserId: cls.classTeacherUserId ?? lesson.teacherUserId,
        isMarkless: levelSettingsOf(calendar, cls.level).isMarkless || settings.marklessLevels.includes(cls.level),
        yearLessons: [],
      };
      pages.set(key, page);
    }
    page.yearLessons.push(lesson);
  }
  return [...pages.values()].sort((a, b) => a.classId - b.classId || a.subjectId - b.subjectId);
}

/** Blocks of a few lessons per topic, a контрольная every 4 weeks or so, covering `totalLessons`. */
function programTopicsOf(subject: string, level: number, hoursPerWeek: number, control: ControlKind | null, totalLessons: number): DemoProgramRow['topics'] {
  const list = topicList(subject, level);
  const blockHours = Math.max(2, Math.min(6, hoursPerWeek + 1));
  const controlEvery = Math.max(8, 4 * hoursPerWeek);
  const topics: DemoProgramRow['topics'] = [];
  let used = 0;
  let sinceControl = 0;
  for (let i = ((level - 1) * 3) % list.length; used < totalLessons; i++) {
    const base = list[i % list.length]!;
    const title = i < list.length ? base : `${base}: повторение и углубление`;
    const hours = Math.min(blockHours + (i % 3 === 0 ? 1 : 0), totalLessons - used);
    topics.push({ position: topics.length + 1, title, hours, plannedAssessment: null });
    used += hours;
    sinceControl += hours;
    if (control && sinceControl >= controlEvery && used < totalLessons) {
      topics.push({ position: topics.length + 1, title: control.title(base), hours: 1, plannedAssessment: control.workTypeName });
      used += 1;
      sinceControl = 0;
    }
  }
  return topics;
}

/** One program per subject and level, long enough for the longest page; each page's lesson -> its planned topic. */
function buildPrograms(pages: readonly Page[], rows: DemoSchoolRows, yearId: number, firstId: number, updatedAt: string) {
  const assessmentOf = new Map(rows.curriculum.map((c) => [`${c.subjectId}/${c.level}`, c.assessmentForm]));
  const groups = new Map<string, Page[]>();
  for (const page of pages) groups.set(`${page.subjectId}/${page.level}`, [...(groups.get(`${page.subjectId}/${page.level}`) ?? []), page]);
  const programs: DemoProgramRow[] = [];
  const plans = new Map<Page, PlannedLesson[]>();
  for (const [key, ofLevel] of groups) {
    const first = ofLevel[0]!;
    // No контрольные in the markless 1st grade.
    const control = first.isMarkless ? null : (CONTROL_KINDS[assessmentOf.get(key) ?? ''] ?? null);
    const total = Math.max(...ofLevel.map((p) => p.yearLessons.length));
    const topics = programTopicsOf(first.subject, first.level, first.hoursPerWeek, control, total);
    programs.push({ id: firstId + programs.length, yearId, subjectId: first.subjectId, level: first.level, authorUserId: first.teacherUserId, updatedAt, topics });
    // As the journal lays them over lessons (plan-topics.ts): each topic repeated for its hours.
    const sequence = topics.flatMap((t) => Array.from({ length: Math.max(1, t.hours) }, (): PlannedLesson => ({ title: t.title, control: t.plannedAssessment ? control : null })));
    for (const page of ofLevel) plans.set(page, sequence);
  }
  return { programs, plans };
}

// ---------------------------------------------------------------------------------------------------------------
// Pupils: ability and days away

interface Pupil {
  id: number;
  ability: number;
  bySubject: Map<number, number>;
  /** Date -> the reason of a whole day away (Б illness, УП/НП other), and whether the class teacher has set it. */
  daysAway: Map<string, { reason: 'Б' | 'УП' | 'НП'; isReasonSet: boolean }>;
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Whole days away: illnesses of 2-7 school days (some pupils ill more often), now and then a family reason. */
function daysAwayOf(schoolDays: readonly string[], today: string, rnd: () => number): Pupil['daysAway'] {
  const away: Pupil['daysAway'] = new Map();
  const proneness = 0.3 + 1.7 * rnd();
  const recent = addDays(today, -2);
  let illLeft = 0;
  for (const date of schoolDays) {
    let reason: 'Б' | 'УП' | 'НП' | null = null;
    if (illLeft > 0 || rnd() < 0.0075 * proneness) {
      if (illLeft === 0) illLeft = 2 + Math.floor(rnd() * 6);
      illLeft -= 1;
      reason = 'Б';
    } else if (rnd() < 0.005) {
      reason = rnd() < 0.7 ? 'УП' : 'НП';
    }
    if (reason) away.set(date, { reason, isReasonSet: date < recent && rnd() < 0.9 });
  }
  return away;
}

function pupilsOf(rows: DemoSchoolRows, pages: readonly Page[], today: string, rnd: () => number): Map<number, Pupil[]> {
  const schoolDays = new Map<number, string[]>();
  for (const page of pages) {
    const days = schoolDays.get(page.classId) ?? [];
    for (const l of page.yearLessons) if (l.date <= today) days.push(l.date);
    schoolDays.set(page.classId, days);
  }
  const uniqueDays = new Map([...schoolDays].map(([classId, days]) => [classId, [...new Set(days)].sort()]));
  const byClass = new Map<number, Pupil[]>();
  for (const e of rows.enrolments) {
    const days = uniqueDays.get(e.classId) ?? [];
    const pupil: Pupil = { id: e.studentId, ability: Math.min(4.9, Math.max(2.9, 4.05 + 0.45 * gaussian(rnd))), bySubject: new Map(), daysAway: daysAwayOf(days, today, rnd) };
    const list = byClass.get(e.classId);
    if (list) list.push(pupil);
    else byClass.set(e.classId, [pupil]);
  }
  return byClass;
}

function markOf(pupil: Pupil, subjectId: number, isWritten: boolean, lowest: number, rnd: () => number): number {
  let offset = pupil.bySubject.get(subjectId);
  if (offset === undefined) {
    offset = 0.3 * gaussian(rnd);
    pupil.bySubject.set(subjectId, offset);
  }
  const x = pupil.ability + offset + (isWritten ? 0.9 * gaussian(rnd) - 0.15 : 0.75 * gaussian(rnd));
  return Math.min(5, Math.max(lowest, Math.round(x)));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the pages

interface Clock {
  /** ISO instant of a school-local date and time, never later than the demo's now. */
  at(date: string, time: string): string;
  /** `date` plus n days, not later than today. */
  later(date: string, days: number): string;
  today: string;
  nowIso: string;
}

function makeClock(today: string, nowIso: string): Clock {
  const cache = new Map<string, string>();
  const days = new Map<string, string>();
  return {
    today,
    nowIso,
    at(date, time) {
      const key = date + time;
      let iso = cache.get(key);
      if (iso === undefined) {
        iso = new Date(`${date}T${time}:00`).toISOString();
        if (iso > nowIso) iso = nowIso;
        cache.set(key, iso);
      }
      return iso;
    },
    later(date, n) {
      const key = `${date}+${n}`;
      let result = days.get(key);
      if (result === undefined) {
        result = addDays(date, n);
        if (result > today) result = today;
        days.set(key, result);
      }
      return result;
    },
  };
}

interface Writer {
  rows: DemoJournalRows;
  ids: { lesson: number; column: number };
  clock: Clock;
  rnd: () => number;
  settings: MarkSettings;
  bells: Map<number, BellLesson>;
  workTypes: { oral: WorkTypeRef; selfWork: WorkTypeRef; byName: Map<string, WorkTypeRef> };
  counts: { absences: number; lates: number };
}

interface WorkTypeRef {
  id: number;
  weight: number;
  isWritten: boolean;
}

/** A pupil's marks on one page: date and weight, for the period marks. */
type PageMarks = Map<number, Array<{ date: string; value: number; weight: number }>>;

/** The attendance code of a pupil on a lesson (null = present), with the reason row fields. */
function attendanceOf(w: Writer, page: Page, pupil: Pupil, lesson: DerivedLesson, enteredAt: string): DemoAttendanceRow | null {
  const day = pupil.daysAway.get(lesson.date);
  const base = { lessonId: 0, studentId: pupil.id, enteredByUserId: lesson.teacherUserId, enteredAt, reasonByUserId: null, reasonAt: null };
  const reasonAt = () => w.clock.at(w.clock.later(lesson.date, 1 + Math.floor(w.rnd() * 3)), '16:30');
  if (day) {
    return day.isReasonSet ? { ...base, code: day.reason, reasonByUserId: page.classTeacherUserId, reasonAt: reasonAt() } : { ...base, code: 'Н' };
  }
  const r = w.rnd();
  if (r < 0.012) {
    const reason = w.rnd();
    if (lesson.date >= addDays(w.clock.today, -2) || reason < 0.35) return { ...base, code: 'Н' };
    return { ...base, code: reason < 0.7 ? 'УП' : 'НП', reasonByUserId: page.classTeacherUserId, reasonAt: reasonAt() };
  }
  if (r < 0.018) return { ...base, code: 'ОП' };
  return null;
}

/** When a mark was entered: oral ones on the lesson day (now and then a day or three late), written ones within a week. */
function markTiming(w: Writer, date: string, endsAt: string, isWritten: boolean): { at: string; isLate: number } {
  if (isWritten) {
    const day = w.clock.later(date, 1 + Math.floor(w.rnd() * 6));
    return { at: w.clock.at(day, '16:00'), isLate: 0 };
  }
  if (w.rnd() < 0.92) return { at: w.clock.at(date, endsAt), isLate: 0 };
  const day = w.clock.later(date, 1 + Math.floor(w.rnd() * 3));
  return { at: w.clock.at(day, '17:30'), isLate: day > date ? 1 : 0 };
}

function writeLesson(w: Writer, page: Page, pupils: readonly Pupil[], lesson: DerivedLesson, index: number, planned: PlannedLesson | undefined, pageMarks: PageMarks): void {
  const bell = w.bells.get(lesson.lessonNumber);
  const enteredAt = w.clock.at(lesson.date, bell?.startsAt ?? '08:30');
  const endsAt = bell?.endsAt ?? '15:00';
  const lessonId = w.ids.lesson++;
  let updatedAt = enteredAt;
  const absent = new Set<number>();
  for (const pupil of pupils) {
    const row = attendanceOf(w, page, pupil, lesson, enteredAt);
    if (!row) continue;
    w.rows.attendance.push({ ...row, lessonId });
    if (row.code === 'ОП') w.counts.lates += 1;
    else {
      w.counts.absences += 1;
      absent.add(pupil.id);
    }
  }
  if (!page.isMarkless) updatedAt = writeMarks(w, page, pupils, absent, lesson, lessonId, planned, endsAt, pageMarks, updatedAt);
  w.rows.lessons.push({
    id: lessonId,
    classId: page.classId,
    subjectId: page.subjectId,
    groupKey: page.groupKey,
    date: lesson.date,
    lessonNumber: lesson.lessonNumber,
    teacherUserId: lesson.teacherUserId,
    topic: planned?.title ?? null,
    homework: planned?.control ? null : homeworkOf(page.subject, page.level, index, w.rnd),
    enteredAt,
    updatedAt,
  });
}

/** The lesson's columns and marks; returns the latest entry time. */
function writeMarks(
  w: Writer,
  page: Page,
  pupils: readonly Pupil[],
  absent: ReadonlySet<number>,
  lesson: DerivedLesson,
  lessonId: number,
  planned: PlannedLesson | undefined,
  endsAt: string,
  pageMarks: PageMarks,
  updatedAt: string,
): string {
  const control = planned?.control ? (w.workTypes.byName.get(planned.control.workTypeName) ?? null) : null;
  const written = control ?? (!PRACTICAL_SUBJECTS.has(page.subject) && w.rnd() < 0.1 ? w.workTypes.selfWork : null);
  // About 1.5 (one lesson a week: nearly everyone every lesson) to 2.4 (four or more lessons a week) marks per
  // pupil a week, written work (about a tenth of the lessons) included.
  const perWeek = Math.min(2.4, 1.2 + 0.3 * page.hoursPerWeek);
  const writtenShare = PRACTICAL_SUBJECTS.has(page.subject) ? 0 : 0.1;
  const oralChance = Math.min(0.9, Math.max(0.05, perWeek / page.hoursPerWeek - writtenShare)) * (written ? 0.25 : 1);
  const oral: Array<[Pupil, number]> = [];
  const wrote: Array<[Pupil, number]> = [];
  for (const pupil of pupils) {
    if (absent.has(pupil.id)) continue; // No marks (and so no 2) for a pupil who was not there.
    if (w.rnd() < oralChance) oral.push([pupil, markOf(pupil, page.subjectId, false, w.settings.lowestMark, w.rnd)]);
    if (written && w.rnd() < (control ? 0.96 : 0.85)) wrote.push([pupil, markOf(pupil, page.subjectId, true, w.settings.lowestMark, w.rnd)]);
  }
  if (oral.length === 0 && wrote.length === 0) return updatedAt;
  // As the journal does it: the default (oral) column first, a written one as the second.
  const columns: Array<[WorkTypeRef, Array<[Pupil, number]>]> = [[w.workTypes.oral, oral]];
  if (written) columns.push([written, wrote]);
  let latest = updatedAt;
  columns.forEach(([type, marks], position) => {
    const columnId = w.ids.column++;
    w.rows.columns.push({ id: columnId, lessonId, position: position + 1, workTypeId: type.id, weight: type.weight, createdAt: updatedAt });
    for (const [pupil, value] of marks) {
      const timing = markTiming(w, lesson.date, endsAt, type.isWritten);
      w.rows.marks.push([columnId, pupil.id, value, lesson.teacherUserId, timing.at, timing.isLate]);
      if (timing.at > latest) latest = timing.at;
      const list = pageMarks.get(pupil.id);
      const mark = { date: lesson.date, value, weight: type.weight };
      if (list) list.push(mark);
      else pageMarks.set(pupil.id, [mark]);
    }
  });
  return latest;
}

/** Period marks of the periods over by today, as the journal suggests them (н/а below the minimum of marks). */
function writePeriodMarks(w: Writer, page: Page, yearId: number, periods: DemoJournalReferences['periods'], scheme: string, pupils: readonly Pupil[], pageMarks: PageMarks): void {
  if (page.isMarkless) return;
  for (const period of periods) {
    if (period.scheme !== scheme || period.end_date >= w.clock.today) continue;
    const updatedAt = w.clock.at(w.clock.later(period.end_date, 2), '15:00');
    for (const pupil of pupils) {
      const marks = (pageMarks.get(pupil.id) ?? []).filter((m) => period.start_date <= m.date && m.date <= period.end_date);
      const suggestion = suggestPeriodMark(
        marks.map((m) => ({ value: numericMark(m.value), weight: m.weight })),
        w.settings,
      );
      if (suggestion.kind === 'none') continue;
      const isMark = suggestion.kind === 'mark';
      w.rows.periodMarks.push({
        yearId,
        classId: page.classId,
        subjectId: page.subjectId,
        studentId: pupil.id,
        periodNumber: period.number,
        value: isMark ? String(suggestion.value) : NOT_ATTESTED_CODE,
        numericValue: isMark ? suggestion.value : null,
        authorUserId: page.teacherUserId,
        updatedAt,
      });
    }
  }
  writeYearMarks(w, page, yearId, periods.filter((p) => p.scheme === scheme), pupils);
}

/**
 * Subjects with a state exam (ОГЭ in the 9th, ЕГЭ in the 11th) in the demo: the two compulsory ones; from the 7th
 * class mathematics is taught as algebra and geometry, and the mathematics exam marks both.
 */
const EXAM_SUBJECTS = ['Русский язык', 'Математика', 'Алгебра', 'Геометрия'];

/**
 * Once the last period is over: the year mark (the rounded mean of the period marks, н/а when none), and in the
 * 9th and 11th classes the exam marks of the compulsory subjects and the final marks (in the 9th the mean of the
 * year and exam marks, otherwise the year mark), so the demo's summary statements are complete at year end.
 */
function writeYearMarks(w: Writer, page: Page, yearId: number, periods: DemoJournalReferences['periods'], pupils: readonly Pupil[]): void {
  const last = periods[periods.length - 1];
  if (!last || last.end_date >= w.clock.today) return;
  const updatedAt = w.clock.at(w.clock.later(last.end_date, 3), '16:00');
  const ofPage = new Map<number, number[]>();
  for (const row of w.rows.periodMarks) {
    if (row.classId !== page.classId || row.subjectId !== page.subjectId || row.yearId !== yearId || row.numericValue === null) continue;
    const list = ofPage.get(row.studentId);
    if (list) list.push(row.numericValue);
    else ofPage.set(row.studentId, [row.numericValue]);
  }
  const push = (studentId: number, kind: 'year' | 'exam' | 'final', value: number | null) =>
    w.rows.periodMarks.push({
      yearId,
      classId: page.classId,
      subjectId: page.subjectId,
      studentId,
      kind,
      periodNumber: 0,
      value: value === null ? NOT_ATTESTED_CODE : String(value),
      numericValue: value,
      authorUserId: page.teacherUserId,
      updatedAt,
    });
  const isExamLevel = page.level === 9 || page.level === 11;
  for (const pupil of pupils) {
    const marks = ofPage.get(pupil.id);
    if (!marks || marks.length === 0) continue;
    const year = Math.floor(marks.reduce((a, b) => a + b, 0) / marks.length + 0.5);
    push(pupil.id, 'year', year);
    if (!isExamLevel) continue;
    let final = year;
    if (EXAM_SUBJECTS.includes(page.subject)) {
      const exam = Math.max(2, Math.min(5, year + (w.rnd() < 0.2 ? -1 : w.rnd() < 0.15 ? 1 : 0)));
      push(pupil.id, 'exam', exam);
      if (page.level === 9) final = Math.floor((year + exam) / 2 + 0.5);
    }
    push(pupil.id, 'final', final);
  }
}

/** The schedule of контрольные of the page up to the end of the current period (published as each period starts). */
function writeAssessments(w: Writer, page: Page, plan: readonly PlannedLesson[], periods: DemoJournalReferences['periods'], scheme: string): void {
  const own = periods.filter((p) => p.scheme === scheme);
  const horizon = own.find((p) => p.end_date >= w.clock.today)?.end_date ?? own[own.length - 1]?.end_date ?? w.clock.today;
  page.yearLessons.forEach((lesson, index) => {
    const planned = plan[index];
    if (!planned?.control || lesson.date > horizon) return;
    const workType = w.workTypes.byName.get(planned.control.workTypeName);
    if (!workType) return;
    const periodStart = own.find((p) => p.start_date <= lesson.date && lesson.date <= p.end_date)?.start_date ?? lesson.date;
    w.rows.assessments.push({
      classId: page.classId,
      subjectId: page.subjectId,
      groupKey: page.groupKey,
      date: lesson.date,
      workTypeId: workType.id,
      title: planned.title,
      createdByUserId: page.teacherUserId,
      createdAt: w.clock.at(periodStart, '09:00'),
    });
  });
}

/** Periods over for more than a week are closed by the deputy (everything has been entered by then). */
function writeClosures(w: Writer, periods: DemoJournalReferences['periods'], deputyUserId: number | undefined): void {
  if (deputyUserId === undefined) return;
  for (const p of periods) {
    const closedOn = addDays(p.end_date, 8);
    if (closedOn < w.clock.today) w.rows.closures.push({ periodId: p.id, closedByUserId: deputyUserId, closedAt: w.clock.at(closedOn, '17:00') });
  }
}

function workTypesOf(refs: DemoJournalReferences): Writer['workTypes'] {
  const active = refs.workTypes.filter((t) => !t.is_archived);
  const byName = new Map(active.map((t) => [t.name, { id: t.id, weight: t.default_weight, isWritten: Boolean(t.is_written) }]));
  const first = active[0];
  if (!first) throw new Error('В справочнике нет видов работ');
  const oral = byName.get('Ответ на уроке') ?? byName.get(first.name)!;
  return { oral, selfWork: byName.get('Самостоятельная работа') ?? oral, byName };
}

// ---------------------------------------------------------------------------------------------------------------

export interface DemoJournalPlanInput {
  yearId: number;
  rows: DemoSchoolRows;
  calendar: SchoolYearCalendar;
  bells: readonly BellLesson[];
  settings: MarkSettings;
  refs: DemoJournalReferences;
  lessons: readonly DerivedLesson[];
  /** The last day written, within the school year. */
  today: string;
  nowIso: string;
  rnd: () => number;
}

/** Everything the demo journal writes, in memory (pure: the same input gives the same rows). */
export function planDemoJournal(input: DemoJournalPlanInput): { rows: DemoJournalRows; counts: DemoJournalCounts } {
  const { calendar, settings, refs, today, rnd } = input;
  const clock = makeClock(today, input.nowIso);
  const pages = pagesOf(input.rows, input.lessons, calendar, settings);
  const { programs, plans } = buildPrograms(pages, input.rows, input.yearId, refs.nextIds.programs, clock.at(addDays(calendar.startDate, -3), '10:00'));
  const pupils = pupilsOf(input.rows, pages, today, rnd);
  const rows: DemoJournalRows = { programs, lessons: [], columns: [], marks: [], attendance: [], periodMarks: [], closures: [], assessments: [] };
  const w: Writer = {
    rows,
    ids: { lesson: refs.nextIds.lessons, column: refs.nextIds.columns },
    clock,
    rnd,
    settings,
    bells: new Map(),
    workTypes: workTypesOf(refs),
    counts: { absences: 0, lates: 0 },
  };
  for (const page of pages) {
    const level = levelSettingsOf(calendar, page.level);
    w.bells = new Map(input.bells.filter((b) => b.shift === level.shift).map((b) => [b.lessonNumber, b]));
    const plan = plans.get(page) ?? [];
    const ofClass = pupils.get(page.classId) ?? [];
    const pageMarks: PageMarks = new Map();
    page.yearLessons.forEach((lesson, index) => {
      if (lesson.date <= today) writeLesson(w, page, ofClass, lesson, index, plan[index], pageMarks);
    });
    writePeriodMarks(w, page, input.yearId, refs.periods, level.periodScheme, ofClass, pageMarks);
    writeAssessments(w, page, plan, refs.periods, level.periodScheme);
  }
  writeClosures(w, refs.periods, input.rows.users.find((u) => u.roles.includes('deputy'))?.id);
  return {
    rows,
    counts: {
      workPrograms: programs.length,
      lessons: rows.lessons.length,
      markColumns: rows.columns.length,
      marks: rows.marks.length,
      absences: w.counts.absences,
      lates: w.counts.lates,
      periodMarks: rows.periodMarks.length,
      closedPeriods: rows.closures.length,
      assessments: rows.assessments.length,
      until: today,
    },
  };
}

/** The demo's "now" for entry times: the real now on today, else the evening of the last day written. */
function demoNowIso(today: string, now: Date): string {
  return today === localDate(now) ? now.toISOString() : new Date(`${today}T20:00:00`).toISOString();
}

/** Writes the demo journal in the caller's transaction (the school, its year and timetable already written). */
export async function createDemoJournal(trx: Db, input: DemoJournalInput): Promise<DemoJournalCounts> {
  const year = await findAcademicYear(trx, input.yearId);
  if (!year) throw new Error(`Нет учебного года №${input.yearId}`);
  const today = input.today > year.end_date ? year.end_date : input.today;
  const [calendar, bells, settings, refs, lessons] = await Promise.all([
    loadCalendar(trx, year),
    loadBells(trx, year.id),
    markSettings(trx),
    demoJournalReferences(trx, year.id),
    lessonsOfYear(trx, year.id),
  ]);
  const { rows, counts } = planDemoJournal({ yearId: year.id, rows: input.rows, calendar, bells, settings, refs, lessons, today, nowIso: demoNowIso(today, input.now), rnd: input.rnd });
  await insertDemoJournal(trx, rows);
  await recordAudit(trx, { actorUserId: null, action: 'school.demo-journal', entity: 'school', entityId: 1, newValue: counts });
  return counts;
}
