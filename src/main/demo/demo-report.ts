// Prints and saves the demo accounts, so whoever started the demo can sign in.

import fs from 'node:fs';
import path from 'node:path';
import { ROLE_LABELS } from '../../shared/domain/roles';
import type { DemoDiaryCounts } from './demo-diary';
import type { DemoJournalCounts } from './demo-journal';
import type { DemoResult } from './demo-school';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt';

export function describeDemo(result: DemoResult): string {
  const lines = [
    `Демонстрационная школа: ${result.counts.classes} классов, ${result.counts.students} обучающихся, ` +
      `${result.counts.teachers} учителей, ${result.counts.parents} родителей, ${result.counts.users} учётных записей; ` +
      `в расписании ${result.counts.timetableSlots} уроков в неделю` +
      (result.counts.unplacedLessons > 0 ? ` (не уместилось без накладок: ${result.counts.unplacedLessons}).` : '.'),
    ...(result.journal ? [describeJournal(result.journal)] : []),
    ...(result.diary ? [describeDiary(result.diary)] : []),
    'Входы для знакомства (пароли случайные, созданы сейчас):',
    ...result.accounts.map((a) => `  ${ROLE_LABELS[a.role].padEnd(24)} ${a.login.padEnd(24)} ${a.password}   (${a.name})`),
    'Остальным пользователям пароли выдаёт администратор: «Пользователи» -> «Лист логинов и паролей».',
  ];
  return lines.join('\n');
}

const thousands = (n: number): string => n.toLocaleString('ru-RU');

function describeJournal(j: DemoJournalCounts): string {
  return (
    `Журнал заполнен по ${j.until}: ${thousands(j.lessons)} уроков с темами и домашними заданиями, ${thousands(j.marks)} отметок ` +
    `в ${thousands(j.markColumns)} колонках, ${thousands(j.absences)} пропусков и ${thousands(j.lates)} опозданий, ` +
    `${thousands(j.periodMarks)} отметок за период (закрыто периодов: ${j.closedPeriods}), ${thousands(j.assessments)} контрольных в графике, ` +
    `${j.workPrograms} рабочих программ.`
  );
}

function describeDiary(d: DemoDiaryCounts): string {
  return (
    `Дневник: ${thousands(d.acknowledgements)} отметок «Ознакомлен» (давно не отмечались или ни разу: ${thousands(d.overdueAcknowledgements)} из ${thousands(d.guardianPairs)} родителей), ` +
    `${thousands(d.notices)} сообщений о пропусках (подтверждено ${thousands(d.confirmedNotices)}, ждут решения ${thousands(d.pendingNotices)}), ` +
    `${thousands(d.conversations)} переписок с ${thousands(d.messages)} сообщениями (непрочитанных: ${thousands(d.unreadMessages)}), ${d.news} новостей, ` +
    `${thousands(d.notifications)} уведомлений (непрочитанных: ${thousands(d.unreadNotifications)}).`
  );
}

export function saveDemoCredentials(dataDir: string, result: DemoResult): string {
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  fs.writeFileSync(file, describeDemo(result) + '\n', { mode: 0o600 });
  return file;
}
