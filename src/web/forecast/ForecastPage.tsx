import { Alert, Badge, Box, Button, Group, NumberInput, Paper, Popover, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconAlertTriangle } from '@tabler/icons-react';
import { type ReactNode, useDeferredValue, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { Section } from '../components/Section';
import { usePhases } from '../delivery/api';
import { formatMoney } from '../delivery/format';
import { useEngagementCtx } from '../engagements/context';
import { useForecast } from './api';
import { ExplanationPanel } from './ExplanationPanel';
import { FanChart } from './FanChart';
import { capitalized, chance, day, hours } from './format';
import { CapacityPlanSection } from './CapacityPlanSection';
import { RecordSection } from './RecordSection';
import type { Forecast } from './types';

const MAX_SEED = 4_294_967_295;

function Figures({ testId, values }: { testId: string; values: { p50: string; p85: string; p95: string } }) {
  return (
    <Stack gap={2} data-testid={testId}>
      {(['p50', 'p85', 'p95'] as const).map((k) => (
        <Group key={k} gap="sm" wrap="nowrap" align="baseline">
          <Text size="xs" c="dimmed" fw={600} w={30} style={{ flex: 'none' }}>
            {k.toUpperCase()}
          </Text>
          <Text fw={k === 'p85' ? 750 : 650} size={k === 'p85' ? 'xl' : 'lg'} style={{ lineHeight: 1.3 }} data-testid={`${testId}-${k}`}>
            {values[k]}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function Card({ title, children, hint }: { title: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Stack gap="xs" h="100%">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {title}
        </Text>
        {children}
        {hint && (
          <Text size="xs" c="dimmed" mt="auto">
            {hint}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function HeadlineCards({ f }: { f: Forecast }) {
  const c = f.completion;
  const b = f.budget;
  const money = b?.amount ?? null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      <Card
        title="Remaining effort"
        hint={`${f.remainingItems} open item${f.remainingItems === 1 ? '' : 's'}; their estimates sum to ${hours(f.sumOfEstimates)}${f.spentOnOpenHours > 0 ? `, ${hours(f.spentOnOpenHours)} already spent on them` : ''}.`}
      >
        <Figures testId="effort" values={{ p50: hours(f.effort.p50), p85: hours(f.effort.p85), p95: hours(f.effort.p95) }} />
      </Card>
      <Card
        title="Done by"
        hint={
          c.kind === 'forecast'
            ? f.capacity.sampled
              ? `Each week’s capacity drawn from the last ${f.capacity.sampled.historyWeeks} weeks of logged hours (typically ${hours(f.capacity.sampled.median)} a week)${f.capacity.plan.length > 0 ? ', and the capacity plan where it applies' : ''}.`
              : `At ${hours(c.hoursPerWeek)} per week, the pace of the last ${f.capacity.windowWeeks} weeks.`
            : undefined
        }
      >
        {c.kind === 'forecast' ? (
          <Figures testId="dates" values={{ p50: day(c.p50), p85: day(c.p85), p95: day(c.p95) }} />
        ) : (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} p="xs" data-testid="no-forecast">
            <Text size="sm" fw={600}>
              {capitalized(c.reason)}.
            </Text>
            <Text size="xs">Dates need a recent pace; they return once time is logged again.</Text>
          </Alert>
        )}
        {f.capacity.reason && c.kind === 'forecast' && (
          <Text size="xs" c="dimmed">
            {capitalized(f.capacity.reason)}.
          </Text>
        )}
      </Card>
      <Card
        title="Budget at completion"
        hint={
          b
            ? `${b.amountReason ? `${capitalized(b.amountReason)}. ` : ''}Billable ${money ? 'spend' : 'hours'}: what is billed so far plus the remaining billable work.`
            : undefined
        }
      >
        {b ? (
          <>
            <Figures
              testId="budget"
              values={
                money
                  ? { p50: formatMoney(money.p50, b.currency), p85: formatMoney(money.p85, b.currency), p95: formatMoney(money.p95, b.currency) }
                  : { p50: hours(b.hours.p50), p85: hours(b.hours.p85), p95: hours(b.hours.p95) }
              }
            />
            {b.budgetAmount != null || b.budgetHours != null ? (
              <Text size="sm" data-testid="budget-chance">
                Budget {b.budgetAmount != null && money ? formatMoney(b.budgetAmount, b.currency) : hours(b.budgetHours)}
                {b.budgetAmount != null && b.budgetHours != null && money ? ` (${hours(b.budgetHours)})` : ''} · chance to finish within it:{' '}
                <Text span fw={700}>
                  {chance(b.chanceWithinBudget)}
                </Text>
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                No budget is set, so there is nothing to compare with.
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed" data-testid="budget-phase">
            Budget at completion is forecast for the whole engagement only. Choose “Whole engagement” to see it.
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}

/** "seed N · 10,000 trials", with a popover to try another seed. */
function SeedControl({ seed, trials, onChange }: { seed: number; trials: number; onChange: (seed: number) => void }) {
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<string | number>(seed);
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" c="dimmed" data-testid="seed-line">
        seed {seed} · {trials.toLocaleString()} trials
      </Text>
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        withArrow
        trapFocus
        width={280}
        onOpen={() => setDraft(seed)}
      >
        <Popover.Target>
          <Button size="compact-xs" variant="subtle" leftSection={<IconAdjustmentsHorizontal size={14} aria-hidden />} onClick={() => setOpened((o) => !o)}>
            Seed
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(draft);
              if (Number.isInteger(n) && n >= 0 && n <= MAX_SEED) {
                onChange(n);
                setOpened(false);
              }
            }}
          >
            <Stack gap="xs">
              <NumberInput
                label="Seed"
                size="xs"
                min={0}
                max={MAX_SEED}
                allowDecimal={false}
                allowNegative={false}
                value={draft}
                onChange={setDraft}
                description="The same inputs and seed always give the same numbers. Another seed shows how much the figures move from run to run."
              />
              <Group justify="flex-end" gap="xs">
                <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                  Cancel
                </Button>
                <Button size="xs" type="submit">
                  Apply
                </Button>
              </Group>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}

export function ForecastPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const phases = usePhases(id);
  const [params, setParams] = useSearchParams();
  const phaseId = params.get('phase');
  const seedParam = Number(params.get('seed') ?? '1');
  const seed = Number.isInteger(seedParam) && seedParam >= 0 && seedParam <= MAX_SEED ? seedParam : 1;
  const forecast = useForecast(id, phaseId, seed);
  // the forecast draws in a transition (React renders it in slices), the skeleton stays until it is ready (ADR 0035)
  const f = useDeferredValue(forecast.data);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const phaseOptions = [{ value: '', label: 'Whole engagement' }, ...(phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }))];
  const scopeName = f?.scope.phase?.name ?? (phaseId ? (phases.data?.phases.find((p) => p.id === phaseId)?.name ?? 'Phase') : 'Whole engagement');
  const isForecastInput = forecast.error instanceof ApiError && forecast.error.code === 'forecast_input';

  return (
    <>
      <PageHeader
        title="Forecast"
        order={2}
        documentTitle={`${engagement.name}: forecast`}
        description="How much work remains and when it is likely done, as ranges from thousands of simulated futures. P85 means 85 in 100 of them finished within it."
      />
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Scope"
            size="sm"
            w={{ base: '100%', xs: 280 }}
            data={phaseOptions}
            value={phaseId ?? ''}
            onChange={(v) => setParam('phase', v ? v : null)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Group gap="sm" wrap="wrap">
            {f && (
              <Badge variant="light" color={f.audience === 'all' ? 'indigo' : 'teal'}>
                {f.audience === 'all' ? 'Provider view: internal work included' : 'Shared work only'}
              </Badge>
            )}
            <SeedControl seed={seed} trials={f?.trials ?? 10_000} onChange={(s) => setParam('seed', s === 1 ? null : String(s))} />
          </Group>
        </Group>

        {forecast.isPending || (f === undefined && !forecast.isError) ? (
          <Stack gap="md" aria-busy="true">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              <Skeleton h={140} radius="md" />
              <Skeleton h={140} radius="md" />
              <Skeleton h={140} radius="md" />
            </SimpleGrid>
            <Skeleton h={380} radius="md" />
          </Stack>
        ) : forecast.isError && !f ? (
          <ErrorAlert error={forecast.error} title={isForecastInput ? 'The forecast cannot be made' : undefined} onRetry={() => forecast.refetch()} />
        ) : f ? (
          <Box style={{ opacity: forecast.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }} aria-busy={forecast.isPlaceholderData ? 'true' : undefined}>
            <Stack gap="lg">
              {forecast.isError && <ErrorAlert error={forecast.error} title={isForecastInput ? 'The forecast cannot be made' : undefined} onRetry={() => forecast.refetch()} />}
              {f.remainingItems === 0 && (
                <Alert color="teal" variant="light" title="Nothing left to forecast">
                  Every item in this scope is finished or dropped.
                </Alert>
              )}
              <HeadlineCards f={f} />
              <Section title={`Remaining work: ${scopeName}`} order={3} id="forecast-fan">
                <FanChart forecast={f} title={`Remaining work: ${scopeName}`} />
              </Section>
              <ExplanationPanel forecast={f} engagementId={id} />
              <Text size="xs" c="dimmed">
                Computed {day(f.asOf.slice(0, 10))} with seed {f.seed} and {f.trials.toLocaleString()} trials. The same inputs and seed give the same numbers.
              </Text>
            </Stack>
          </Box>
        ) : null}

        {can('capacity.read') && <CapacityPlanSection engagementId={id} asOf={f?.asOf ?? ''} />}
        <RecordSection engagementId={id} phaseId={phaseId} seed={seed} />
      </Stack>
    </>
  );
}
