// A journal page of the archived year in the normal grid, read-only: the journal store loads it through the
// archive's endpoint (archive-source.ts), the page says it cannot be edited, and the grid refuses every edit key
// with a notice. The arrows, Tab, Home/End and Enter move around as in the live journal. No live updates: an
// archive never changes.

import { Alert, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { formatDateRu } from '../../shared/domain/calendar';
import { focusActiveCell, JournalGrid } from '../journal/JournalGrid';
import { JournalPageHeader } from '../journal/JournalPageHeader';
import type { JournalKey } from '../journal/journal-model';
import { useJournal } from '../journal/journal-store';
import '../journal/journal.css';
import { archivePageSource, archivePath } from './archive-source';

export function ArchiveJournal({ archiveId, journalKey }: { archiveId: number; journalKey: JournalKey }) {
  const { classId, subjectId, groupKey } = journalKey;
  const key = useMemo<JournalKey>(() => ({ classId, subjectId, groupKey }), [classId, subjectId, groupKey]);
  const source = archivePageSource(archiveId);
  const page = useJournal((s) => (s.source === source ? s.page : null));
  const error = useJournal((s) => (s.source === source ? s.loadError : null));
  const notice = useJournal((s) => s.notice);

  useEffect(() => {
    const store = useJournal.getState();
    store.open(key, source);
    void store.fetchPage().then((ok) => ok && requestAnimationFrame(focusActiveCell));
  }, [key, source]);

  if (error && !page) return <Alert color="red">{error}</Alert>;
  if (!page || page.journal.classId !== classId || page.journal.subjectId !== subjectId || page.journal.groupKey !== groupKey) {
    return <Loader size="sm" aria-label="Загрузка" />;
  }
  return (
    <Stack gap="sm" className="journal-page">
      <JournalPageHeader page={page} backTo={archivePath.cls(archiveId, classId)} backLabel="Страницы журнала класса" />
      {error && <Alert color="red">{error}</Alert>}
      <Alert color="blue" data-testid="read-only">
        Страница архива открыта только для просмотра. Клавиши со стрелками, Tab, Home и End — переход по клеткам; ↑ из первой
        строки — на дату урока.
      </Alert>
      {page.isMarkless && <Alert color="gray">Безотметочное обучение: цифровые отметки не ставились.</Alert>}
      <div className="journal-status" role="status" aria-live="polite">
        {notice && <span className="journal-notice">{notice}</span>}
      </div>
      <JournalGrid />
      <LessonInfo />
    </Stack>
  );
}

/** The selected lesson's topic and homework (the live lesson panel edits and links files; this one only shows). */
function LessonInfo() {
  const lesson = useJournal((s) => (s.selectedLesson ? s.lessons[s.selectedLesson] : undefined));
  const workTypes = useJournal((s) => s.page?.workTypes ?? []);
  if (!lesson) return null;
  const workTypeName = (id: number) => workTypes.find((w) => w.id === id)?.name ?? 'вид работы';
  return (
    <Paper withBorder p="sm" data-testid="archive-lesson" aria-label="Урок">
      <Text fw={600}>
        Урок {formatDateRu(lesson.date)}, {lesson.lessonNumber}-й{lesson.teacherName ? ` — ${lesson.teacherName}` : ''}
        {lesson.isSubstitute ? ' (замена)' : ''}
      </Text>
      <Text size="sm">Тема: {lesson.topic ?? (lesson.planTopic ? `${lesson.planTopic} (по рабочей программе)` : '—')}</Text>
      <Text size="sm">Домашнее задание: {lesson.homework ?? '—'}</Text>
      {lesson.attachments.length > 0 && (
        <Text size="sm">Файлы к заданию: {lesson.attachments.map((a) => a.fileName).join(', ')}</Text>
      )}
      {lesson.assessment && <Text size="sm">Контрольная работа: {lesson.assessment}</Text>}
      {lesson.columns.some((c) => c.id !== null) && (
        <Text size="sm" c="dimmed">
          Колонки отметок: {lesson.columns.map((c) => `${workTypeName(c.workTypeId)}, вес ${c.weight}`).join('; ')}
        </Text>
      )}
    </Paper>
  );
}
