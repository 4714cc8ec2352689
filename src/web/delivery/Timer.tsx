import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { errorMessage } from '../app/api';
import { useLogTime } from './api';
import { formatMinutes, isoDate } from './format';

interface RunningTimer {
  workItemId: string | null;
  title: string;
  startedAt: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};

/** A running timer kept in localStorage (it survives reloads); stopping it logs the time for today. */
export function Timer({ engagementId, items }: { engagementId: string; items: { value: string; label: string }[] }) {
  const [timer, setTimer] = useLocalStorage<RunningTimer | null>({ key: `candor.timer.${engagementId}`, defaultValue: null, getInitialValueInEffect: false });
  const [itemId, setItemId] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const log = useLogTime(engagementId);

  useEffect(() => {
    if (!timer) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [timer]);

  const stop = () => {
    if (!timer) return;
    const minutes = Math.min(1440, Math.max(1, Math.round((Date.now() - timer.startedAt) / 60000)));
    log.mutate(
      { dateWorked: isoDate(new Date(timer.startedAt)), minutes, workItemId: timer.workItemId },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Logged ${formatMinutes(minutes)} on ${timer.title}.` });
          setTimer(null);
        },
        onError: (err) => notifications.show({ color: 'red', title: 'The time was not logged', message: errorMessage(err) }),
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="sm" mb="md">
      {timer ? (
        <Group justify="space-between" gap="sm">
          <Text size="sm" aria-live="off">
            Timer running on <strong>{timer.title}</strong>:{' '}
            <Text span ff="monospace" fw={700} role="timer" aria-label="Time elapsed">
              {clock(now - timer.startedAt)}
            </Text>
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setTimer(null)}>
              Discard
            </Button>
            <Button size="xs" color="red" leftSection={<IconPlayerStop size={14} aria-hidden />} onClick={stop} loading={log.isPending}>
              Stop and log
            </Button>
          </Group>
        </Group>
      ) : (
        <Group gap="sm" align="flex-end">
          <Select label="Timer: work item" placeholder="No work item" data={items} value={itemId} onChange={setItemId} searchable clearable size="xs" w={280} maw="100%" />
          <Button
            size="xs"
            leftSection={<IconPlayerPlay size={14} aria-hidden />}
            onClick={() => {
              setTimer({ workItemId: itemId, title: items.find((i) => i.value === itemId)?.label ?? 'no work item', startedAt: Date.now() });
              setNow(Date.now());
            }}
          >
            Start timer
          </Button>
        </Group>
      )}
    </Paper>
  );
}
