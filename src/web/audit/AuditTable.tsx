import { Group, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { AuditEntry } from '../app/types';
import { DataTable } from '../components/DataTable';
import { Time } from '../components/Time';
import { actorName, type NameOf, shortHash } from './describe';
import { ActivitySentence } from './Sentence';
import { EntryDetails } from './EntryDetails';

function What({ e, nameOf, engagementId }: { e: AuditEntry; nameOf?: NameOf | undefined; engagementId: string }) {
  if (e.redacted) {
    return (
      <Group gap={6} wrap="nowrap">
        <IconLock size={14} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" c="dimmed" fs="italic">
          Internal record (redacted): only its hash is shown, so the chain still verifies.
        </Text>
      </Group>
    );
  }
  return <ActivitySentence entry={e} engagementId={engagementId} nameOf={nameOf} withActor={false} />;
}

export function AuditTable({ entries, nameOf, engagementId }: { entries: AuditEntry[]; nameOf?: NameOf; engagementId: string }) {
  return (
    <DataTable
      label="Audit records"
      rows={entries}
      rowKey={(e) => e.seq}
      rowProps={(e) => ({ 'data-redacted': e.redacted ? 'true' : undefined })}
      minWidth={760}
      primary={{ key: 'seq', header: '#', label: 'Record', width: 56, cell: (e) => `#${e.seq}` }}
      columns={[
        { key: 'at', header: 'When', nowrap: true, cell: (e) => <Time iso={e.at} mode="datetime" /> },
        { key: 'who', header: 'Who', cell: (e) => (e.redacted ? '—' : actorName(e)) },
        { key: 'what', header: 'What', cell: (e) => <What e={e} nameOf={nameOf} engagementId={engagementId} /> },
        {
          key: 'hash',
          header: 'Hash',
          nowrap: true,
          cell: (e) => (
            <span className="mono" title={e.hash ?? e.payloadHash}>
              {shortHash(e.hash ?? e.payloadHash, 10)}
            </span>
          ),
        },
      ]}
      actions={(e) => <EntryDetails entry={e} />}
    />
  );
}
