import { Text } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../components/Time';

/** "Acknowledge by 24 Nov 2026, 15:00 (in 3 hours)", refreshed every minute. */
export function Countdown({ deadline, prefix = 'Acknowledge by' }: { deadline: string; prefix?: string }) {
  const [now, setNow] = useState(() => Date.now());
  const interval = useInterval(() => setNow(Date.now()), 60_000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once, stop on unmount
  useEffect(() => {
    interval.start();
    return interval.stop;
  }, []);
  const passed = Date.parse(deadline) <= now;
  return (
    <Text size="sm" fw={600} c={passed ? 'var(--mantine-color-error)' : undefined} data-testid="deadline">
      {prefix} <time dateTime={deadline}>{formatDateTime(deadline)}</time> ({passed ? `passed ${dayjs(deadline).from(now)}; it climbs at the next check` : dayjs(deadline).from(now)})
    </Text>
  );
}
