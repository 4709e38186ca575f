import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Me } from '../../shared/api/schemas';
import { navigationFor } from '../../shared/domain/navigation';

export function HomePage({ me }: { me: Me }) {
  const sections = navigationFor(me.user.roles).filter((n) => n.path !== '/');
  return (
    <>
      <Title order={2} mb="xs">
        Здравствуйте, {me.user.firstName} {me.user.middleName ?? ''}
      </Title>
      <Text c="dimmed" mb="lg">
        {me.schoolName}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((s) => (
          <Card key={s.path} withBorder component={Link} to={s.path}>
            <Text fw={600}>{s.label}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
