// Placeholder until its issue-6 feature lands.
import { Title } from '@mantine/core';

export function ArchiveViewPage() {
  return <Title order={2}>…</Title>;
}
