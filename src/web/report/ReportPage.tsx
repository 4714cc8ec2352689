import { Alert, Anchor, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload, IconExternalLink, IconInfoCircle, IconPrinter } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ReportHistory } from '../../contracts/report';
import { apiUrl, get } from '../app/api';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';

const historyKey = (id: string) => ['engagement', id, 'reports'] as const;
const BASIS: Record<ReportHistory['defaultPeriod']['basis'], string> = {
  'last-report': 'since the last report generated here',
  'engagement-start': 'since the engagement started (no report generated yet)',
  requested: '',
};
type Generated = ReportHistory['generated'][number];

/**
 * The steering-meeting report (issue 16, ADR 0024): pick the period, then open
 * the print-friendly page, print it, or download the PDF. Each of these
 * generates the report on the server (with what your role may see) and records
 * that in the engagement's audit log; this page lists those records (the
 * record's live event refreshes the list, as for any change).
 */
export function ReportPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const qc = useQueryClient();
  const history = useQuery({ queryKey: historyKey(id), queryFn: ({ signal }) => get<ReportHistory>(`/engagements/${id}/reports`, undefined, signal) });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [printing, setPrinting] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);

  // start from the default period once it is known
  const defaults = history.data?.defaultPeriod;
  useEffect(() => {
    if (defaults && !from && !to) {
      setFrom(defaults.from);
      setTo(defaults.to);
    }
  }, [defaults, from, to]);
  useEffect(() => () => frame.current?.remove(), []);

  const header = (
    <PageHeader
      title="Steering-meeting report"
      order={2}
      description="Outcomes, phases and gate reviews, budget, forecast, commitments, RAID, decisions, escalations, recommendations, the trust index and the future agenda for a period: as a print-friendly page or a PDF."
    />
  );
  if (history.isPending) return (
    <>
      {header}
      <PageLoader />
    </>
  );
  if (history.isError) return (
    <>
      {header}
      <ErrorAlert error={history.error} onRetry={() => history.refetch()} />
    </>
  );

  const bad = from && to && from > to ? 'The first day must not be after the last day.' : null;
  const query = { from: from || undefined, to: to || undefined };
  const pageUrl = apiUrl(`/engagements/${id}/report`, query);
  const pdfUrl = apiUrl(`/engagements/${id}/report.pdf`, query);
  const refresh = () => qc.invalidateQueries({ queryKey: historyKey(id) });

  const print = () => {
    frame.current?.remove();
    const f = document.createElement('iframe');
    f.title = 'Report to print';
    f.style.position = 'fixed';
    f.style.width = '0';
    f.style.height = '0';
    f.style.border = '0';
    f.setAttribute('aria-hidden', 'true');
    setPrinting(true);
    f.onload = () => {
      setPrinting(false);
      refresh();
      f.contentWindow?.focus();
      f.contentWindow?.print();
    };
    f.src = pageUrl;
    document.body.appendChild(f);
    frame.current = f;
  };

  return (
    <>
      {header}
      <Stack gap="md">
        <Section title="Period" id="report-period">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput type="date" label="First day" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} error={bad ? true : undefined} size="sm" />
            <TextInput type="date" label="Last day" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} error={bad ? true : undefined} size="sm" />
            {defaults && (from !== defaults.from || to !== defaults.to) && (
              <Button variant="subtle" size="sm" onClick={() => {
                  setFrom(defaults.from);
                  setTo(defaults.to);
                }}>
                Back to the default
              </Button>
            )}
          </Group>
          {bad ? (
            <Text size="sm" c="red.8" role="alert">
              {bad}
            </Text>
          ) : (
            defaults && (
              <Text size="sm" c="dimmed">
                Whole days (UTC), both included. The default, {defaults.from} to {defaults.to}, runs {BASIS[defaults.basis]}.
              </Text>
            )
          )}
          <Group gap="sm" wrap="wrap">
            <Button component="a" href={bad ? undefined : pageUrl} target="_blank" rel="noopener" leftSection={<IconExternalLink size={16} aria-hidden />} disabled={!!bad}>
              Open the report
            </Button>
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={print} loading={printing} disabled={!!bad}>
              Print
            </Button>
            <Button component="a" variant="default" href={bad ? undefined : pdfUrl} download leftSection={<IconDownload size={16} aria-hidden />} disabled={!!bad}>
              Download PDF
            </Button>
          </Group>
          <Alert variant="light" color={can('content.internal') ? 'orange' : 'blue'} icon={<IconInfoCircle aria-hidden />}>
            {can('content.internal')
              ? 'Your report includes internal content. For the client, their sponsor or a stakeholder generates the report: theirs holds only what they may see.'
              : 'Your report holds what the client side may see. The provider’s internal notes and items are never in it.'}{' '}
            Each report names the audit chain’s head when it was generated, to check later against <Text span ff="monospace" size="sm">candor audit verify</Text> or the <Anchor component={Link} to={`/engagements/${id}/activity`} size="sm" underline="always">activity log</Anchor>.
          </Alert>
        </Section>
        <Section title="Reports generated" id="report-history">
          {history.data.generated.length === 0 ? (
            <Text size="sm" c="dimmed">
              No report has been generated in this engagement yet.
            </Text>
          ) : (
            <DataTable<Generated>
              label="Reports generated"
              rows={history.data.generated}
              rowKey={(r) => `${r.at}-${r.format}-${r.by}`}
              primary={{ key: 'period', header: 'Period', cell: (r) => `${r.from} to ${r.to}` }}
              columns={[
                { key: 'at', header: 'Generated', cell: (r) => <Time iso={r.at} /> },
                { key: 'by', header: 'By', cell: (r) => r.by },
                { key: 'role', header: 'For the role', cell: (r) => r.role },
                { key: 'format', header: 'Format', cell: (r) => <Badge variant="light" color={r.format === 'pdf' ? 'grape' : 'gray'}>{r.format === 'pdf' ? 'PDF' : 'Web page'}</Badge> },
              ]}
              minWidth={560}
            />
          )}
        </Section>
      </Stack>
    </>
  );
}
