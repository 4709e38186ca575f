// Which sections each role sees in the application's menu. Kept pure and shared so the
// rule "each role sees its own navigation" is testable without a browser.

import type { Role } from './roles';

export interface NavigationItem {
  path: string;
  label: string;
  roles: readonly Role[];
}

export const NAVIGATION: readonly NavigationItem[] = [
  { path: '/', label: 'Главная', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'] },
  { path: '/users', label: 'Пользователи', roles: ['admin'] },
  { path: '/classes', label: 'Классы', roles: ['admin', 'director', 'deputy'] },
  { path: '/journal', label: 'Классный журнал', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher'] },
  { path: '/control', label: 'Контроль ведения журнала', roles: ['admin', 'director', 'deputy'] },
  { path: '/work-programs', label: 'Рабочие программы', roles: ['admin', 'director', 'deputy', 'teacher'] },
  { path: '/my-classes', label: 'Мои классы', roles: ['teacher'] },
  { path: '/my-class', label: 'Мой класс', roles: ['class_teacher'] },
  { path: '/children', label: 'Мои дети', roles: ['parent'] },
  { path: '/diary', label: 'Мой дневник', roles: ['student'] },
  { path: '/school-year', label: 'Учебный год', roles: ['admin', 'director', 'deputy'] },
  { path: '/curriculum', label: 'Учебный план и нагрузка', roles: ['admin', 'director', 'deputy'] },
  { path: '/timetable', label: 'Расписание', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher'] },
  { path: '/directories', label: 'Справочники', roles: ['admin', 'director', 'deputy'] },
  { path: '/imports', label: 'Загрузка из файлов', roles: ['admin'] },
  { path: '/audit', label: 'Журнал изменений', roles: ['admin', 'director', 'deputy'] },
  { path: '/settings', label: 'Параметры', roles: ['admin'] },
  { path: '/statements', label: 'Сводные ведомости', roles: ['admin', 'director', 'deputy'] },
  { path: '/archive', label: 'Архив и внешние диски', roles: ['admin', 'director'] },
  { path: '/backups', label: 'Резервные копии', roles: ['admin'] },
  { path: '/news', label: 'Новости', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'] },
  { path: '/notifications', label: 'Уведомления', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'] },
  { path: '/messages', label: 'Сообщения', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'] },
  { path: '/account', label: 'Моя учётная запись', roles: ['admin', 'director', 'deputy', 'teacher', 'class_teacher', 'parent', 'student'] },
];

export function navigationFor(roles: readonly Role[]): NavigationItem[] {
  return NAVIGATION.filter((item) => item.roles.some((r) => roles.includes(r)));
}
