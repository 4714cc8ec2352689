import { NumberInput, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useOutcomeOptions } from './api';
import { EFFORT_LABEL, KIND_HINT, KIND_LABEL, KINDS } from './labels';
import type { Effort, RecommendationKind } from './types';

export interface RecommendationValues {
  kind: RecommendationKind;
  title: string;
  recommendation: string;
  benefit: string;
  riskOfNotActing: string;
  effort: Effort;
  costHours: number | string;
  costMoney: number | string;
  avoidedHours: number | string;
  avoidedMoney: number | string;
  replacesCost: number | string;
  outcomeId: string | null;
}

/** An empty number field is null for the API. */
export const num = (v: number | string) => (v === '' || v === null || v === undefined ? null : Number(v));

/** The text and figure fields of a recommendation; `frozen` hides the figures (the client answered on them). */
export function RecommendationFields({ form, engagementId, currency, frozen = false }: { form: UseFormReturnType<RecommendationValues>; engagementId: string; currency: string; frozen?: boolean }) {
  const outcomes = useOutcomeOptions(engagementId);
  const kind = form.values.kind;
  return (
    <Stack gap="md">
      {!frozen && (
        <Radio.Group label="Kind" required value={kind} onChange={(v) => form.setFieldValue('kind', v as RecommendationKind)} error={form.errors.kind}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt="xs">
            {KINDS.map((k) => (
              <Radio key={k} value={k} label={KIND_LABEL[k]} description={KIND_HINT[k]} />
            ))}
          </SimpleGrid>
        </Radio.Group>
      )}
      <TextInput label="Title" required placeholder="e.g. “Keep the current payment provider”" data-autofocus {...form.getInputProps('title')} />
      <CoachedTextarea
        engagementId={engagementId}
        label="Recommendation"
        description="A recommendation with reasons, not a question: “We recommend …, because …”"
        required
        autosize
        minRows={3}
        maxRows={10}
        {...form.getInputProps('recommendation')}
      />
      <CoachedTextarea engagementId={engagementId} label="Expected benefit" autosize minRows={2} maxRows={6} {...form.getInputProps('benefit')} />
      <CoachedTextarea engagementId={engagementId} label="Risk of not acting" autosize minRows={2} maxRows={6} {...form.getInputProps('riskOfNotActing')} />
      <Select label="Outcome it serves" placeholder="None" data={outcomes.data ?? []} clearable {...form.getInputProps('outcomeId')} />
      {frozen ? (
        <Text size="sm" c="dimmed">
          The client answered on these figures, so they are frozen: kind, effort, cost and work avoided no longer change. Record a new recommendation if they have.
        </Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select label="Effort" data={Object.entries(EFFORT_LABEL).map(([value, label]) => ({ value, label }))} allowDeselect={false} {...form.getInputProps('effort')} />
            <NumberInput label="Cost (hours)" min={0} decimalScale={2} {...form.getInputProps('costHours')} />
            <NumberInput label={`Cost (${currency})`} min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('costMoney')} />
          </SimpleGrid>
          {(kind === 'dont' || kind === 'alternative') && (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <NumberInput
                label="Work avoided (hours)"
                description={kind === 'dont' ? 'Hours and/or money: required' : 'What the client no longer pays for'}
                required={kind === 'dont'}
                min={0}
                decimalScale={2}
                {...form.getInputProps('avoidedHours')}
              />
              <NumberInput label={`Money avoided (${currency})`} min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('avoidedMoney')} />
              {kind === 'alternative' && (
                <NumberInput label={`Cost of the work it replaces (${currency})`} min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('replacesCost')} />
              )}
            </SimpleGrid>
          )}
        </>
      )}
    </Stack>
  );
}

export const figuresOf = (v: RecommendationValues) => ({
  kind: v.kind,
  effort: v.effort,
  costHours: num(v.costHours),
  costMoney: num(v.costMoney),
  avoidedHours: v.kind === 'dont' || v.kind === 'alternative' ? num(v.avoidedHours) : null,
  avoidedMoney: v.kind === 'dont' || v.kind === 'alternative' ? num(v.avoidedMoney) : null,
  replacesCost: v.kind === 'alternative' ? num(v.replacesCost) : null,
});
