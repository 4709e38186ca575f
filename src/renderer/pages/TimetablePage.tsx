import { Title } from '@mantine/core';

// Placeholder until the page is written (school-structure issue).
export function TimetablePage({ canEdit }: { canEdit: boolean }) {
  return <Title order={2}>{canEdit ? '' : ''}</Title>;
}
