// The signed-in shell: header with the school and the user, and the role's own navigation.

import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { Me } from '../../shared/api/schemas';
import { navigationFor } from '../../shared/domain/navigation';
import { ROLE_LABELS } from '../../shared/domain/roles';
import { NotificationBell } from '../components/NotificationBell';
import { useSession } from '../stores/session-store';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const [isOpen, { toggle }] = useDisclosure();
  const location = useLocation();
  const logOut = useSession((s) => s.logOut);
  const items = navigationFor(me.user.roles);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !isOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={isOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Меню" />
            <Title order={4}>{me.schoolName}</Title>
          </Group>
          <Group gap="xs">
            <NotificationBell />
            <Text size="sm" data-testid="current-user">
              {me.user.lastName} {me.user.firstName}
            </Text>
            {me.user.roles.map((role) => (
              <Badge key={role} variant="light">
                {ROLE_LABELS[role]}
              </Badge>
            ))}
            <Button variant="subtle" size="xs" onClick={() => void logOut()}>
              Выйти
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Разделы">
        <nav data-testid="navigation">
          {items.map((item) => (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={item.label}
              active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
