import { Badge, Group, List, Stack, Text, Timeline, Title } from '@mantine/core';
import type { CharterBody, Member } from '../app/types';
import { DataTable } from '../components/DataTable';
import { formatDate } from '../components/Time';
import { peopleLabel, personLabel } from '../people/tokens';

const every = { weekly: 'Weekly', fortnightly: 'Every two weeks', monthly: 'Monthly', 'per-phase': 'Every phase' } as const;

function Heading({ children }: { children: string }) {
  return (
    <Title order={4} size="h5" mt="xs">
      {children}
    </Title>
  );
}

/** A charter version, read-only: purpose, outcomes, RACI, cadence and escalation ladder. */
const WEEKDAY = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays' } as const;

export function CharterBodyView({ body, members }: { body: CharterBody; members: Member[] }) {
  const memberName = (id: string | null) => (id ? (members.find((m) => m.user.id === id)?.user.name ?? 'a former member') : null);
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Heading>Purpose</Heading>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {body.purpose || '—'}
        </Text>
      </Stack>

      <Stack gap={4}>
        <Heading>Outcomes</Heading>
        {body.outcomes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No outcomes stated.
          </Text>
        ) : (
          <DataTable
            label="Outcomes"
            rows={body.outcomes}
            rowKey={(o) => o.key ?? o.title}
            minWidth={680}
            primary={{ key: 'title', header: 'Outcome', cell: (o) => o.title }}
            columns={[
              { key: 'indicator', header: 'Indicator', cell: (o) => o.indicator },
              { key: 'baseline', header: 'Baseline', align: 'right', nowrap: true, cell: (o) => `${o.baseline} ${o.unit}` },
              { key: 'target', header: 'Target', align: 'right', nowrap: true, cell: (o) => `${o.target} ${o.unit}` },
              { key: 'due', header: 'Due', nowrap: true, cell: (o) => (o.dueDate ? formatDate(o.dueDate) : '—') },
            ]}
          />
        )}
      </Stack>

      <Stack gap={4}>
        <Heading>Who decides what (RACI)</Heading>
        {body.collaboration.length === 0 ? (
          <Text size="sm" c="dimmed">
            No decision kinds listed.
          </Text>
        ) : (
          <DataTable
            label="Who decides what"
            rows={body.collaboration}
            rowKey={(r) => r.decisionKind}
            minWidth={680}
            primary={{ key: 'kind', header: 'Decision', cell: (r) => <span style={{ textTransform: 'capitalize' }}>{r.decisionKind}</span> }}
            columns={[
              { key: 'r', header: 'Responsible', cell: (r) => peopleLabel(r.responsible) },
              { key: 'a', header: 'Accountable', cell: (r) => <strong>{personLabel(r.accountable)}</strong> },
              { key: 'c', header: 'Consulted', cell: (r) => peopleLabel(r.consulted) },
              { key: 'i', header: 'Informed', cell: (r) => peopleLabel(r.informed) },
            ]}
          />
        )}
      </Stack>

      <Stack gap={4}>
        <Heading>Cadence</Heading>
        <Text size="sm">
          Status updates: <strong>{every[body.cadence.statusUpdateEvery].toLowerCase()}</strong>, due on {WEEKDAY[body.cadence.statusUpdateWeekday]} ({body.cadence.timeZone})
        </Text>
        <Text size="sm">
          Gate review answers due within <strong>{body.cadence.gateReviewReminderDays} days</strong> · future agenda reviewed <strong>{body.cadence.futureReviewEvery}</strong>
        </Text>
        {body.cadence.holidays.length > 0 && <Text size="sm">Holidays: {body.cadence.holidays.join(', ')}</Text>}
        {body.cadence.meetings.length > 0 && (
          <List size="sm" spacing={4}>
            {body.cadence.meetings.map((m) => (
              <List.Item key={m.name}>
                <strong>{m.name}</strong> · {every[m.every].toLowerCase()}
                {m.attendees.length > 0 ? ` · ${m.attendees.join(', ')}` : ''}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>

      <Stack gap={4}>
        <Heading>Escalation ladder</Heading>
        {body.escalation.length === 0 ? (
          <Text size="sm" c="dimmed">
            No escalation levels.
          </Text>
        ) : (
          <Timeline active={body.escalation.length - 1} bulletSize={22} lineWidth={2} mt="xs">
            {body.escalation.map((l, i) => (
              <Timeline.Item
                key={l.level ?? l.person}
                bullet={
                  <Text size="xs" fw={700} component="span">
                    {i + 1}
                  </Text>
                }
                title={l.person}
              >
                <Group gap="xs">
                  <Text size="sm" c="dimmed">
                    Answers within {l.responseHours} hours
                  </Text>
                  {memberName(l.userId) && (
                    <Badge variant="light" size="sm" radius="sm">
                      member: {memberName(l.userId)}
                    </Badge>
                  )}
                </Group>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Stack>
  );
}
