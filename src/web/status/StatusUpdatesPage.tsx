import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconPencil, IconSpeakerphone } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate, formatDateTime } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useStatusUpdates } from './api';
import { HEALTH_COLOR, HEALTH_LABEL, HealthBadge, plural } from './labels';
import { ExportCsvButton } from '../csv/ExportCsvButton';

/** The updates page: the timeline of health, the schedule and what is overdue, who acknowledged. */
export function StatusUpdatesPage() {
  const { engagement, can } = useEngagementCtx();
  const E = engagement.id;
  const q = useStatusUpdates(E);
  const writer = can('status.write');
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const { updates, schedule } = q.data;
  const drafts = updates.filter((u) => u.status === 'draft');
  const published = updates.filter((u) => u.status === 'published');
  return (
    <Stack gap="lg">
      <PageHeader
        title="Status updates"
        description={`Due ${schedule.cadence} (${schedule.timeZone}). Each update says how the engagement stands, with the health the data suggests beside the lead's.`}
        actions={
          <>
            <ExportCsvButton engagementId={E} register="status-updates" />
            {writer && (
              <Button component={Link} to={`/engagements/${E}/status-updates/new`} leftSection={<IconPencil size={16} />}>
                Draft the update
              </Button>
            )}
          </>
        }
      />
      {schedule.nextDueDate &&
        (schedule.overdue ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Status update overdue" role="status">
            The update due {formatDate(schedule.nextDueDate)} has not been published yet.
          </Alert>
        ) : (
          <Text size="sm">Next update due {formatDate(schedule.nextDueDate)}.</Text>
        ))}
      {schedule.lateDueDates.length > 0 && (
        <Text size="sm" c="dimmed">
          Due dates that passed without an update: {schedule.lateDueDates.map((d) => formatDate(d)).join(', ')}.
        </Text>
      )}
      {drafts.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Text fw={600}>Drafts (only the provider side sees them)</Text>
            {drafts.map((d) => (
              <Group key={d.id} gap="sm" wrap="wrap">
                <HealthBadge health={d.health} />
                <Anchor component={Link} to={`/engagements/${E}/status-updates/${d.id}`}>
                  Draft of {formatDateTime(d.createdAt)}
                </Anchor>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
      {published.length === 0 ? (
        <EmptyHint icon={<IconSpeakerphone size={28} />} title="No status updates yet">
          {writer ? 'Draft the first one: Candor assembles it from what happened.' : 'The lead has not published an update yet.'}
        </EmptyHint>
      ) : (
        <Box>
          <Text fw={600} mb="sm" component="h2" size="lg">
            Health over time
          </Text>
          <Timeline bulletSize={18} lineWidth={2} active={published.length}>
            {published.map((u) => (
              <Timeline.Item key={u.id} color={HEALTH_COLOR[u.health]} title={<Anchor component={Link} to={`/engagements/${E}/status-updates/${u.id}`} fw={600}>{`${HEALTH_LABEL[u.health]} · ${formatDate(u.publishedAt ?? u.createdAt)}`}</Anchor>}>
                <Stack gap={4} mt={4}>
                  {u.reason && <Text size="sm">{u.reason}</Text>}
                  <Group gap={6} wrap="wrap">
                    {u.dueDate && (
                      <Badge variant="outline" color={u.lateWorkingDays ? 'red' : 'gray'} radius="sm">
                        {u.lateWorkingDays ? `${plural(u.lateWorkingDays, 'working day')} late (due ${formatDate(u.dueDate)})` : `On time (due ${formatDate(u.dueDate)})`}
                      </Badge>
                    )}
                    {u.overrode && u.suggestedHealth && <HealthBadge health={u.suggestedHealth} prefix="Data suggested" />}
                    {u.health !== 'on_track' && (
                      <Badge variant="light" color={u.acknowledged ? 'teal' : 'red'} radius="sm">
                        {u.acknowledged ? `Acknowledged (${u.acknowledgements})` : 'Not acknowledged yet'}
                      </Badge>
                    )}
                    {u.health === 'on_track' && u.acknowledged && (
                      <Badge variant="light" color="teal" radius="sm">
                        Acknowledged ({u.acknowledgements})
                      </Badge>
                    )}
                  </Group>
                </Stack>
              </Timeline.Item>
            ))}
          </Timeline>
        </Box>
      )}
    </Stack>
  );
}
