import { Alert, Box, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import { useMe } from '../app/session';
import { rankCandidates, type CandidateRanking } from '../../domain/selection/ranking';
import { points, RedFlagBadge } from './labels';
import { ScoreBar } from './ScoreBar';
import { isEvaluator, SelectionShell } from './SelectionNav';
import type { SelectionDetail } from './types';

function cellText(r: CandidateRanking, key: string) {
  const c = r.byCriterion[key];
  if (!c) return { main: '–', sub: '' };
  return { main: c.mean.toFixed(1), sub: c.min === c.max ? `all ${c.min}` : `${c.min}–${c.max}`, lack: c.lackOfConsensus };
}

function Compare({ s }: { s: SelectionDetail }) {
  const me = useMe();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const mine = s.members.find((m) => m.user.id === me.id);
  const blind = isEvaluator(s) && (mine?.submitted.length ?? 0) < s.candidates.length;
  const { ranking } = useMemo(
    () =>
      rankCandidates({
        criteria: s.criteria.map((c) => ({ key: c.key, weight: c.weight })),
        candidateIds: s.candidates.map((c) => c.id),
        scores: s.scores.filter((x) => x.submittedAt).map((x) => ({ evaluatorId: x.evaluator.id, candidateId: x.candidateId, criterion: x.criterion, score: x.score })),
        flags: s.candidates.flatMap((c) => c.redFlags.map((f) => ({ candidateId: c.id, kind: f.kind }))),
        rules: s.rules.map((x) => (x.effect === 'exclude' ? { kind: x.kind, effect: 'exclude' as const } : { kind: x.kind, effect: 'cost' as const, points: x.points ?? 0 })),
      }),
    [s],
  );
  const byId = new Map(ranking.map((r) => [r.candidateId, r]));
  const candidates = [...s.candidates].sort((a, b) => (byId.get(a.id)?.rank ?? 99) - (byId.get(b.id)?.rank ?? 99));
  if (blind)
    return (
      <Alert color="gray" title="Submit your scores first">
        The comparison shows everyone’s submitted scores, so it opens once you have submitted every candidate.
      </Alert>
    );
  if (phone) {
    return (
      <Stack gap="sm" component="ul" aria-label="Candidates side by side" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {candidates.map((c) => {
          const r = byId.get(c.id)!;
          return (
            <Card key={c.id} component="li" withBorder radius="md" padding="sm">
              <Stack gap={6}>
                <Group justify="space-between">
                  <Text fw={700}>
                    {r.rank ? `${r.rank}. ` : ''}
                    {c.name}
                  </Text>
                  <Text fw={700}>{r.excluded ? 'Excluded' : points(r.adjusted)}</Text>
                </Group>
                <ScoreBar score={r.score} min={r.min} max={r.max} label={c.name} />
                {s.criteria.map((k) => {
                  const t = cellText(r, k.key);
                  return (
                    <Group key={k.key} justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm">{k.label}</Text>
                      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {t.main} <Text span size="xs" c="dimmed">({t.sub})</Text>
                      </Text>
                    </Group>
                  );
                })}
                <Group gap={4}>
                  {c.redFlags.map((f) => (
                    <RedFlagBadge key={f.id} kind={f.kind} />
                  ))}
                </Group>
                <Text size="xs" c="dimmed">
                  {c.evidence.length} piece{c.evidence.length === 1 ? '' : 's'} of evidence
                </Text>
              </Stack>
            </Card>
          );
        })}
      </Stack>
    );
  }
  return (
    <Box role="region" aria-label="Candidates side by side" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table fz="sm" verticalSpacing={8} withColumnBorders miw={220 + candidates.length * 170}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Criterion (weight)</Table.Th>
            {candidates.map((c) => (
              <Table.Th scope="col" key={c.id}>
                {byId.get(c.id)?.rank ? `${byId.get(c.id)!.rank}. ` : ''}
                {c.name}
                {s.decision?.candidateId === c.id && (
                  <Badge ml={6} color="teal.8" variant="filled" radius="sm">
                    Chosen
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Weighted score (0–100)</Table.Th>
            {candidates.map((c) => {
              const r = byId.get(c.id)!;
              return (
                <Table.Td key={c.id}>
                  <Stack gap={4}>
                    <Text fw={700}>
                      {r.excluded ? 'Excluded' : points(r.adjusted)}
                      {r.penalty > 0 && !r.excluded ? <Text span size="xs" c="dimmed"> ({points(r.score)} before red flags)</Text> : null}
                    </Text>
                    <ScoreBar score={r.score} min={r.min} max={r.max} label={c.name} />
                  </Stack>
                </Table.Td>
              );
            })}
          </Table.Tr>
          {s.criteria.map((k) => (
            <Table.Tr key={k.key}>
              <Table.Th scope="row" fw={500}>
                {k.label} ({k.weight})
              </Table.Th>
              {candidates.map((c) => {
                const t = cellText(byId.get(c.id)!, k.key);
                return (
                  <Table.Td key={c.id}>
                    <Text span fw={700}>
                      {t.main}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      {t.sub}
                    </Text>
                    {t.lack && (
                      <Badge ml={6} color="orange.9" variant="filled" radius="sm" style={{ textTransform: 'none' }}>
                        No consensus
                      </Badge>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">Red flags</Table.Th>
            {candidates.map((c) => (
              <Table.Td key={c.id}>
                <Stack gap={4}>
                  {c.redFlags.length === 0 ? '–' : c.redFlags.map((f) => <RedFlagBadge key={f.id} kind={f.kind} />)}
                </Stack>
              </Table.Td>
            ))}
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Evidence</Table.Th>
            {candidates.map((c) => (
              <Table.Td key={c.id}>{c.evidence.length ? c.evidence.map((e) => e.title).join(', ') : '–'}</Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Box>
  );
}

export function ComparePage() {
  return (
    <SelectionShell title="Compare">
      {(s) => (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Mean score 1–5 per criterion, with the evaluators’ lowest and highest; “No consensus” where scores are two or more points apart.
          </Text>
          <Compare s={s} />
        </Stack>
      )}
    </SelectionShell>
  );
}
