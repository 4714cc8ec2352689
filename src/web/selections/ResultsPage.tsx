import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Box, Badge, Button, Grid, Group, Paper, Select, SimpleGrid, Slider, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ApiError } from '../app/api';
import { agreementSentence } from '../../domain/selection/agreement';
import { rankCandidates } from '../../domain/selection/ranking';
import { rankWith, rescaleWeights, sensitivityModel, swapWeights, weightsOf, winnerStability, type Weights } from '../../domain/selection/sensitivity';
import { ErrorAlert } from '../components/ErrorAlert';
import { useResults } from './api';
import { alphaText, criterionPhrase, pct, points, ReadingBadge, RED_FLAG_LABEL, RedFlagBadge, readingOf } from './labels';
import { ScaleLegend, ScoreBar } from './ScoreBar';
import { SelectionShell } from './SelectionNav';
import type { Results, SelectionDetail } from './types';

const COLORS = ['indigo', 'teal', 'orange', 'grape', 'cyan', 'pink', 'lime', 'red'];

/** One colour per candidate everywhere on the page: its position among the selection's candidates. */
function colorOf(s: SelectionDetail, candidateId: string) {
  const i = s.candidates.findIndex((c) => c.id === candidateId);
  return COLORS[Math.max(0, i) % COLORS.length]!;
}

function useNames(s: SelectionDetail) {
  return useMemo(() => new Map(s.candidates.map((c) => [c.id, c.name])), [s]);
}

function Ranking({ s, r }: { s: SelectionDetail; r: Results }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="ranking-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="ranking-title">
          Ranking by weighted score
        </Title>
        <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {r.ranking.map((row) => (
            <Stack component="li" key={row.candidateId} gap={4}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={700}>
                  {row.rank ? `${row.rank}. ` : ''}
                  {row.name}
                </Text>
                <Group gap={6}>
                  {row.excluded ? (
                    <Badge color="red.8" variant="filled" radius="sm">
                      Excluded by a red-flag rule
                    </Badge>
                  ) : (
                    <Text fw={700} size="lg" data-score={row.candidateId}>
                      {points(row.score)}
                    </Text>
                  )}
                  {row.penalty > 0 && (
                    <Text size="sm" c="dimmed">
                      ({points(row.rawScore)} before −{points(row.penalty)} for red flags)
                    </Text>
                  )}
                </Group>
              </Group>
              <ScoreBar score={row.excluded ? row.rawScore : row.score} min={row.min} max={row.max} color={row.excluded ? 'gray' : colorOf(s, row.candidateId)} label={row.name} />
              <Group gap={6} wrap="wrap">
                <Text size="xs" c="dimmed">
                  Evaluators: {points(row.min)}–{points(row.max)} · {row.evaluators} submitted
                </Text>
                {[...new Set(row.redFlags)].map((k) => (
                  <RedFlagBadge key={k} kind={k} effect={row.redFlags.filter((x) => x === k).length > 1 ? `×${row.redFlags.filter((x) => x === k).length}` : undefined} />
                ))}
              </Group>
            </Stack>
          ))}
        </Stack>
        <ScaleLegend />
      </Stack>
    </Paper>
  );
}

function Agreement({ r }: { r: Results }) {
  const rows = r.criteria
    .map((c) => ({ c, a: r.agreement.byCriterion[c.key] ?? { alpha: null, reading: 'insufficient' } }))
    .sort((x, y) => (x.a.alpha ?? 2) - (y.a.alpha ?? 2));
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="agreement-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="agreement-title">
          Do the evaluators agree?
        </Title>
        <Group gap="xs">
          <ReadingBadge reading={readingOf(r.agreement.alpha, r.agreement.reading)} />
          <Text size="sm">
            Overall {alphaText(r.agreement.alpha)} (Krippendorff’s alpha, ordinal). {r.agreement.reading}.
          </Text>
        </Group>
        {r.disagreements.length > 0 && (
          <Alert color="orange" variant="light" title="To discuss first">
            <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: 18 }}>
              {r.disagreements.map((d) => (
                <Text component="li" size="sm" key={`${d.criterion}-${d.candidateId}`}>
                  {d.reading}: <strong>{pct(d.spread)} of the scale</strong> apart.
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Box role="region" aria-label="Agreement per criterion" tabIndex={0} style={{ overflowX: 'auto' }}>
          <Table fz="sm" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Criterion</Table.Th>
                <Table.Th scope="col" ta="right">
                  Alpha
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ c, a }) => (
                <Table.Tr key={c.key}>
                  <Table.Th scope="row" fw={500}>
                    {c.label}
                    <Text size="xs" c="dimmed" fw={400}>
                      {agreementSentence(readingOf(a.alpha, a.reading), criterionPhrase(c.label))}
                    </Text>
                  </Table.Th>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Stack gap={4} align="flex-end">
                      <Text size="sm" fw={700}>
                        {a.alpha === null ? '–' : a.alpha.toFixed(2)}
                      </Text>
                      <ReadingBadge reading={readingOf(a.alpha, a.reading)} />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
        <Text size="xs" c="dimmed">
          Alpha is 1 when evaluators agree perfectly and 0 when they agree no better than chance. Krippendorff’s thresholds: 0.8 and above is reliable; 0.667 to 0.8 allows
          tentative conclusions only; below that, talk before you decide. With few candidates a criterion’s alpha rests on few scores.
        </Text>
      </Stack>
    </Paper>
  );
}

function Fragility({ s, r }: { s: SelectionDetail; r: Results }) {
  const names = useNames(s);
  const label = (key: string) => r.criteria.find((c) => c.key === key)?.label ?? key;
  const sens = r.sensitivity;
  const leader = sens.leader ? names.get(sens.leader) : null;
  const runner = sens.runnerUp ? names.get(sens.runnerUp) : null;
  const sorted = [...sens.swapWeights].sort((a, b) => Math.abs(a.change ?? 1e9) - Math.abs(b.change ?? 1e9));
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="fragility-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="fragility-title">
          How fragile is the ranking?
        </Title>
        {leader && sens.winnerStability !== null ? (
          <Group gap="lg" align="flex-start" wrap="wrap">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Winner stability
              </Text>
              <Text fw={700} size="2rem" lh={1.2} data-figure="winner-stability">
                {pct(sens.winnerStability)}
              </Text>
            </Stack>
            <Text size="sm" style={{ flex: '1 1 260px' }}>
              {leader} stays first in {pct(sens.winnerStability)} of {sens.trials.toLocaleString('en')} trials in which every weight moves at random by up to ±20 % (seed{' '}
              {sens.seed}, so the figure is reproducible).
            </Text>
          </Group>
        ) : (
          <Text size="sm">At least two ranked candidates are needed to measure how stable the winner is.</Text>
        )}
        {leader && runner && (
          <>
            <Text size="sm" fw={500}>
              What it would take for {runner} to overtake {leader} (one weight moved, the others rescaled to keep 100):
            </Text>
            <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: 18 }}>
              {sorted.map((w) => (
                <Text component="li" size="sm" key={w.criterion}>
                  <strong>{label(w.criterion)}</strong>:{' '}
                  {w.swapAt === null || w.change === null
                    ? 'no weight from 0 to 100 swaps them.'
                    : `from ${w.weight} to ${w.swapAt.toFixed(1)} (${w.change > 0 ? '+' : ''}${w.change.toFixed(1)} points).`}
                </Text>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The live view: drag weights, the ranking moves; computed here with the same domain functions as the server. */
function WhatIf({ s, r }: { s: SelectionDetail; r: Results }) {
  const names = useNames(s);
  const criteria = useMemo(() => r.criteria.map((c) => ({ key: c.key, weight: c.weight })), [r]);
  const model = useMemo(() => {
    const { ranking } = rankCandidates({
      criteria,
      candidateIds: s.candidates.map((c) => c.id),
      scores: s.scores.filter((x) => x.submittedAt).map((x) => ({ evaluatorId: x.evaluator.id, candidateId: x.candidateId, criterion: x.criterion, score: x.score })),
      flags: s.candidates.flatMap((c) => c.redFlags.map((f) => ({ candidateId: c.id, kind: f.kind }))),
      rules: s.rules.map((x) => (x.effect === 'exclude' ? { kind: x.kind, effect: 'exclude' as const } : { kind: x.kind, effect: 'cost' as const, points: x.points ?? 0 })),
    });
    return sensitivityModel(criteria, ranking);
  }, [s, criteria]);
  const initial = useMemo(() => weightsOf(criteria), [criteria]);
  const [weights, setWeights] = useState<Weights>(initial);
  const [focus, setFocus] = useState<string>(sortedByFragility(r)[0] ?? criteria[0]?.key ?? '');
  const ranked = rankWith(model, weights);
  const stability = useMemo(() => winnerStability(model, weights, { seed: r.sensitivity.seed, trials: r.sensitivity.trials || 2000 }), [model, weights, r]);
  const color = (id: string) => `${colorOf(s, id)}.7`;
  const changed = criteria.some((c) => Math.abs((weights[c.key] ?? 0) - c.weight) > 0.05);
  const label = (key: string) => r.criteria.find((c) => c.key === key)?.label ?? key;
  // the chart: every candidate's score as the focused weight goes 0 → 100 (others rescaled), so crossings are visible
  const line = useMemo(
    () =>
      Array.from({ length: 21 }, (_, i) => {
        const t = i * 5;
        const w = rescaleWeights(weights, focus, t);
        const row: Record<string, number> = { weight: t };
        for (const x of rankWith(model, w)) row[names.get(x.candidateId) ?? x.candidateId] = Math.round(x.score * 10) / 10;
        return row;
      }),
    [model, weights, focus, names],
  );
  const swaps = swapWeights(model, weights);
  const focusSwap = swaps.swapWeights.find((w) => w.criterion === focus);
  const share = model.candidates.map((c) => ({ candidate: names.get(c.candidateId) ?? c.candidateId, 'First in trials (%)': Math.round((stability.firstShare[c.candidateId] ?? 0) * 1000) / 10 }));
  if (model.candidates.length < 2) return null;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="whatif-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="whatif-title">
            Try other weights
          </Title>
          <Button variant="default" size="xs" onClick={() => setWeights(initial)} disabled={!changed}>
            Back to the scorecard’s weights
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Drag a weight: the others shrink or grow in proportion so the total stays 100, and the ranking below moves at once. Nothing is saved.
        </Text>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="md">
              {criteria.map((c) => (
                <Stack key={c.key} gap={2}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500} id={`w-${c.key}`}>
                      {label(c.key)}
                    </Text>
                    <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                      {(weights[c.key] ?? 0).toFixed(0)}
                      {Math.abs((weights[c.key] ?? 0) - c.weight) > 0.5 ? ` (was ${c.weight})` : ''}
                    </Text>
                  </Group>
                  <Slider
                    thumbLabel={`Weight of ${label(c.key)}`}
                    value={weights[c.key] ?? 0}
                    onChange={(v) => {
                      setWeights((w) => rescaleWeights(w, c.key, v));
                      setFocus(c.key);
                    }}
                    min={0}
                    max={100}
                    step={1}
                    label={(v) => v.toFixed(0)}
                    color="indigo.7"
                  />
                </Stack>
              ))}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="sm">
              <Text size="sm" fw={500} id="live-ranking">
                Ranking with these weights
              </Text>
              <Stack gap="sm" component="ol" aria-labelledby="live-ranking" aria-live="polite" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="live-ranking">
                {ranked.map((x, i) => (
                  <Stack component="li" key={x.candidateId} gap={2}>
                    <Group justify="space-between" gap="xs">
                      <Text size="sm" fw={600}>
                        {i + 1}. {names.get(x.candidateId)}
                      </Text>
                      <Text size="sm" fw={700}>
                        {x.score.toFixed(1)}
                      </Text>
                    </Group>
                    <ScoreBar score={x.score} color={color(x.candidateId).split('.')[0]} label={names.get(x.candidateId) ?? ''} />
                  </Stack>
                ))}
              </Stack>
              <Text size="sm">
                Winner stability with these weights: <strong>{pct(stability.stability)}</strong> ({names.get(stability.winner ?? '')} first; ±20 %, {stability.trials.toLocaleString('en')} trials).
              </Text>
            </Stack>
          </Grid.Col>
        </Grid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap={4}>
            <Select
              label="Chart: scores as this weight goes from 0 to 100"
              data={criteria.map((c) => ({ value: c.key, label: label(c.key) }))}
              value={focus}
              onChange={(v) => v && setFocus(v)}
              allowDeselect={false}
            />
            <LineChart
              h={220}
              data={line}
              dataKey="weight"
              series={model.candidates.map((c) => ({ name: names.get(c.candidateId) ?? c.candidateId, color: color(c.candidateId) }))}
              curveType="linear"
              withDots={false}
              xAxisProps={{ type: 'number', domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] }}
              yAxisProps={{ domain: [0, 100] }}
              referenceLines={[{ x: Math.round(weights[focus] ?? 0), label: 'now', color: 'gray.6' }]}
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              role="img"
              aria-label={`Each candidate's score as the weight of ${label(focus)} goes from 0 to 100`}
            />
            <Text size="xs" c="dimmed">
              {focusSwap?.swapAt === null || focusSwap?.swapAt === undefined
                ? `No weight of ${criterionPhrase(label(focus))} from 0 to 100 lets ${names.get(swaps.runnerUp ?? '')} overtake ${names.get(swaps.leader ?? '')}.`
                : `Where the lines of ${names.get(swaps.leader ?? '')} and ${names.get(swaps.runnerUp ?? '')} cross (at ${focusSwap.swapAt.toFixed(1)}), they swap places.`}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="share-title">
              Who comes first when every weight moves by up to ±20 %
            </Text>
            <BarChart
              h={220}
              data={share}
              dataKey="candidate"
              series={[{ name: 'First in trials (%)', color: 'indigo.7' }]}
              yAxisProps={{ domain: [0, 100] }}
              withLegend={false}
              maxBarWidth={56}
              role="img"
              aria-labelledby="share-title"
              valueFormatter={(v) => `${v} %`}
            />
            <Text size="xs" c="dimmed">
              {share.map((x) => `${x.candidate}: ${x['First in trials (%)']} %`).join(' · ')}
            </Text>
          </Stack>
        </SimpleGrid>
        {Object.entries(RED_FLAG_LABEL).length > 0 && s.rules.length > 0 && (
          <Text size="xs" c="dimmed">
            Red-flag rules apply here as in the ranking: excluded candidates are out of the race, costs stay subtracted.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function sortedByFragility(r: Results): string[] {
  return [...r.sensitivity.swapWeights].sort((a, b) => Math.abs(a.change ?? 1e9) - Math.abs(b.change ?? 1e9)).map((w) => w.criterion);
}

function ResultsBody({ s }: { s: SelectionDetail }) {
  const q = useResults(s.id);
  if (q.isPending) return <Text size="sm">Computing the results…</Text>;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 409)
      return (
        <Alert color="gray" title="No results yet">
          {q.error.message}
        </Alert>
      );
    return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  }
  const r = q.data;
  const leader = r.ranking.find((x) => x.rank === 1);
  return (
    <Stack gap="lg">
      {leader && (
        <Text size="sm">
          <strong>{leader.name}</strong> leads with {points(leader.score)} of 100, from {r.submittedBy} evaluator{r.submittedBy === 1 ? '' : 's'}
          {r.sensitivity.winnerStability !== null ? `, and stays first in ${pct(r.sensitivity.winnerStability)} of random ±20 % weight changes` : ''}.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Ranking s={s} r={r} />
        <Agreement r={r} />
      </SimpleGrid>
      <Fragility s={s} r={r} />
      <WhatIf s={s} r={r} />
    </Stack>
  );
}

export function ResultsPage() {
  return <SelectionShell title="Results">{(s) => <ResultsBody s={s} />}</SelectionShell>;
}
