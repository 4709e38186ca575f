// The head of a journal page: where to go back, the class and subject, the teachers, and the period picker.
// Shared by the live journal page and a page of an archived year, which differ only in where "back" leads.

import { Anchor, Group, NativeSelect, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { JournalPageData } from './journal-model';
import { useJournal } from './journal-store';

export function JournalPageHeader({ page, backTo, backLabel }: { page: JournalPageData; backTo: string; backLabel: string }) {
  const title = `${page.journal.className} — ${page.journal.subjectName}${page.journal.groupName ? ` (${page.journal.groupName})` : ''}`;
  return (
    <Group justify="space-between" align="end" wrap="wrap">
      <div>
        <Anchor component={Link} to={backTo} size="sm">
          ← {backLabel}
        </Anchor>
        <Title order={2}>Журнал: {title}</Title>
        {page.journal.teacherNames.length > 0 && (
          <Text size="sm" c="dimmed">
            Учитель: {page.journal.teacherNames.join(', ')}
          </Text>
        )}
      </div>
      <NativeSelect
        label="Учебный период"
        w={240}
        data={page.periods.map((p) => ({ value: String(p.id), label: `${p.name}${p.isClosed ? ' (закрыт)' : ''}` }))}
        value={String(page.period.id)}
        onChange={(e) => void useJournal.getState().fetchPage(Number(e.currentTarget.value))}
      />
    </Group>
  );
}
