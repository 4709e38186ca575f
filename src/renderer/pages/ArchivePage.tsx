// «Архив и внешние диски» (issue 6, items 3-5): the administrator writes the yearly archive onto an external drive
// of the server PC and verifies archives; the administrator and the director see every archive with its state
// and the retention view (what is kept until when, single copies, overdue verification).

import { Stack, Title } from '@mantine/core';
import { useCallback } from 'react';
import { api } from '../../shared/api/contract';
import { roleGrants } from '../../shared/domain/permissions';
import { call } from '../api/client';
import { ArchiveList } from '../archive/ArchiveList';
import { ArchiveWriter } from '../archive/ArchiveWriter';
import { DrivesPanel } from '../archive/DrivesPanel';
import { RetentionView } from '../archive/RetentionView';
import { QueryView } from '../components/QueryView';
import { useSession } from '../stores/session-store';
import { useQuery } from '../stores/use-query';

export function ArchivePage() {
  const roles = useSession((s) => s.me?.user.roles ?? []);
  const canManage = roleGrants(roles, 'archive.manage');
  const archives = useQuery(() => call(api.listArchives), []);
  const retention = useQuery(() => call(api.archiveRetention), []);
  const { reload: reloadArchives } = archives;
  const { reload: reloadRetention } = retention;
  const reload = useCallback(() => {
    reloadArchives();
    reloadRetention();
  }, [reloadArchives, reloadRetention]);

  return (
    <Stack>
      <Title order={2}>Архив и внешние диски</Title>
      {canManage ? <ArchiveWriter onFinished={reload} /> : <DrivesPanel />}
      <QueryView query={archives}>{(data) => <ArchiveList archives={data.archives} canManage={canManage} onChanged={reload} />}</QueryView>
      <QueryView query={retention}>{(data) => <RetentionView retention={data} />}</QueryView>
    </Stack>
  );
}
