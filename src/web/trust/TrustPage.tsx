import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Accordion, Anchor, Badge, Box, Button, Grid, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TrustComponent, TrustEvidence, TrustReport } from '../../contracts/trust';
import { useEngagementCtx } from '../engagements/context';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useTrust } from './api';
import { COMPONENT, SIDE_COLOR, scoreText, webPathOf } from './labels';
import { Sparkline, trendWords } from './Sparkline';

const shortDay = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : '');
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(Math.round(n * 10) / 10)}`;

function EvidenceRow({ e }: { e: TrustEvidence }) {
  const to = webPathOf(e.path);
  return (
    <Box component="li" py={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {to ? (
              <Anchor component={Link} to={to} inherit>
                {e.title}
              </Anchor>
            ) : (
              e.title
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {e.type === 'aggregate' ? 'Counted across the list' : e.type.replace(/_/g, ' ')}
            {e.at ? ` · ${shortDay(e.at)}` : ''}
          </Text>
          <Text size="sm">{e.explanation}</Text>
        </Stack>
        <Badge variant="light" color={e.effect < 0 ? 'red' : e.effect > 0 ? 'green' : 'gray'} style={{ flexShrink: 0 }} title="Points this moved the component">
          {signed(e.effect)}
        </Badge>
      </Group>
    </Box>
  );
}

function ComponentItem({ c }: { c: TrustComponent }) {
  const def = COMPONENT[c.key];
  return (
    <Accordion.Item value={c.key}>
      <Accordion.Control>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600}>{def.label}</Text>
            <Text size="xs" c="dimmed">
              {def.reads}
            </Text>
          </Stack>
          <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
            <Text fw={700} fz="lg">
              {scoreText(c.score)}
            </Text>
            <Text size="xs" c="dimmed">
              {c.score === null ? 'not counted' : `weight ${Math.round(c.weight * 100)}%`}
            </Text>
          </Stack>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          <Text size="sm">{c.explanation}</Text>
          <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-default-hover)">
            <Text size="sm" fw={600}>
              What would raise it
            </Text>
            {c.raise.length === 0 ? (
              <Text size="sm">Nothing open is holding it down now; it moves with the next evidence.</Text>
            ) : (
              <List size="sm" spacing={2}>
                {c.raise.map((r) => (
                  <List.Item key={r.action}>
                    {r.action}
                    {r.to !== null ? ` (to about ${Math.round(r.to)})` : ''}
                  </List.Item>
                ))}
              </List>
            )}
          </Paper>
          {c.evidence.length === 0 ? (
            <Text size="sm" c="dimmed">
              No evidence behind it yet.
            </Text>
          ) : (
            <Box>
              <Text size="sm" fw={600}>
                Evidence ({c.evidence.length})
              </Text>
              <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {c.evidence.map((e, i) => (
                  <EvidenceRow key={`${e.type}-${e.id ?? i}-${e.at ?? ''}`} e={e} />
                ))}
              </Box>
            </Box>
          )}
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

function SideSection({ side, name, report }: { side: 'provider' | 'client'; name: string; report: TrustReport }) {
  const s = report[side];
  const trend = report.trend.map((p) => p[side]);
  const title = side === 'provider' ? `Provider · ${name}` : `Client · ${name}`;
  return (
    <Section order={2} title={title} id={`trust-${side}`}>
      <Group justify="space-between" align="center" wrap="nowrap">
        <Group gap={6} align="baseline" wrap="nowrap">
          <Text fz={44} fw={700} lh={1} c={`var(--mantine-color-${SIDE_COLOR[side]}-text)`} data-testid={`trust-${side}-score`}>
            {scoreText(s.score)}
          </Text>
          <Text size="sm" c="dimmed">
            {s.score === null ? 'not enough evidence yet' : '/ 100'}
          </Text>
        </Group>
        <Sparkline values={trend} color={SIDE_COLOR[side]} label={`${side === 'provider' ? 'Provider' : 'Client'} trend: ${trendWords(trend)}`} width={140} height={40} />
      </Group>
      <Accordion multiple variant="separated" chevronPosition="left">
        {s.components.map((c) => (
          <ComponentItem key={c.key} c={c} />
        ))}
      </Accordion>
    </Section>
  );
}

/** The trust index (issue 14): both sides, every component with its evidence; the lead and the sponsor see the same page. */
export function TrustPage() {
  const { engagement } = useEngagementCtx();
  const [at, setAt] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const { data, isPending, isError, error, refetch } = useTrust(engagement.id, at);

  const header = (
    <PageHeader
      title="Trust index"
      order={2}
      description="A two-way partnership health computed from events both sides can open. Internal work does not count; the lead and the sponsor see the same numbers and the same evidence."
    />
  );
  if (isPending) return (
    <>
      {header}
      <PageLoader />
    </>
  );
  if (isError && !data) return (
    <>
      {header}
      <ErrorAlert error={error} onRetry={() => refetch()} />
    </>
  );

  const chart = data.trend.map((p) => ({ date: p.date.slice(5), Provider: p.provider, Client: p.client }));
  return (
    <>
      {header}
      <Group
        component="form"
        align="flex-end"
        gap="xs"
        mb="md"
        onSubmit={(e) => {
          e.preventDefault();
          setAt(draft || null);
        }}
      >
        <TextInput type="date" label="As of" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} size="sm" />
        <Button type="submit" size="sm" variant="default">
          Show
        </Button>
        {at && (
          <Button
            size="sm"
            variant="subtle"
            onClick={() => {
              setAt(null);
              setDraft('');
            }}
          >
            Today
          </Button>
        )}
        <Text size="sm" c="dimmed" ml="auto">
          As of {shortDay(`${data.asOf}T12:00:00Z`)}
        </Text>
      </Group>
      {isError && <ErrorAlert error={error} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <SideSection side="provider" name={engagement.provider.name} report={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <SideSection side="client" name={engagement.client.name} report={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section order={2} title="Trend" id="trust-trend">
            {chart.length < 2 ? (
              <Text size="sm" c="dimmed">
                The trend starts once there are two weeks of history.
              </Text>
            ) : (
              <Box role="img" aria-label={`Weekly trend. Provider: ${trendWords(data.trend.map((p) => p.provider))}. Client: ${trendWords(data.trend.map((p) => p.client))}.`}>
                <LineChart
                  h={220}
                  data={chart}
                  dataKey="date"
                  series={[
                    { name: 'Provider', color: 'indigo.6' },
                    { name: 'Client', color: 'teal.6' },
                  ]}
                  yAxisProps={{ domain: [0, 100] }}
                  curveType="linear"
                  withDots={false}
                  withLegend
                  connectNulls={false}
                />
              </Box>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section order={2} title="Recent changes" id="trust-changes">
            {data.changes.length === 0 ? (
              <Text size="sm" c="dimmed">
                No component moved noticeably in the last weeks.
              </Text>
            ) : (
              <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {data.changes.map((c) => (
                  <Box component="li" key={`${c.side}-${c.component}`}>
                    <Text size="sm" fw={600}>
                      {COMPONENT[c.component].label} ({c.side}): {scoreText(c.from)} → {scoreText(c.to)}
                    </Text>
                    <Text size="sm">{c.because}</Text>
                  </Box>
                ))}
              </Stack>
            )}
          </Section>
        </Grid.Col>
      </Grid>
      <Title order={2} size="h5" mt="lg" c="dimmed" fw={500}>
        How it is computed
      </Title>
      <Text size="sm" c="dimmed">
        Each component is 0–100, or has no score when there is not enough evidence. Each side’s number is the weighted mean of its scored components; recent evidence counts more.
      </Text>
    </>
  );
}
