// One page of the class journal (issue 4, item 2): a subject in a class (or group) for a school period.
// The grid is entered like a spreadsheet, every cell is saved at once; live updates from other windows arrive
// as Server-Sent Events and reload the page data, keeping the cells still being saved or failed.

import { Alert, Loader, Stack } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { API_PREFIX } from '../../shared/api/endpoint';
import { journalEventSchema } from '../../shared/api/journal-schemas';
import type { Me } from '../../shared/api/schemas';
import { focusActiveCell, JournalGrid } from '../journal/JournalGrid';
import { JournalPageHeader } from '../journal/JournalPageHeader';
import { LessonPanel } from '../journal/LessonPanel';
import { UnlockForm } from '../journal/UnlockForm';
import type { JournalKey } from '../journal/journal-model';
import { useJournal, useSaveSummary } from '../journal/journal-store';
import '../journal/journal.css';

function eventsUrl(key: JournalKey): string {
  const path = api.journalEvents.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(key[name as keyof JournalKey])));
  return API_PREFIX + path;
}

export function JournalPage({ me }: { me: Me }) {
  void me;
  const params = useParams();
  const classId = Number(params.classId);
  const subjectId = Number(params.subjectId);
  const groupKey = Number(params.groupKey);
  const key = useMemo<JournalKey>(() => ({ classId, subjectId, groupKey }), [classId, subjectId, groupKey]);
  const isValid = [classId, subjectId, groupKey].every((n) => Number.isInteger(n) && n >= 0) && classId > 0 && subjectId > 0;
  const page = useJournal((s) => s.page);
  const error = useJournal((s) => s.loadError);
  const reloadWanted = useJournal((s) => s.reloadWanted);

  useEffect(() => {
    if (!isValid) return;
    const store = useJournal.getState();
    store.open(key);
    void store.fetchPage().then((ok) => ok && requestAnimationFrame(focusActiveCell));
  }, [key, isValid]);

  // A conflict (409) asks for the current page.
  useEffect(() => {
    if (reloadWanted > 0) void useJournal.getState().fetchPage();
  }, [reloadWanted]);

  // Live updates: another teacher, the class teacher or a deputy changed this page.
  useEffect(() => {
    if (!isValid) return;
    const source = new EventSource(eventsUrl(key), { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.onmessage = (message) => {
      let parsed;
      try {
        parsed = journalEventSchema.safeParse(JSON.parse(String(message.data)));
      } catch {
        return;
      }
      if (!parsed.success || parsed.data.revision === useJournal.getState().revision) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void useJournal.getState().fetchPage(), 250);
    };
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [key, isValid]);

  if (!isValid) return <Alert color="yellow">Неверный адрес страницы журнала.</Alert>;
  if (error && !page) return <Alert color="red">{error}</Alert>;
  if (!page || page.journal.classId !== classId || page.journal.subjectId !== subjectId || page.journal.groupKey !== groupKey) {
    return <Loader size="sm" aria-label="Загрузка" />;
  }
  return (
    <Stack gap="sm" className="journal-page">
      <JournalPageHeader page={page} backTo="/journal" backLabel="Все страницы журнала" />
      {error && <Alert color="red">{error}</Alert>}
      {!page.canEdit && (
        <Alert color="blue" data-testid="read-only">
          Страница открыта для просмотра: отметки и посещаемость вносит учитель предмета.
        </Alert>
      )}
      {page.isMarkless && (
        <Alert color="gray">Безотметочное обучение: цифровые отметки не ставятся, доступны «зач», «незач» и другие особые отметки (клавиша F2).</Alert>
      )}
      {page.period.isClosed && <Alert color="orange">Период «{page.period.name}» закрыт: изменения — только после разблокировки заместителем директора.</Alert>}
      <StatusLine canEdit={page.canEdit} />
      <JournalGrid />
      {page.canEdit && <Legend />}
      <LessonPanel journalKey={key} />
      {page.canUnlock && <UnlockForm journalKey={key} page={page} onDone={() => void useJournal.getState().fetchPage()} />}
    </Stack>
  );
}

function StatusLine({ canEdit }: { canEdit: boolean }) {
  const { saving, failed, saved } = useSaveSummary();
  const notice = useJournal((s) => s.notice);
  let text: string;
  let tone: string;
  if (failed > 0) {
    text = `Не сохранено клеток: ${failed}. Наведите на красную клетку, чтобы увидеть причину; Enter — повторить, Esc — отменить ввод.`;
    tone = 'failed';
  } else if (saving > 0) {
    text = `Сохраняется… (${saving})`;
    tone = 'saving';
  } else if (saved > 0) {
    text = 'Все изменения сохранены';
    tone = 'saved';
  } else {
    text = canEdit ? 'Изменений нет' : '';
    tone = 'idle';
  }
  return (
    <div className="journal-status" data-testid="journal-status" data-tone={tone} role="status" aria-live="polite">
      <span className={`journal-status-text is-${tone}`}>{text}</span>
      {notice && <span className="journal-notice">{notice}</span>}
    </div>
  );
}

function Legend() {
  return (
    <div className="journal-legend" data-testid="journal-legend">
      <b>Клавиши:</b> <kbd>←</kbd> <kbd>→</kbd> <kbd>↑</kbd> <kbd>↓</kbd>, <kbd>Tab</kbd> / <kbd>Shift+Tab</kbd>, <kbd>Enter</kbd> — переход по клеткам;{' '}
      <kbd>1</kbd>–<kbd>5</kbd> — отметка (сохраняется сразу); <kbd>Н</kbd> (или латинская <kbd>N</kbd>) — отсутствовал «Н»; <kbd>О</kbd> (или{' '}
      <kbd>J</kbd>) — опоздал «ОП», повторное нажатие снимает; <kbd>Delete</kbd> / <kbd>Backspace</kbd> — очистить отметку (в пустой клетке —
      посещаемость); <kbd>F2</kbd> — ввести особую отметку (н/а, осв, зач); <kbd>Ctrl+Z</kbd> — отменить последнее изменение; <kbd>Enter</kbd> на
      красной клетке — повторить сохранение, <kbd>Esc</kbd> — отменить неудачный ввод; <kbd>↑</kbd> из первой строки — на дату урока,{' '}
      <kbd>Enter</kbd> на дате — тема и задание, <kbd>Esc</kbd> в панели урока — назад в таблицу.{' '}
      <span className="jc-legend-sample is-saving">сохраняется</span> <span className="jc-legend-sample is-saved">сохранено</span>{' '}
      <span className="jc-legend-sample is-failed">не сохранено</span> <span className="jc-code">Н</span> — посещаемость в первой колонке урока.
    </div>
  );
}
