import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { fieldErrors } from '../app/api';
import { FormError } from '../components/FormError';
import { useSaveCriteria, useSaveRules } from './api';
import { RED_FLAG_KINDS, RED_FLAG_LABEL } from './labels';
import { isOwner, SelectionShell } from './SelectionNav';
import type { CriterionInput, RedFlagKind, SelectionDetail } from './types';

const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'c_$1')
    .slice(0, 64) || 'criterion';

type Row = CriterionInput & { uid: string };

function CriteriaEditor({ s }: { s: SelectionDetail }) {
  const [rows, setRows] = useState<Row[]>(() => s.criteria.map((c) => ({ uid: c.key, key: c.key, label: c.label, weight: c.weight })));
  const save = useSaveCriteria(s.id);
  const errors = fieldErrors(save.error);
  const sum = rows.reduce((a, r) => a + (Number.isFinite(r.weight) ? r.weight : 0), 0);
  const owner = isOwner(s);
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const sumOk = sum === 100;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="criteria-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ criteria: rows.map(({ uid: _uid, ...r }) => r) });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="criteria-title">
            Criteria and weights
          </Title>
          <Text size="sm" c="dimmed">
            Each criterion is scored 1–5 with a comment. Weights are whole numbers that sum to 100.
            {s.scoringStarted ? ' Scoring has started: a weight you change now is recorded in the activity trail.' : ''}
          </Text>
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Criteria">
            {rows.map((r, i) => (
              <Group component="li" key={r.uid} gap="xs" align="flex-start" wrap="wrap">
                <TextInput
                  label="Criterion"
                  value={r.label}
                  onChange={(e) => set(i, { label: e.currentTarget.value, ...(s.criteria.some((c) => c.key === r.key) ? {} : { key: keyFrom(e.currentTarget.value) }) })}
                  error={errors[`criteria.${i}.label`] ?? errors[`criteria.${i}.key`]}
                  readOnly={!owner}
                  style={{ flex: '1 1 240px' }}
                />
                <NumberInput
                  label="Weight"
                  aria-label={`Weight of ${r.label || `criterion ${i + 1}`}`}
                  value={r.weight}
                  onChange={(v) => set(i, { weight: typeof v === 'number' ? v : Number(v) || 0 })}
                  min={0}
                  max={100}
                  step={5}
                  allowDecimal={false}
                  error={errors[`criteria.${i}.weight`]}
                  readOnly={!owner}
                  w={110}
                />
                {owner && (
                  <ActionIcon
                    variant="subtle"
                    color="red.8"
                    mt={26}
                    size="lg"
                    aria-label={`Remove ${r.label || `criterion ${i + 1}`}`}
                    onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                    disabled={rows.length === 1}
                  >
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text fw={700} c={sumOk ? 'teal.8' : 'red.8'} aria-live="polite" data-testid="weight-sum">
              Sum of weights: {sum} {sumOk ? '✓' : `(must be 100: ${sum > 100 ? `${sum - 100} too many` : `${100 - sum} missing`})`}
            </Text>
            {owner && (
              <Group gap="xs">
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() => setRows((rs) => [...rs, { uid: `new-${Date.now()}-${rs.length}`, key: `criterion_${rs.length + 1}`, label: '', weight: 0 }])}
                >
                  Add criterion
                </Button>
                <Button type="submit" loading={save.isPending} disabled={!sumOk}>
                  Save scorecard
                </Button>
              </Group>
            )}
          </Group>
          {errors.criteria && (
            <Text size="sm" c="red.8" role="alert">
              {errors.criteria}
            </Text>
          )}
          <FormError error={save.error && !Object.keys(errors).length ? save.error : null} />
          {save.isSuccess && !save.isPending && (
            <Text size="sm" c="teal.8" role="status">
              Scorecard saved.
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

type RuleChoice = 'none' | 'exclude' | 'cost';

function RulesEditor({ s }: { s: SelectionDetail }) {
  const [rules, setRules] = useState<Record<RedFlagKind, { effect: RuleChoice; points: number }>>(() => {
    const out = {} as Record<RedFlagKind, { effect: RuleChoice; points: number }>;
    for (const k of RED_FLAG_KINDS) {
      const r = s.rules.find((x) => x.kind === k);
      out[k] = { effect: r ? r.effect : 'none', points: r?.points ?? 10 };
    }
    return out;
  });
  const save = useSaveRules(s.id);
  const owner = isOwner(s);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="rules-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            rules: RED_FLAG_KINDS.filter((k) => rules[k].effect !== 'none').map((k) =>
              rules[k].effect === 'cost' ? { kind: k, effect: 'cost' as const, points: rules[k].points } : { kind: k, effect: 'exclude' as const },
            ),
          });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="rules-title">
            Red-flag rules
          </Title>
          <Text size="sm" c="dimmed">
            A red flag never changes a score silently: results show it beside the score, with the score before and after your rule.
          </Text>
          <Table verticalSpacing={6} fz="sm" aria-label="Red-flag rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Red flag</Table.Th>
                <Table.Th scope="col">Rule</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {RED_FLAG_KINDS.map((k) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row" fw={500}>
                    {RED_FLAG_LABEL[k]}
                  </Table.Th>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <Select
                        aria-label={`Rule for ${RED_FLAG_LABEL[k]}`}
                        data={[
                          { value: 'none', label: 'Show only' },
                          { value: 'exclude', label: 'Excludes the candidate' },
                          { value: 'cost', label: 'Costs points' },
                        ]}
                        value={rules[k].effect}
                        onChange={(v) => v && setRules((r) => ({ ...r, [k]: { ...r[k], effect: v as RuleChoice } }))}
                        allowDeselect={false}
                        readOnly={!owner}
                        w={210}
                      />
                      {rules[k].effect === 'cost' && (
                        <NumberInput
                          aria-label={`Points a ${RED_FLAG_LABEL[k]} flag costs`}
                          value={rules[k].points}
                          onChange={(v) => setRules((r) => ({ ...r, [k]: { ...r[k], points: Number(v) || 0 } }))}
                          min={0}
                          max={100}
                          suffix=" points"
                          readOnly={!owner}
                          w={130}
                        />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <FormError error={save.error} />
          {owner && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save rules
              </Button>
              {save.isSuccess && (
                <Text size="sm" c="teal.8" role="status">
                  Rules saved.
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

export function ScorecardPage() {
  return (
    <SelectionShell title="Scorecard">
      {(s) => (
        <Stack gap="lg">
          {!isOwner(s) && (
            <Alert variant="light" color="gray">
              Only the selection’s owner changes the scorecard.
            </Alert>
          )}
          <CriteriaEditor s={s} />
          <RulesEditor s={s} />
        </Stack>
      )}
    </SelectionShell>
  );
}
