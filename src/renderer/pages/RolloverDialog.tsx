// Year rollover from the school-year page: a preview of what moves where and who graduates,
// then one confirmation. The previous year stays as it was.

import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function RolloverDialog({ yearId, onClose, onDone }: { yearId: number; onClose(): void; onDone(newYearId: number, name: string): void }) {
  const [promoteNinthGrade, setPromoteNinthGrade] = useState(false);
  const preview = useQuery(() => call(api.previewRollover, { params: { yearId }, query: { promoteNinthGrade: promoteNinthGrade ? 'true' : 'false' } }), [yearId, promoteNinthGrade]);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function perform() {
    setBusy(true);
    try {
      const result = await call(api.performRollover, { params: { yearId }, body: { promoteNinthGrade } });
      onDone(result.newYearId, result.plan.toYear);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title="Переход на следующий учебный год" size="lg">
      <Stack>
        <Checkbox label="9 классы переходят в 10 (иначе выпускаются)" checked={promoteNinthGrade} onChange={(e) => setPromoteNinthGrade(e.currentTarget.checked)} />
        <QueryView query={preview}>
          {(plan) => (
            <Stack gap="xs" data-testid="rollover-preview">
              <Text>
                Из {plan.fromYear} в {plan.toYear}: переводятся {plan.promotions.length} классов, выпускаются {plan.graduations.length}; учебный план ({plan.curriculumItems} строк)
                копируется. Календарь нового года — по умолчанию, его можно изменить.
              </Text>
              <List size="sm">
                {plan.promotions.map((p) => (
                  <List.Item key={p.fromClassId}>
                    {p.from} → {p.to}: {p.students} чел.
                  </List.Item>
                ))}
                {plan.graduations.map((g) => (
                  <List.Item key={g.fromClassId}>
                    {g.className}: выпуск, {g.students} чел.
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
        </QueryView>
        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button color="green" loading={isBusy} disabled={!preview.data || preview.error !== null} onClick={() => void perform()}>
            Выполнить переход
          </Button>
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
