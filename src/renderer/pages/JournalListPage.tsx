// Placeholder until the page is built (issue 4).
import { Text } from '@mantine/core';
import type { Me } from '../../shared/api/schemas';

export function JournalListPage({ me }: { me: Me }) {
  void me;
  return <Text c="dimmed">Раздел готовится.</Text>;
}
