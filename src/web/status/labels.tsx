import { Badge } from '@mantine/core';
import type { Health } from './types';

export const HEALTH_LABEL: Record<Health, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };
export const HEALTH_COLOR: Record<Health, string> = { on_track: 'teal', at_risk: 'orange', off_track: 'red' };

export function HealthBadge({ health, prefix }: { health: Health; prefix?: string }) {
  return (
    <Badge color={HEALTH_COLOR[health]} variant={health === 'on_track' ? 'light' : 'filled'} radius="sm">
      {prefix ? `${prefix} ${HEALTH_LABEL[health].toLowerCase()}` : HEALTH_LABEL[health]}
    </Badge>
  );
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
