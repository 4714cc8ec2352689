import { ActionIcon, Button, Group, List, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useState } from 'react';
import type * as C from '../../contracts/capacity';
import { get, put } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Section } from '../components/Section';
import { dk } from '../delivery/api';
import { useEngagementCtx } from '../engagements/context';
import { useMembers } from '../members/api';
import { PeoplePicker } from '../people/PersonPicker';
import { isMemberToken, memberToken, tokenName } from '../people/tokens';

type Plan = z.infer<typeof C.CapacityPlan>;
type PeriodInput = z.input<typeof C.CapacityPlanPeriodInput>;
interface Draft {
  kind: 'people' | 'closed';
  startsOn: string;
  endsOn: string;
  people: string[];
  hours: number;
  note: string;
}

const planKey = (id: string) => ['engagement', id, 'capacity-plan'] as const;

const toDraft = (p: Plan['periods'][number]): Draft => ({
  kind: p.kind,
  startsOn: p.startsOn,
  endsOn: p.endsOn ?? '',
  people: p.people.map((x) => memberToken(x.id)),
  hours: p.hoursPerPersonWeek,
  note: p.note,
});

const toInput = (d: Draft): PeriodInput => ({
  kind: d.kind,
  startsOn: d.startsOn,
  endsOn: d.endsOn || null,
  personIds: d.kind === 'people' ? d.people.filter(isMemberToken).map(tokenName) : [],
  hoursPerPersonWeek: d.hours,
  note: d.note,
});

/**
 * The lead's capacity plan (issue 18): who works in which period at how many
 * hours a week, or when the office is closed. It replaces the logged-hours
 * history in the dates for the days it covers; the forecast says so.
 * Provider only (the client sees its effect on the dates).
 */
export function CapacityPlanSection({ engagementId, asOf }: { engagementId: string; asOf: string }) {
  const { can } = useEngagementCtx();
  const qc = useQueryClient();
  const plan = useQuery({ queryKey: planKey(engagementId), queryFn: ({ signal }) => get<Plan>(`/engagements/${engagementId}/capacity-plan`, undefined, signal) });
  const members = useMembers(engagementId);
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const save = useMutation({
    mutationFn: (periods: Draft[]) => put<Plan>(`/engagements/${engagementId}/capacity-plan`, { periods: periods.map(toInput) }),
    onSuccess: async (saved) => {
      qc.setQueryData(planKey(engagementId), saved);
      setDraft(null);
      await Promise.all([qc.invalidateQueries({ queryKey: dk(engagementId) }), qc.invalidateQueries({ queryKey: ['engagement', engagementId, 'audit'] })]);
    },
  });
  const providers = (members.data ?? []).filter((m) => m.role === 'lead' || m.role === 'member');
  const editing = draft !== null;
  const mayPlan = can('capacity.plan');
  const set = (i: number, change: Partial<Draft>) => setDraft((d) => d?.map((x, j) => (j === i ? { ...x, ...change } : x)) ?? null);

  return (
    <Section title="Capacity plan" order={3} id="forecast-capacity">
      <Text size="sm" c="dimmed">
        Planned changes in who works when (people joining or leaving, holidays, an office closure). For the days a period covers, the dates use the plan
        instead of the hours logged so far. Only your side sees the plan; the client sees its effect on the dates.
      </Text>
      {plan.isError && <ErrorAlert error={plan.error} onRetry={() => plan.refetch()} />}
      {!editing && plan.data && (
        <>
          {plan.data.periods.length === 0 ? (
            <Text size="sm">No capacity plan: the dates draw each week’s capacity from the hours logged so far.</Text>
          ) : (
            <List size="sm" spacing={4} data-testid="capacity-periods">
              {plan.data.periods.map((p) => (
                <List.Item key={p.id}>
                  <b>{p.label}</b>
                  {p.kind === 'people' ? `: ${p.people.map((x) => x.name).join(', ')}, ${p.hoursPerPersonWeek} h a week each (${p.hoursPerWeek} h a week)` : ''}
                  {p.note ? ` — ${p.note}` : ''}
                </List.Item>
              ))}
            </List>
          )}
          {mayPlan && (
            <Group>
              <Button variant="light" onClick={() => setDraft(plan.data.periods.map(toDraft))}>
                Edit the capacity plan
              </Button>
            </Group>
          )}
        </>
      )}
      {editing && (
        <Stack gap="sm">
          {draft.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved, and are only added or removed at the end or by index
            <Paper key={i} withBorder p="sm" radius="md" component="fieldset" aria-label={`Period ${i + 1}`} style={{ margin: 0 }}>
              <Stack gap="xs">
                <Group align="flex-end" wrap="wrap" gap="sm">
                  <Select
                    label="Kind"
                    data={[
                      { value: 'people', label: 'People working' },
                      { value: 'closed', label: 'Office closed' },
                    ]}
                    value={d.kind}
                    allowDeselect={false}
                    onChange={(v) => set(i, { kind: (v as Draft['kind']) ?? 'people' })}
                    w={170}
                  />
                  <TextInput label="From" type="date" required value={d.startsOn} onChange={(e) => set(i, { startsOn: e.currentTarget.value })} w={160} />
                  <TextInput label="To (empty: open-ended)" type="date" value={d.endsOn} onChange={(e) => set(i, { endsOn: e.currentTarget.value })} w={190} />
                  {d.kind === 'people' && (
                    <NumberInput label="Hours a week each" min={0.5} max={80} step={1} value={d.hours} onChange={(v) => set(i, { hours: Number(v) || 0 })} w={150} />
                  )}
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove period ${i + 1}`} onClick={() => setDraft(draft.filter((_, j) => j !== i))} mb={4}>
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
                {d.kind === 'people' && <PeoplePicker label="Who works" members={providers} value={d.people} onChange={(v) => set(i, { people: v })} membersOnly />}
                <TextInput label="Note" value={d.note} onChange={(e) => set(i, { note: e.currentTarget.value })} maxLength={500} />
              </Stack>
            </Paper>
          ))}
          {save.isError && <ErrorAlert error={save.error} title="The plan was not saved" />}
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setDraft([...draft, { kind: 'people', startsOn: asOf.slice(0, 10), endsOn: '', people: [], hours: 40, note: '' }])}
            >
              Add a period
            </Button>
            <Button onClick={() => save.mutate(draft)} loading={save.isPending}>
              Save the plan
            </Button>
            <Button variant="subtle" onClick={() => setDraft(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}
