import { Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload, IconHistory } from '@tabler/icons-react';
import { apiUrl } from '../app/api';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useAuditLog } from './api';
import { AuditTable } from './AuditTable';
import type { NameOf } from './describe';
import { VerifyPanel } from './VerifyPanel';

interface Props {
  queryKey: readonly unknown[];
  /** API paths (without /api/v1). */
  listPath: string;
  verifyPath: string;
  exportPath?: string;
  headingOrder?: 2 | 3;
  nameOf?: NameOf;
  /** The engagement whose records these are (links to their objects); none for the instance log. */
  engagementId?: string;
}

/** A hash-chained log: verify it, export it, and page through it newest first. */
export function AuditLog({ queryKey, listPath, verifyPath, exportPath, headingOrder = 3, nameOf, engagementId = '' }: Props) {
  const log = useAuditLog(queryKey, listPath);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Stack gap="md">
      <Section
        order={headingOrder}
        title="Integrity"
        id="integrity"
        actions={
          exportPath ? (
            <Button component="a" href={apiUrl(exportPath)} download variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
              Export (JSONL)
            </Button>
          ) : null
        }
      >
        <VerifyPanel path={verifyPath} />
      </Section>
      <Section order={headingOrder} title="Records, newest first" id="records">
        {log.isPending ? (
          <SectionLoader rows={6} />
        ) : log.isError ? (
          <ErrorAlert error={log.error} onRetry={() => log.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyHint icon={<IconHistory aria-hidden />} title="Nothing recorded yet" order={headingOrder === 2 ? 3 : 4}>
            Every change is recorded here as it happens.
          </EmptyHint>
        ) : (
          <>
            <AuditTable entries={entries} nameOf={nameOf} engagementId={engagementId} />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {entries.length} record{entries.length === 1 ? '' : 's'} shown
              </Text>
              {log.hasNextPage && (
                <Button variant="default" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  Load older records
                </Button>
              )}
            </Group>
          </>
        )}
      </Section>
    </Stack>
  );
}
