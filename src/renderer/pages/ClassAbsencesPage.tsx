// The class teacher's attendance page (3.3): the class's absences and lates over a date range, by day and
// pupil, and the reason of each Н — Б (ill), УП (valid reason), НП (no valid reason). Only the category is
// recorded, never a diagnosis. The server decides who may set a reason; the picker shows for the class teacher.

import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { RuDateInput, type DateRange } from './ControlPage';

type Absence = ResponseOf<typeof api.classAbsences>['absences'][number];
type Reason = 'Н' | 'Б' | 'УП' | 'НП';

const LATE = 'ОП';
export const REASONS: ReadonlyArray<{ code: Reason; label: string; color: string; keys: string[] }> = [
  { code: 'Н', label: 'без указания причины', color: 'red', keys: ['0', 'н', 'y'] },
  { code: 'Б', label: 'по болезни', color: 'blue', keys: ['1', 'б', ','] },
  { code: 'УП', label: 'по уважительной причине', color: 'green', keys: ['2', 'у', 'e'] },
  { code: 'НП', label: 'по неуважительной причине', color: 'orange', keys: ['3', 'п', 'g'] },
];
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const colorOf = (code: string) => REASONS.find((r) => r.code === code)?.color ?? 'gray';

// --- which class: the one in the address, or the one this class teacher leads ---

/** The classes this user leads this year (myClasses also lists those they only teach). */
function useLedClasses(me: Me, isNeeded: boolean) {
  return useQuery(async () => {
    if (!isNeeded) return [];
    const { classes } = await call(api.myClasses);
    const candidates = classes.filter((c) => c.classTeacherName !== null);
    const overviews = await Promise.all(candidates.map((c) => call(api.classOverview, { params: { classId: c.id } })));
    return candidates.filter((_, i) => overviews[i]!.classTeacherUserId === me.user.id);
  }, [me.user.id, isNeeded]);
}

/**
 * `classes/:classId/<page>` names its class; `my-class/<page>` takes the class this class teacher leads,
 * or asks which one when they lead several.
 */
export function ClassScope({
  me,
  page,
  title,
  children,
}: {
  me: Me;
  page: 'absences' | 'averages';
  title: string;
  children(classId: number): ReactNode;
}) {
  const param = useParams().classId;
  const led = useLedClasses(me, param === undefined);
  if (param !== undefined) return <>{children(Number(param))}</>;
  return (
    <QueryView query={led}>
      {(classes) => {
        if (classes.length === 1) return <>{children(classes[0]!.id)}</>;
        if (classes.length === 0) return <Alert color="yellow">В этом учебном году вы не руководите классом.</Alert>;
        return (
          <Stack>
            <Title order={2}>{title}</Title>
            <Text>Выберите класс:</Text>
            <Group>
              {classes.map((c) => (
                <Button key={c.id} component={Link} to={`/classes/${c.id}/${page}`} variant="light">
                  {c.name}
                </Button>
              ))}
            </Group>
          </Stack>
        );
      }}
    </QueryView>
  );
}

export function ClassAbsencesPage({ me }: { me: Me }) {
  return (
    <ClassScope me={me} page="absences" title="Пропуски уроков">
      {(classId) => <ClassAbsences me={me} classId={classId} />}
    </ClassScope>
  );
}

const lastTwoWeeks = (): DateRange => ({
  from: dayjs().subtract(13, 'day').format('YYYY-MM-DD'),
  to: dayjs().format('YYYY-MM-DD'),
});

function ClassAbsences({ me, classId }: { me: Me; classId: number }) {
  const overview = useQuery(() => call(api.classOverview, { params: { classId } }), [classId]);
  const [range, setRange] = useState<DateRange>(lastTwoWeeks);
  const isValid = range.from <= range.to;
  const absences = useQuery(
    () => (isValid ? call(api.classAbsences, { params: { classId }, query: range }) : Promise.resolve({ absences: [] })),
    [classId, range.from, range.to],
  );
  // The server decides; the picker is offered to the class teacher of this class.
  const canSet = me.user.roles.includes('class_teacher') && overview.data?.classTeacherUserId === me.user.id;
  const [problem, setProblem] = useState<string | null>(null);

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <div>
          <Title order={2}>Пропуски уроков{overview.data ? `: ${overview.data.name} класс` : ''}</Title>
          <Group gap="md">
            <Anchor component={Link} to={`/classes/${classId}`} size="sm">
              Список класса
            </Anchor>
            <Anchor component={Link} to={`/classes/${classId}/averages`} size="sm">
              Средние баллы и пропуски за период
            </Anchor>
          </Group>
        </div>
        <Group align="end">
          <RuDateInput label="С даты" value={range.from} onChange={(from) => setRange((r) => ({ ...r, from }))} />
          <RuDateInput label="По дату" value={range.to} onChange={(to) => setRange((r) => ({ ...r, to }))} />
          <Button variant="default" onClick={() => setRange(lastTwoWeeks())}>
            Последние 2 недели
          </Button>
        </Group>
      </Group>
      {!isValid && <Alert color="yellow">Начало периода позже его конца.</Alert>}
      {problem && (
        <Alert color="red" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      {canSet && (
        <Text size="sm" c="dimmed">
          Причина отсутствия (Н): щёлкните Б, УП или НП, или перейдите к пропуску клавишей Tab либо стрелками <Kbd>↑</Kbd>{' '}
          <Kbd>↓</Kbd> и нажмите <Kbd>1</Kbd> — Б (болезнь), <Kbd>2</Kbd> — УП (уважительная), <Kbd>3</Kbd> — НП (неуважительная),{' '}
          <Kbd>0</Kbd> — снять причину (Н).
        </Text>
      )}
      <QueryView query={absences}>
        {(data) => (
          <AbsenceList
            absences={data.absences}
            canSet={canSet}
            classId={classId}
            onConflict={(message) => {
              setProblem(message);
              absences.reload();
            }}
            onError={setProblem}
            onSaved={() => {
              setProblem(null);
              absences.reload();
            }}
          />
        )}
      </QueryView>
    </Stack>
  );
}

interface PupilDay {
  studentId: number;
  studentName: string;
  items: Absence[];
}

function groupByDate(absences: readonly Absence[]): Array<{ date: string; pupils: PupilDay[] }> {
  const byDate = new Map<string, Map<number, PupilDay>>();
  for (const a of absences) {
    const day = byDate.get(a.date) ?? new Map<number, PupilDay>();
    byDate.set(a.date, day);
    const pupil = day.get(a.studentId) ?? { studentId: a.studentId, studentName: a.studentName, items: [] };
    day.set(a.studentId, pupil);
    pupil.items.push(a);
  }
  return [...byDate]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([date, pupils]) => ({
      date,
      pupils: [...pupils.values()]
        .map((p) => ({ ...p, items: [...p.items].sort((x, y) => x.lessonNumber - y.lessonNumber) }))
        .sort((a, b) => a.studentName.localeCompare(b.studentName, 'ru')),
    }));
}

function AbsenceList({
  absences,
  canSet,
  classId,
  onConflict,
  onError,
  onSaved,
}: {
  absences: readonly Absence[];
  canSet: boolean;
  classId: number;
  onConflict(message: string): void;
  onError(message: string): void;
  onSaved(): void;
}) {
  const days = useMemo(() => groupByDate(absences), [absences]);
  const listRef = useRef<HTMLDivElement>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const missed = absences.filter((a) => a.code !== LATE);
  const withoutReason = missed.filter((a) => a.code === 'Н').length;
  const lates = absences.length - missed.length;

  async function setReason(a: Absence, code: Reason) {
    if (a.code === code || a.code === LATE || saving) return;
    const key = `${a.lessonId}:${a.studentId}`;
    setSaving(key);
    try {
      await call(api.setAbsenceReason, {
        params: { classId },
        body: { lessonId: a.lessonId, studentId: a.studentId, code, version: a.version },
      });
      notifications.show({
        color: 'green',
        message: `${a.studentName}, ${dayjs(a.date).format('DD.MM')}, ${a.lessonNumber} урок: ${code}`,
      });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) onConflict(e.message);
      else onError(errorText(e));
    } finally {
      setSaving(null);
    }
  }

  function onKey(event: KeyboardEvent<HTMLDivElement>, a: Absence) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-absence]') ?? [])];
      const index = items.indexOf(event.currentTarget);
      items[index + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
      event.preventDefault();
      return;
    }
    if (!canSet || a.code === LATE || event.ctrlKey || event.altKey || event.metaKey) return;
    const reason = REASONS.find((r) => r.keys.includes(event.key.toLowerCase()));
    if (reason) {
      event.preventDefault();
      void setReason(a, reason.code);
    }
  }

  if (absences.length === 0) return <Text c="dimmed">За выбранные дни пропусков и опозданий нет.</Text>;
  return (
    <Stack ref={listRef}>
      <Group gap="xs">
        <Badge variant="light" color="gray">
          Пропущено уроков: {missed.length}
        </Badge>
        <Badge variant="light" color={withoutReason > 0 ? 'red' : 'green'}>
          Без указания причины: {withoutReason}
        </Badge>
        <Badge variant="light" color="gray">
          Опозданий: {lates}
        </Badge>
      </Group>
      {days.map((day) => (
        <Paper key={day.date} withBorder p="sm">
          <Text fw={600} mb="xs">
            {capitalise(dayjs(day.date).locale('ru').format('dddd, D MMMM YYYY'))}
          </Text>
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {day.pupils.map((p) => (
                <Table.Tr key={p.studentId}>
                  <Table.Td w={260} style={{ verticalAlign: 'top' }}>
                    <Anchor component={Link} to={`/students/${p.studentId}`} size="sm">
                      {p.studentName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {p.items.map((a) => {
                        const key = `${a.lessonId}:${a.studentId}`;
                        const isLate = a.code === LATE;
                        return (
                          <Group
                            key={key}
                            gap="xs"
                            wrap="nowrap"
                            tabIndex={0}
                            data-absence
                            aria-label={`${p.studentName}, ${a.lessonNumber} урок, ${a.subjectName}: ${isLate ? 'опоздание' : a.code}`}
                            onKeyDown={(e) => onKey(e, a)}
                            style={{ borderRadius: 4, padding: '1px 4px' }}
                          >
                            <Text size="sm" w={210} truncate>
                              {a.lessonNumber} урок · {a.subjectName}
                            </Text>
                            {isLate ? (
                              <Badge color="gray" variant="outline">
                                опоздание
                              </Badge>
                            ) : canSet ? (
                              <Button.Group>
                                {REASONS.map((r) => (
                                  <Button
                                    key={r.code}
                                    size="compact-xs"
                                    w={38}
                                    tabIndex={-1}
                                    title={`${r.code} — ${r.label}`}
                                    aria-pressed={a.code === r.code}
                                    color={r.color}
                                    variant={a.code === r.code ? 'filled' : 'default'}
                                    onClick={() => void setReason(a, r.code)}
                                  >
                                    {r.code}
                                  </Button>
                                ))}
                              </Button.Group>
                            ) : (
                              <Badge
                                color={colorOf(a.code)}
                                variant="light"
                                title={REASONS.find((r) => r.code === a.code)?.label}
                              >
                                {a.code}
                              </Badge>
                            )}
                            {saving === key && <Loader size="xs" />}
                          </Group>
                        );
                      })}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}
