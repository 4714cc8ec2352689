import { Badge } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { Role, Side, Visibility } from '../app/types';

const ROLE_LABEL: Record<Role, string> = { lead: 'Lead', member: 'Team member', sponsor: 'Sponsor', stakeholder: 'Stakeholder' };
export const roleLabel = (r: Role) => ROLE_LABEL[r];

export function RoleBadge({ role }: { role: Role }) {
  const provider = role === 'lead' || role === 'member';
  return (
    <Badge variant="light" color={provider ? 'indigo' : 'teal'} radius="sm">
      {ROLE_LABEL[role]}
    </Badge>
  );
}

export function SideBadge({ side }: { side: Side }) {
  return (
    <Badge variant="outline" color={side === 'provider' ? 'indigo' : 'teal'} radius="sm">
      {side === 'provider' ? 'Provider' : 'Client'}
    </Badge>
  );
}

/** Marks internal (provider-only) content; shared content gets no badge unless asked. */
export function VisibilityBadge({ visibility, showShared = false }: { visibility: Visibility; showShared?: boolean }) {
  if (visibility === 'shared') {
    return showShared ? (
      <Badge variant="light" color="gray" radius="sm">
        Shared
      </Badge>
    ) : null;
  }
  return (
    <Badge variant="filled" color="orange" radius="sm" leftSection={<IconLock size={12} aria-hidden />}>
      Internal
    </Badge>
  );
}
