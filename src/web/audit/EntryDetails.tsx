import { Button, Code, DataList, Modal, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { AuditEntry } from '../app/types';
import { formatDateTime } from '../components/Time';
import { actorName, describeAction } from './describe';

const json = (x: unknown) => (x === null || x === undefined ? '—' : JSON.stringify(x, null, 2));

/** Everything one record holds: before/after and both hashes. */
export function EntryDetails({ entry }: { entry: AuditEntry }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={open} aria-label={`Details of record ${entry.seq}`}>
        Details
      </Button>
      <Modal opened={opened} onClose={close} title={`Record #${entry.seq}`} size="lg">
        <Stack gap="sm">
          <DataList size="sm" labelWidth={120}>
            <DataList.Item>
              <DataList.ItemLabel>When</DataList.ItemLabel>
              <DataList.ItemValue>{formatDateTime(entry.at)}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Who</DataList.ItemLabel>
              <DataList.ItemValue>{entry.redacted ? '—' : (entry.actor?.label ?? 'system')}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>What</DataList.ItemLabel>
              <DataList.ItemValue>{entry.redacted ? describeAction(entry) : `${actorName(entry)} ${describeAction(entry)}`}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Object</DataList.ItemLabel>
              <DataList.ItemValue>{entry.object ? `${entry.object.type} ${entry.object.id}` : '—'}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Payload hash</DataList.ItemLabel>
              <DataList.ItemValue className="mono">{entry.payloadHash}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Record hash</DataList.ItemLabel>
              <DataList.ItemValue className="mono">{entry.hash ?? '— (redacted)'}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
          {!entry.redacted && (
            <>
              <Title order={3} size="h6">
                Before
              </Title>
              <Code block>{json(entry.before)}</Code>
              <Title order={3} size="h6">
                After
              </Title>
              <Code block>{json(entry.after)}</Code>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
