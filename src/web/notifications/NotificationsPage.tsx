import { Button, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications as toast } from '@mantine/notifications';
import { IconBell } from '@tabler/icons-react';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useMarkAllRead, useNotifications } from './api';
import { NotificationItem } from './NotificationItem';

export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('show') === 'unread';
  const showLabel = useId();
  const q = useNotifications(unreadOnly, { limit: 200 });
  const markAll = useMarkAllRead();
  const anyUnread = (q.data ?? []).some((n) => !n.read);

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Decisions you are asked to take, escalations that reach you, and what is overdue, across your engagements."
        actions={
          <Button
            variant="default"
            disabled={!anyUnread}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onSuccess: () => toast.show({ color: 'teal', message: 'All notifications marked read.' }) })}
          >
            Mark all read
          </Button>
        }
      />
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500} id={showLabel}>
            Show
          </Text>
          <SegmentedControl
            aria-labelledby={showLabel}
            data={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: 'Unread' },
            ]}
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setParams(v === 'unread' ? { show: 'unread' } : {}, { replace: true })}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        {q.isPending ? (
          <PageLoader label="Loading notifications…" />
        ) : q.isError ? (
          <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyHint icon={<IconBell aria-hidden />} title={unreadOnly ? 'All read' : 'No notifications yet'}>
            {unreadOnly ? 'Nothing new since you last looked.' : 'You hear here when someone asks you to decide, escalates to you, or something you wait for is late.'}
          </EmptyHint>
        ) : (
          <Paper withBorder radius="md" p={4}>
            <Stack gap={0} component="ul" aria-label="Notifications, newest first" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {q.data.map((n) => (
                <li key={n.id}>
                  <NotificationItem n={n} />
                </li>
              ))}
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}
