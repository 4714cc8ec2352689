import { Anchor, Group, Stack, Text } from '@mantine/core';
import { personLabel } from '../people/tokens';
import { Link } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { type Column, DataTable } from '../components/DataTable';
import { formatDate } from '../components/Time';
import { OverdueBadge, SeverityBadge, StatusBadge, TypeBadge } from './GovBadges';
import { SIDE_SHORT } from './labels';
import type { RaidItem } from './types';

function Detail({ item }: { item: RaidItem }) {
  if (item.type === 'risk' && item.severity) {
    return (
      <Group gap={6} wrap="nowrap">
        <SeverityBadge severity={item.severity} score={item.score} />
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          P{item.probability} × I{item.impact}
        </Text>
      </Group>
    );
  }
  if (item.type === 'dependency' && item.neededFrom) {
    return (
      <Text size="sm">
        From {SIDE_SHORT[item.neededFrom].toLowerCase()}
        {item.neededBy ? `, by ${formatDate(item.neededBy)}` : ''}
      </Text>
    );
  }
  if (item.type === 'issue') {
    return (
      <Text size="sm">
        {item.unflagged ? 'Unflagged' : item.leadTimeDays !== null ? `Flagged ${Math.round(item.leadTimeDays)} d before` : 'From a risk'}
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}

/** The filtered register: a table on wide screens, cards on phones. */
export function RaidRegister({ items, engagementId }: { items: RaidItem[]; engagementId: string }) {
  const primary: Column<RaidItem> = {
    key: 'title',
    header: 'Title',
    cell: (r) => (
      <Stack gap={2}>
        <Anchor component={Link} to={`/engagements/${engagementId}/raid/${r.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {r.title}
        </Anchor>
        {r.visibility === 'internal' && (
          <span>
            <VisibilityBadge visibility={r.visibility} />
          </span>
        )}
      </Stack>
    ),
  };
  const columns: Column<RaidItem>[] = [
    { key: 'type', header: 'Type', cell: (r) => <TypeBadge type={r.type} />, nowrap: true, width: 130 },
    {
      key: 'status',
      header: 'Status',
      nowrap: true,
      width: 190,
      cell: (r) => (
        <Group gap={4} wrap="nowrap">
          <StatusBadge status={r.status} />
          {r.overdue && <OverdueBadge />}
        </Group>
      ),
    },
    { key: 'detail', header: 'Severity / needed', label: 'Details', cell: (r) => <Detail item={r} /> },
    { key: 'owner', header: 'Owner', cell: (r) => <Text size="sm">{personLabel(r.ownerPerson)}</Text> },
    { key: 'flagged', header: 'Flagged', nowrap: true, width: 120, cell: (r) => <Text size="sm">{formatDate(r.flaggedAt)}</Text> },
  ];
  return (
    <DataTable
      label="RAID register"
      rows={items}
      rowKey={(r) => r.id}
      primary={primary}
      columns={columns}
      minWidth={760}
      rowProps={(r) => ({ 'data-type': r.type, 'data-overdue': r.overdue ? 'true' : undefined })}
    />
  );
}
