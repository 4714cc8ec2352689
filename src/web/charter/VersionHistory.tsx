import { Badge, Button, Text } from '@mantine/core';
import type { CharterVersion } from '../app/types';
import { DataTable } from '../components/DataTable';
import { formatDate } from '../components/Time';

export const STATUS_COLOR = { proposed: 'orange', agreed: 'teal', superseded: 'gray', withdrawn: 'red' } as const;

export function StatusBadge({ status }: { status: CharterVersion['status'] }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" radius="sm" miw="fit-content" styles={{ label: { overflow: 'visible' } }}>
      {status}
    </Badge>
  );
}

const accepted = (by: CharterVersion['providerAcceptedBy'], at: string | null) => (by && at ? `${by.name}, ${formatDate(at)}` : '—');

interface Props {
  history: CharterVersion[];
  selected: number | null;
  onSelect: (version: number) => void;
}

/** Every version ever proposed, newest first; one can be opened above. */
export function VersionHistory({ history, selected, onSelect }: Props) {
  return (
    <DataTable
      label="Charter versions"
      rows={history}
      rowKey={(v) => v.id}
      rowProps={(v) => ({ 'aria-current': v.version === selected ? 'true' : undefined })}
      minWidth={780}
      primary={{ key: 'version', header: 'Version', nowrap: true, cell: (v) => `Version ${v.version}` }}
      columns={[
        { key: 'status', header: 'Status', nowrap: true, cell: (v) => <StatusBadge status={v.status} /> },
        { key: 'proposed', header: 'Proposed', cell: (v) => `${v.proposedBy.name}, ${formatDate(v.createdAt)}` },
        { key: 'provider', header: 'Provider accepted', cell: (v) => accepted(v.providerAcceptedBy, v.providerAcceptedAt) },
        { key: 'client', header: 'Client accepted', cell: (v) => accepted(v.clientAcceptedBy, v.clientAcceptedAt) },
        {
          key: 'note',
          header: 'Note',
          cell: (v) => (
            <Text size="sm" lineClamp={2} maw={260}>
              {v.note || '—'}
            </Text>
          ),
        },
      ]}
      actions={(v) => (
        <Button
          size="compact-sm"
          variant={v.version === selected ? 'light' : 'subtle'}
          onClick={() => onSelect(v.version)}
          aria-label={`${v.version === selected ? 'Shown' : 'Show'}: version ${v.version}`}
          disabled={v.version === selected}
        >
          {v.version === selected ? 'Shown' : 'Show'}
        </Button>
      )}
    />
  );
}
