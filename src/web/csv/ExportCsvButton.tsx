import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { apiUrl } from '../app/api';

export type CsvRegister = 'items' | 'time-entries' | 'commitments' | 'raid' | 'decisions' | 'escalations' | 'status-updates' | 'recommendations' | 'agenda';

/**
 * "Export CSV" in a register page's header, always first among its actions: a
 * plain download of GET /engagements/{id}/<register>/export.csv, filtered by
 * the reader's role on the server (ADR 0025). `query`: the list's own filters.
 */
export function ExportCsvButton({ engagementId, register, query }: { engagementId: string; register: CsvRegister; query?: Record<string, string | undefined> }) {
  return (
    <Button component="a" variant="default" href={apiUrl(`/engagements/${engagementId}/${register}/export.csv`, query)} download leftSection={<IconDownload size={16} aria-hidden />}>
      Export CSV
    </Button>
  );
}
