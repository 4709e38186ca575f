// The audit log: who changed what and when, and a check that the chain is intact.

import { Alert, Button, Code, Group, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import type { AuditVerification } from '../../shared/api/schemas';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function AuditPage() {
  const query = useQuery(() => call(api.listAudit, { query: { limit: 200 } }), []);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isChecking, setChecking] = useState(false);

  async function verify() {
    setChecking(true);
    setError(null);
    try {
      setVerification(await call(api.verifyAudit));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Журнал изменений</Title>
        <Button onClick={() => void verify()} loading={isChecking}>
          Проверить целостность
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {verification &&
        (verification.isIntact ? (
          <Alert color="green" mb="md" data-testid="audit-verification">
            Цепочка записей не нарушена: проверено записей — {verification.checkedRows}.
          </Alert>
        ) : (
          <Alert color="red" mb="md" data-testid="audit-verification">
            Нарушение целостности: {verification.problem} (первая нарушенная запись №{verification.firstBrokenRowId}).
          </Alert>
        ))}
      <QueryView query={query}>
        {(data) => (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>№</Table.Th>
                <Table.Th>Время</Table.Th>
                <Table.Th>Кто</Table.Th>
                <Table.Th>Действие</Table.Th>
                <Table.Th>Объект</Table.Th>
                <Table.Th>Было → стало</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.id}</Table.Td>
                  <Table.Td>{dayjs(e.at).format('DD.MM.YYYY HH:mm:ss')}</Table.Td>
                  <Table.Td>{e.actorName ?? 'система'}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>
                    {e.entity} {e.entityId}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {e.oldValue !== null && <Code>{JSON.stringify(e.oldValue)}</Code>} {e.newValue !== null && <>→ <Code>{JSON.stringify(e.newValue)}</Code></>}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
    </>
  );
}
