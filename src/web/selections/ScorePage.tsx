import { Alert, Box, Anchor, Badge, Button, Group, List, Paper, Radio, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { fieldErrors } from '../app/api';
import { useMe } from '../app/session';
import { FormError } from '../components/FormError';
import { evidenceFileUrl, useSaveScores } from './api';
import { RedFlagBadge } from './labels';
import { isEvaluator, SelectionShell } from './SelectionNav';
import type { Candidate, SelectionDetail } from './types';

type Draft = Record<string, { score: number | null; comment: string }>;

function ScoreForm({ s, c }: { s: SelectionDetail; c: Candidate }) {
  const me = useMe();
  const mine = s.scores.filter((x) => x.candidateId === c.id && x.evaluator.id === me.id);
  const submitted = s.members.find((m) => m.user.id === me.id)?.submitted.includes(c.id) ?? false;
  const [draft, setDraft] = useState<Draft>(() =>
    Object.fromEntries(
      s.criteria.map((k) => {
        const x = mine.find((m) => m.criterion === k.key);
        return [k.key, { score: x?.score ?? null, comment: x?.comment ?? '' }];
      }),
    ),
  );
  const save = useSaveScores(s.id);
  const errors = fieldErrors(save.error);
  const complete = s.criteria.every((k) => draft[k.key]?.score !== null);
  const send = (submit: boolean) =>
    save.mutate({
      candidateId: c.id,
      submit,
      scores: s.criteria.flatMap((k) => {
        const d = draft[k.key];
        return d?.score ? [{ criterion: k.key, score: d.score, comment: d.comment }] : [];
      }),
    });
  if (submitted) {
    const others = s.scores.filter((x) => x.candidateId === c.id && x.evaluator.id !== me.id && x.submittedAt);
    const evaluators = [...new Map(others.map((o) => [o.evaluator.id, o.evaluator])).values()];
    return (
      <Stack gap="sm">
        <Alert color="teal" variant="light" title={`You submitted your scores for ${c.name}`}>
          {evaluators.length ? 'The other evaluators’ submitted scores are shown beside yours.' : 'No other evaluator has submitted this candidate yet.'}
        </Alert>
        <Box style={{ overflowX: 'auto' }} role="region" aria-label="Submitted scores" tabIndex={0}>
          <Table fz="sm" verticalSpacing={6} miw={evaluators.length > 1 ? 520 : undefined}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Criterion</Table.Th>
                <Table.Th scope="col">You</Table.Th>
                {evaluators.map((e) => (
                  <Table.Th scope="col" key={e.id}>
                    {e.name}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.criteria.map((k) => {
                const own = mine.find((m) => m.criterion === k.key);
                return (
                  <Table.Tr key={k.key}>
                    <Table.Th scope="row" fw={500}>
                      {k.label}
                    </Table.Th>
                    <Table.Td>
                      <Text fw={700} span>
                        {own?.score ?? '–'}
                      </Text>
                      {own?.comment ? <Text size="xs">{own.comment}</Text> : null}
                    </Table.Td>
                    {evaluators.map((e) => {
                      const o = others.find((x) => x.evaluator.id === e.id && x.criterion === k.key);
                      return (
                        <Table.Td key={e.id}>
                          <Text fw={700} span>
                            {o?.score ?? '–'}
                          </Text>
                          {o?.comment ? <Text size="xs">{o.comment}</Text> : null}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send(true);
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Your scores stay yours alone until you submit: you will not see the other evaluators’ scores for {c.name} before then, and they will not see yours.
        </Text>
        {s.criteria.map((k) => {
          const d = draft[k.key]!;
          return (
            <Paper key={k.key} withBorder radius="md" p="sm">
              <Stack gap="xs">
                <Radio.Group
                  label={k.label}
                  description={`Weight ${k.weight} · 1 = poor, 5 = excellent`}
                  value={d.score === null ? null : String(d.score)}
                  onChange={(v) => setDraft((x) => ({ ...x, [k.key]: { ...d, score: Number(v) } }))}
                  error={errors[`scores.${s.criteria.indexOf(k)}.score`]}
                  name={`score-${c.id}-${k.key}`}
                >
                  <Group gap="lg" mt={6}>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <Radio key={n} value={String(n)} label={String(n)} />
                    ))}
                  </Group>
                </Radio.Group>
                <Textarea
                  label={`Comment on ${k.label.toLowerCase()}`}
                  autosize
                  minRows={1}
                  value={d.comment}
                  onChange={(e) => {
                    const comment = e.currentTarget.value;
                    setDraft((x) => ({ ...x, [k.key]: { ...d, comment } }));
                  }}
                />
              </Stack>
            </Paper>
          );
        })}
        <FormError error={save.error} />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending && save.variables?.submit === true} disabled={!complete}>
            Submit scores for {c.name}
          </Button>
          <Button variant="default" onClick={() => send(false)} loading={save.isPending && save.variables?.submit === false}>
            Save draft
          </Button>
          {save.isSuccess && save.variables?.submit === false && (
            <Text size="sm" c="teal.8" role="status">
              Draft saved: only you see it.
            </Text>
          )}
        </Group>
        {!complete && (
          <Text size="xs" c="dimmed">
            Score every criterion to submit.
          </Text>
        )}
      </Stack>
    </form>
  );
}

function CandidateEvidence({ s, c }: { s: SelectionDetail; c: Candidate }) {
  if (!c.evidence.length && !c.redFlags.length) return <Text size="sm" c="dimmed">No evidence recorded for {c.name} yet.</Text>;
  return (
    <Stack gap={6}>
      {c.redFlags.map((f) => (
        <div key={f.id}>
          <RedFlagBadge kind={f.kind} /> <Text span size="sm">“{f.evidence}”</Text>
        </div>
      ))}
      <List size="sm" spacing={2} aria-label={`Evidence for ${c.name}`}>
        {c.evidence.map((e) => (
          <List.Item key={e.id}>
            {e.kind === 'link' && e.url ? (
              <Anchor href={e.url} target="_blank" rel="noreferrer noopener">
                {e.title}
              </Anchor>
            ) : e.kind === 'document' ? (
              <Anchor href={evidenceFileUrl(s.id, c.id, e.id)}>{e.title}</Anchor>
            ) : (
              <>
                <Text span fw={500} size="sm">
                  {e.title}:
                </Text>{' '}
                {e.body}
              </>
            )}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function Scoring({ s }: { s: SelectionDetail }) {
  const me = useMe();
  const [candidateId, setCandidateId] = useState(s.candidates[0]?.id ?? '');
  const submitted = new Set(s.members.find((m) => m.user.id === me.id)?.submitted ?? []);
  const c = s.candidates.find((x) => x.id === candidateId);
  if (!s.candidates.length) return <Alert color="gray">No candidates to score yet.</Alert>;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id="candidate-pick">
          Candidate
        </Text>
        <SegmentedControl
          aria-labelledby="candidate-pick"
          data={s.candidates.map((x) => ({ value: x.id, label: `${x.name}${submitted.has(x.id) ? ' ✓' : ''}` }))}
          value={candidateId}
          onChange={setCandidateId}
          orientation="horizontal"
          fullWidth
          style={{ flexWrap: 'wrap' }}
        />
        <Text size="xs" c="dimmed">
          Submitted {submitted.size} of {s.candidates.length}. ✓ marks the ones you submitted.
        </Text>
      </Stack>
      {c && (
        <>
          <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="evidence-title">
            <Title order={2} size="h5" id="evidence-title" mb={6}>
              Evidence for {c.name}
            </Title>
            <CandidateEvidence s={s} c={c} />
          </Paper>
          <section aria-labelledby="your-scores">
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id="your-scores">
                Your scores for {c.name}
              </Title>
              {submitted.has(c.id) && (
                <Badge color="teal.8" variant="filled" radius="sm">
                  Submitted
                </Badge>
              )}
            </Group>
            <ScoreForm key={`${c.id}-${submitted.has(c.id)}`} s={s} c={c} />
          </section>
          {submitted.size === s.candidates.length && (
            <Alert color="teal" variant="light">
              You have submitted every candidate. <Anchor component={Link} to={`/selections/${s.id}/results`}>See the results</Anchor>.
            </Alert>
          )}
        </>
      )}
    </Stack>
  );
}

export function ScorePage() {
  return (
    <SelectionShell title="Score">
      {(s) =>
        isEvaluator(s) ? (
          s.status === 'decided' ? (
            <Alert color="gray">The decision is recorded: scoring is closed.</Alert>
          ) : (
            <Scoring s={s} />
          )
        ) : (
          <Alert color="gray" title="You are not an evaluator of this selection">
            The owner scores only after adding themselves as an evaluator on the overview.
          </Alert>
        )
      }
    </SelectionShell>
  );
}
