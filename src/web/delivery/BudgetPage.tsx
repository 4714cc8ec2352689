import { Box, Button, Checkbox, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { fieldErrors } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useEngagementCtx } from '../engagements/context';
import { useBudget, useDeliveryOverview, usePutBudget } from './api';
import { PhaseStatusBadge } from './Badges';
import { BudgetAlerts, BurnBar } from './BurnBar';
import { formatHours, formatMoney, formatPercent } from './format';
import type { Budget } from './types';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function BudgetForm({ engagementId, budget, initialRatesShared }: { engagementId: string; budget: Budget; initialRatesShared: boolean }) {
  const put = usePutBudget(engagementId);
  const [hours, setHours] = useState<number | string>(budget.budget.hours ?? '');
  const [amount, setAmount] = useState<number | string>(budget.budget.amount ?? '');
  const [currency, setCurrency] = useState(budget.budget.currency);
  const [thresholds, setThresholds] = useState(budget.budget.alertThresholds.join(', '));
  const [ratesShared, setRatesShared] = useState(initialRatesShared);
  const errs = fieldErrors(put.error);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    put.mutate(
      {
        hours: hours === '' ? null : Number(hours),
        amount: amount === '' ? null : Number(amount),
        currency: currency.trim().toUpperCase(),
        alertThresholds: thresholds
          .split(/[,\s]+/)
          .filter(Boolean)
          .map(Number),
        ratesShared,
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'Budget saved.' }) },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <NumberInput label="Hours" min={0} value={hours} onChange={setHours} error={errs.hours} />
          <NumberInput label="Amount" min={0} value={amount} onChange={setAmount} error={errs.amount} thousandSeparator />
          <TextInput label="Currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} error={errs.currency} />
          <TextInput
            label="Alert at (% spent)"
            description="Comma-separated"
            value={thresholds}
            onChange={(e) => setThresholds(e.currentTarget.value)}
            error={Object.entries(errs).find(([k]) => k.startsWith('alertThresholds'))?.[1]}
          />
        </SimpleGrid>
        <Checkbox label="Let the client see the rates" checked={ratesShared} onChange={(e) => setRatesShared(e.currentTarget.checked)} />
        <FormError error={put.error} />
        <Group>
          <Button type="submit" loading={put.isPending}>
            Save budget
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function BudgetPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const budget = useBudget(id);
  const overview = useDeliveryOverview(id);

  return (
    <>
      <PageHeader
        title="Budget"
        order={2}
        documentTitle={`${engagement.name}: budget`}
        description="Billable time burns the budget. Alerts at the thresholds reach both sides."
      />
      {budget.isPending ? (
        <PageLoader label="Loading the budget…" />
      ) : budget.isError ? (
        <ErrorAlert error={budget.error} onRetry={() => budget.refetch()} />
      ) : (
        <Stack gap="lg">
          <BudgetAlerts alerts={budget.data.alerts} />
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
            <Stat label="Hours spent" value={formatHours(budget.data.burn.spentHours)} hint={budget.data.budget.hours ? `of ${formatHours(budget.data.budget.hours)}` : 'No hours budget'} />
            <Stat label="Hours remaining" value={formatHours(budget.data.burn.remainingHours)} />
            <Stat
              label="Money spent"
              value={formatMoney(budget.data.burn.spentAmount, budget.data.budget.currency)}
              hint={budget.data.budget.amount ? `of ${formatMoney(budget.data.budget.amount, budget.data.budget.currency)}` : 'No money budget'}
            />
            <Stat label="Money remaining" value={formatMoney(budget.data.burn.remainingAmount, budget.data.budget.currency)} />
          </SimpleGrid>
          <Paper withBorder radius="md" p="md">
            <Stack gap="md">
              <Title order={3} size="h4">
                Burn against time
              </Title>
              <BurnBar label="Hours" spent={budget.data.burn.percentSpentHours} elapsed={budget.data.burn.percentElapsed} />
              {budget.data.budget.amount != null && <BurnBar label="Money" spent={budget.data.burn.percentSpentAmount} elapsed={budget.data.burn.percentElapsed} />}
              {budget.data.burn.unratedHours > 0 && (
                <Text size="xs" c="dimmed">
                  {formatHours(budget.data.burn.unratedHours)} of billable time by people without a rate is left out of the money figures.
                </Text>
              )}
            </Stack>
          </Paper>
          <Section title="By phase" order={3}>
            <Box style={{ overflowX: 'auto' }} role="region" aria-label="Budget by phase table" tabIndex={0}>
              <Table fz="sm" striped miw={640}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Phase</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col" ta="right">Scope (likely)</Table.Th>
                    <Table.Th scope="col" ta="right">Done</Table.Th>
                    <Table.Th scope="col" ta="right">Actual</Table.Th>
                    <Table.Th scope="col" ta="right">Elapsed</Table.Th>
                    <Table.Th scope="col" ta="right">Spent of scope</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {budget.data.phases.map((p) => (
                    <Table.Tr key={p.phase.id}>
                      <Table.Th scope="row">{p.phase.name}</Table.Th>
                      <Table.Td>
                        <PhaseStatusBadge status={p.status} />
                      </Table.Td>
                      <Table.Td ta="right">{formatHours(p.scopeHours)}</Table.Td>
                      <Table.Td ta="right">{formatHours(p.doneHours)}</Table.Td>
                      <Table.Td ta="right">{formatHours(p.actualHours)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(p.percentElapsed)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(p.percentSpent)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Box>
          </Section>
          {budget.data.rates && budget.data.rates.length > 0 && (
            <Section title="Rates" order={3}>
              <Table fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col" ta="right">Hourly rate</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {budget.data.rates.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{r.user ? r.user.name : r.role === 'lead' ? 'Any lead' : 'Any team member'}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.hourlyRate, r.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          )}
          {can('delivery.configure') && overview.data && (
            <Section title="Set the budget" order={3}>
              <BudgetForm engagementId={id} budget={budget.data} initialRatesShared={overview.data.settings.ratesShared} />
            </Section>
          )}
        </Stack>
      )}
    </>
  );
}
