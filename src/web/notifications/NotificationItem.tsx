import { Box, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { Time } from '../components/Time';
import type { Notification } from '../governance/types';
import { useMarkRead } from './api';
import classes from './NotificationItem.module.css';

/** One notification: a link to what it is about, marked read when followed. */
export function NotificationItem({ n, onOpen, compact = false }: { n: Notification; onOpen?: () => void; compact?: boolean }) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const open = () => {
    if (!n.read) markRead.mutate(n.id);
    onOpen?.();
    navigate(n.link);
  };
  return (
    <UnstyledButton
      onClick={open}
      w="100%"
      p="xs"
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      className={classes.item}
      data-read={n.read}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{ flex: 'none', borderRadius: 8, background: n.read ? 'transparent' : 'var(--mantine-color-anchor)' }}
          aria-hidden
        />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={n.read ? 400 : 650} style={{ overflowWrap: 'anywhere' }}>
            {!n.read && <span className="visually-hidden">Unread: </span>}
            {n.title}
          </Text>
          {!compact && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {n.engagementName} · <Time iso={n.createdAt} />
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
