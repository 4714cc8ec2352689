import { Alert, Anchor, Button, Fieldset, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useOverview } from '../engagements/api';
import { useEngagementCtx } from '../engagements/context';
import { VisibilityField } from '../governance/VisibilityField';
import { useMembers } from '../members/api';
import { useItem, usePhases, useSaveItem } from './api';
import { ITEM_STATUS, ITEM_STATUSES } from './format';
import type { WorkItem, WorkItemStatus } from './types';

interface FormState {
  title: string;
  description: string;
  status: WorkItemStatus;
  phaseId: string | null;
  outcomeId: string | null;
  assigneeId: string | null;
  externalRef: string;
  visibility: 'shared' | 'internal';
  low: number | string;
  likely: number | string;
  high: number | string;
}

const fromItem = (w: WorkItem | undefined): FormState => ({
  title: w?.title ?? '',
  description: w?.description ?? '',
  status: w?.status ?? 'backlog',
  phaseId: w?.phase?.id ?? null,
  outcomeId: w?.outcome?.id ?? null,
  assigneeId: w?.assignee?.id ?? null,
  externalRef: w?.externalRef ?? '',
  visibility: w?.visibility ?? 'shared',
  low: w?.estimate?.low ?? '',
  likely: w?.estimate?.likely ?? '',
  high: w?.estimate?.high ?? '',
});

/** Create or edit a work item. */
export function ItemFormPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const { itemId } = useParams();
  const item = useItem(id, itemId);
  const phases = usePhases(id);
  const overview = useOverview(id);
  const members = useMembers(id);
  const save = useSaveItem(id, itemId);
  const navigate = useNavigate();
  const [f, setF] = useState<FormState>(() => fromItem(undefined));
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const loaded = item.data;
  useEffect(() => {
    if (loaded) setF(fromItem(loaded));
  }, [loaded]);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const errs = fieldErrors(save.error);
  const backTo = itemId ? `/engagements/${id}/items/${itemId}` : `/engagements/${id}/items`;

  if (!can('item.write'))
    return (
      <Stack gap="md">
        <PageHeader title="Work item" order={2} documentTitle={`${engagement.name}: work item`} />
        <Alert color="gray" variant="light">
          Work items are added and edited by the provider's team.
        </Alert>
      </Stack>
    );
  if (itemId && item.isPending) return <PageLoader />;
  if (itemId && item.isError) return <ErrorAlert error={item.error} onRetry={() => item.refetch()} />;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parts = [f.low, f.likely, f.high];
    const given = parts.filter((p) => p !== '').length;
    if (given > 0 && given < 3) {
      setEstimateError('Give all three (low, likely, high) or none');
      return;
    }
    setEstimateError(null);
    const estimate = given === 3 ? { low: Number(f.low), likely: Number(f.likely), high: Number(f.high) } : null;
    save.mutate(
      {
        title: f.title,
        description: f.description,
        status: f.status,
        phaseId: f.phaseId,
        outcomeId: f.outcomeId,
        assigneeId: f.assigneeId,
        externalRef: f.externalRef.trim() || null,
        estimate,
        ...(provider ? { visibility: f.visibility } : {}),
      },
      {
        onSuccess: (w) => {
          notifications.show({ color: 'teal', message: itemId ? 'Work item saved.' : 'Work item created.' });
          navigate(`/engagements/${id}/items/${w.id}`);
        },
      },
    );
  };

  return (
    <Stack gap="md" maw={820}>
      <Anchor component={Link} to={backTo} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Back
        </Group>
      </Anchor>
      <PageHeader title={itemId ? 'Edit work item' : 'New work item'} order={2} documentTitle={`${engagement.name}: ${itemId ? 'edit' : 'new'} work item`} />
      <Paper withBorder p="md" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label="Title" required value={f.title} onChange={(e) => set('title', e.currentTarget.value)} error={errs.title} maxLength={300} />
            <Textarea label="Description" description="Markdown" autosize minRows={4} value={f.description} onChange={(e) => set('description', e.currentTarget.value)} error={errs.description} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label="Status"
                data={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS[s].label }))}
                value={f.status}
                allowDeselect={false}
                onChange={(v) => set('status', (v ?? 'backlog') as WorkItemStatus)}
                error={errs.status}
              />
              <Select
                label="Phase"
                placeholder="No phase"
                data={(phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={f.phaseId}
                onChange={(v) => set('phaseId', v)}
                clearable
                error={errs.phaseId}
              />
              <Select
                label="Outcome it serves"
                placeholder="No outcome"
                data={(overview.data?.outcomes ?? []).map((o) => ({ value: o.id, label: o.title }))}
                value={f.outcomeId}
                onChange={(v) => set('outcomeId', v)}
                clearable
                error={errs.outcomeId}
              />
              <Select
                label="Assignee"
                placeholder="Nobody"
                data={(members.data ?? []).filter((m) => m.side === 'provider').map((m) => ({ value: m.user.id, label: m.user.name }))}
                value={f.assigneeId}
                onChange={(v) => set('assigneeId', v)}
                clearable
                error={errs.assigneeId}
              />
            </SimpleGrid>
            <Fieldset legend="Estimate (hours, as a range)" variant="filled">
              <SimpleGrid cols={3} spacing="sm">
                <NumberInput label="Low" min={0} decimalScale={1} value={f.low} onChange={(v) => set('low', v)} error={errs['estimate.low']} />
                <NumberInput label="Likely" min={0} decimalScale={1} value={f.likely} onChange={(v) => set('likely', v)} error={errs['estimate.likely']} />
                <NumberInput label="High" min={0} decimalScale={1} value={f.high} onChange={(v) => set('high', v)} error={errs['estimate.high']} />
              </SimpleGrid>
              {(estimateError || errs.estimate) && (
                <Stack mt="xs">
                  <FormError error={new Error(estimateError ?? errs.estimate)} />
                </Stack>
              )}
            </Fieldset>
            <TextInput label="External reference" description="e.g. JIRA-123 or a GitHub issue URL" value={f.externalRef} onChange={(e) => set('externalRef', e.currentTarget.value)} error={errs.externalRef} />
            {provider && <VisibilityField value={f.visibility} onChange={(v) => set('visibility', v)} what="this item" error={errs.visibility} />}
            <FormError error={save.error} />
            <Group>
              <Button type="submit" loading={save.isPending}>
                {itemId ? 'Save' : 'Create work item'}
              </Button>
              <Button component={Link} to={backTo} variant="default">
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
