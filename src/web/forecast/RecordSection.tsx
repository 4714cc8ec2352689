import { Badge, Box, Button, Checkbox, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDateTime } from '../components/Time';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCalibration, useRecordForecast, useStoredForecasts } from './api';
import { day, hours } from './format';
import type { CalibrationRecord, StoredForecast } from './types';

type Held = { p50: boolean; p85: boolean; p95: boolean };

function HeldMarks({ held, what }: { held: Held; what: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      {(['p50', 'p85', 'p95'] as const).map((k) => (
        <Group key={k} gap={1} wrap="nowrap" aria-label={`${what} ${k.toUpperCase()} ${held[k] ? 'held' : 'missed'}`} role="img">
          <Text size="xs" span aria-hidden>
            {k.toUpperCase()}
          </Text>
          {held[k] ? (
            <IconCheck size={14} aria-hidden style={{ color: 'var(--mantine-color-teal-text)' }} />
          ) : (
            <IconX size={14} aria-hidden style={{ color: 'var(--mantine-color-red-text)' }} />
          )}
        </Group>
      ))}
    </Group>
  );
}

function JudgementCell({ f }: { f: StoredForecast }) {
  const j = f.judgement;
  if (j.state === 'void') {
    return (
      <Stack gap={2}>
        <Badge variant="light" color="gray">
          Not judged
        </Badge>
        <Text size="xs" c="dimmed">
          {j.reason}
        </Text>
      </Stack>
    );
  }
  if (j.state === 'pending') {
    return (
      <Stack gap={2}>
        <Badge variant="light" color="gray">
          Pending
        </Badge>
        <Text size="xs" c="dimmed">
          {j.openItems} open item{j.openItems === 1 ? '' : 's'}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="xs">
        Actual {hours(j.actualHours)}, done {day(j.completedOn)}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" w={40}>
          Effort
        </Text>
        <HeldMarks held={j.effortHeld} what="Effort" />
      </Group>
      {j.dateHeld && (
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" w={40}>
            Date
          </Text>
          <HeldMarks held={j.dateHeld} what="Date" />
        </Group>
      )}
    </Stack>
  );
}

/** The line people remember: of N judged P85 forecasts, how many held. */
function CalibrationLine({ c }: { c: CalibrationRecord }) {
  if (c.forecasts === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="calibration-line">
        No forecasts recorded yet. Record one to start a track record: once its work is finished, it is judged against what happened.
      </Text>
    );
  }
  if (c.judged === 0) {
    return (
      <Stack gap={2}>
        <Text size="lg" fw={600} data-testid="calibration-line">
          {c.forecasts} forecast{c.forecasts === 1 ? '' : 's'} recorded, none judged yet
        </Text>
        <Text size="sm" c="dimmed">
          {c.summary}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="lg" fw={600} data-testid="calibration-line">
        Of {c.judged} past P85 forecast{c.judged === 1 ? '' : 's'}, {c.effort.p85} held
      </Text>
      <Text size="sm" c="dimmed">
        Effort: P50 held {c.effort.p50} of {c.judged}, P95 held {c.effort.p95} of {c.judged}.
        {c.datesJudged > 0 ? ` Dates: P50 ${c.dates.p50}, P85 ${c.dates.p85}, P95 ${c.dates.p95} of ${c.datesJudged} held.` : ''}
        {c.pending > 0 ? ` ${c.pending} still pending.` : ''}
      </Text>
    </Stack>
  );
}

function RecordButton({ engagementId, phaseId, seed }: { engagementId: string; phaseId: string | null; seed: number }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [note, setNote] = useState('');
  const record = useRecordForecast(engagementId);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    record.mutate(
      { ...(phaseId ? { phaseId } : {}), seed, note: note.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Forecast recorded. It will be judged once its work is finished.' });
          setNote('');
          close();
        },
      },
    );
  };
  return (
    <>
      <Button size="sm" onClick={open}>
        Record this forecast
      </Button>
      <Modal opened={opened} onClose={close} title="Record this forecast">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              The figures as they stand now are stored with the seed ({seed}). When the work is finished, they are judged against the actual effort and date.
            </Text>
            <Textarea label="Note (optional)" maxLength={500} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <FormError error={record.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={record.isPending}>
                Record
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Stored forecasts and how they held: the calibration line and the table. */
export function RecordSection({ engagementId, phaseId, seed }: { engagementId: string; phaseId: string | null; seed: number }) {
  const [all, setAll] = useState(false);
  const list = useStoredForecasts(engagementId, phaseId, all);
  const calibration = useCalibration(engagementId, phaseId, all);
  const forecasts = list.data?.forecasts ?? [];
  return (
    <Section title="Forecast record" order={3} id="forecast-record" actions={<RecordButton engagementId={engagementId} phaseId={phaseId} seed={seed} />}>
      {calibration.isPending ? (
        <SectionLoader rows={1} />
      ) : calibration.isError ? (
        <ErrorAlert error={calibration.error} onRetry={() => calibration.refetch()} />
      ) : (
        <CalibrationLine c={calibration.data} />
      )}
      <Checkbox label="Every scope (the engagement and each phase)" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} size="sm" />
      {list.isPending ? (
        <SectionLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : forecasts.length === 0 ? null : (
        <Box style={{ overflowX: 'auto' }} role="region" aria-label="Stored forecasts table" tabIndex={0}>
          <Table fz="sm" striped miw={760} verticalSpacing="xs" data-testid="forecast-record-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Recorded</Table.Th>
                {all && <Table.Th scope="col">Scope</Table.Th>}
                <Table.Th scope="col" ta="right" style={{ whiteSpace: 'nowrap' }}>
                  Effort P50 / P85 / P95
                </Table.Th>
                <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
                  Done by P50 / P85 / P95
                </Table.Th>
                <Table.Th scope="col">Judgement</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forecasts.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td miw={180}>
                    <Text size="sm" fw={500}>
                      {formatDateTime(f.asOf)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {f.trigger === 'weekly' ? 'Weekly (automatic)' : (f.recordedBy?.name ?? 'Someone')} · seed {f.seed}
                      {f.audience === 'shared' ? ' · client view' : ''}
                    </Text>
                    {f.note && (
                      <Text size="xs" fs="italic" maw={260}>
                        {f.note}
                      </Text>
                    )}
                  </Table.Td>
                  {all && <Table.Td>{f.scope.phase?.name ?? 'Whole engagement'}</Table.Td>}
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {hours(f.effort.p50)} / {hours(f.effort.p85)} / {hours(f.effort.p95)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {f.dates ? `${day(f.dates.p50, false)} / ${day(f.dates.p85, false)} / ${day(f.dates.p95)}` : 'No dates'}
                  </Table.Td>
                  <Table.Td miw={200}>
                    <JudgementCell f={f} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Section>
  );
}
