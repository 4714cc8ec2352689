import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SectionLoader } from '../components/PageLoader';
import { useUnreadCount } from '../engagements/navigation-api';
import { useMarkAllRead, useNotifications } from './api';
import { NotificationItem } from './NotificationItem';

/** The bell in the header: unread count, the latest notifications, mark all read. */
export function NotificationsBell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  // One COUNT a minute (GET /notifications/unread-count); the latest eight only while the bell is open.
  const unread = useUnreadCount();
  const latest = useNotifications(false, { limit: 8, enabled: opened });
  const markAll = useMarkAllRead();
  const count = unread.data?.unread ?? 0;
  const label = count === 0 ? 'Notifications' : `Notifications: ${count} unread`;

  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-end" width={360} withArrow shadow="md" trapFocus returnFocus>
      <Indicator disabled={count === 0} label={count > 99 ? '99+' : count} size={18} color="red" offset={4}>
        <Popover.Target>
          <ActionIcon variant="default" size={36} aria-label={label} onClick={toggle}>
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p="xs" role="dialog" aria-label="Notifications" maw="calc(100vw - 16px)">
        <Stack gap={4}>
          <Group justify="space-between" px="xs">
            <Text fw={650} size="sm">
              Notifications
            </Text>
            <Button variant="default" size="compact-xs" disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate(undefined)}>
              Mark all read
            </Button>
          </Group>
          <Divider />
          {latest.isPending ? (
            <SectionLoader rows={3} />
          ) : latest.isError ? (
            <Text size="sm" c="var(--mantine-color-error)" px="xs">
              Notifications could not be loaded.
            </Text>
          ) : latest.data.length === 0 ? (
            <Text size="sm" c="dimmed" px="xs" py="sm">
              Nothing yet. You hear here when someone asks you to decide, escalates to you, or something you wait for is late.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={400} type="auto">
              <Stack gap={0}>
                {latest.data.map((n) => (
                  <NotificationItem key={n.id} n={n} compact onOpen={close} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          <Divider />
          <Anchor component={Link} to="/notifications" size="sm" px="xs" py={4} onClick={close}>
            All notifications
          </Anchor>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
