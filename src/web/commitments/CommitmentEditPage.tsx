import { Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useItems, usePhases } from '../delivery/api';
import { useEngagementCtx } from '../engagements/context';
import { useDetailTitle } from '../engagements/Crumbs';
import { VisibilityField } from '../governance/VisibilityField';
import { useMembers } from '../members/api';
import { useCommitment, useUpdateCommitment } from './api';
import type { CommitmentDetail } from './types';

interface Values {
  title: string;
  details: string;
  assumptions: string;
  ownerId: string | null;
  phaseId: string | null;
  itemIds: string[];
  visibility: Visibility;
}

/**
 * Edit an outstanding commitment's record: what, details, assumptions, owner,
 * phase, linked work, and (provider side) internal → shared. The due date moves
 * only by renegotiation, so it is not here (ADR 0007).
 */
function EditForm({ c }: { c: CommitmentDetail }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const navigate = useNavigate();
  const update = useUpdateCommitment(id, c.id);
  const members = useMembers(id);
  const phases = usePhases(id);
  const items = useItems(id, { sort: 'title' }, 200);
  const form = useForm<Values>({
    initialValues: {
      title: c.title,
      details: c.details,
      assumptions: c.assumptions,
      ownerId: c.owner?.id ?? null,
      phaseId: c.phase?.id ?? null,
      itemIds: c.items.map((i) => i.id),
      visibility: c.visibility,
    },
    validate: { title: (v) => (v.trim() ? null : 'Say what is promised') },
  });
  const visibility = form.values.visibility;
  const owners = (members.data ?? []).filter((m) => m.side === c.side).map((m) => ({ value: m.user.id, label: m.user.name }));
  const known = new Map(c.items.map((i) => [i.id, i.title]));
  const itemOptions = [
    ...c.items.map((i) => ({ value: i.id, label: i.title })),
    ...(items.data?.pages[0]?.items ?? [])
      .filter((i) => !known.has(i.id) && (visibility === 'internal' || i.visibility === 'shared'))
      .map((i) => ({ value: i.id, label: i.title })),
  ];
  const back = `/engagements/${id}/commitments/${c.id}`;

  const submit = form.onSubmit(async (v) => {
    // Send only what changed: an untouched field is not rewritten (nor named in the audit record).
    const patch: Record<string, unknown> = {};
    if (v.title.trim() !== c.title) patch.title = v.title.trim();
    if (v.details !== c.details) patch.details = v.details;
    if (v.assumptions !== c.assumptions) patch.assumptions = v.assumptions;
    if (v.ownerId !== (c.owner?.id ?? null)) patch.ownerId = v.ownerId;
    if (v.phaseId !== (c.phase?.id ?? null)) patch.phaseId = v.phaseId;
    const before = c.items.map((i) => i.id).sort();
    const after = [...v.itemIds].sort();
    if (before.join() !== after.join()) patch.itemIds = v.itemIds;
    if (v.visibility !== c.visibility) patch.visibility = v.visibility;
    if (Object.keys(patch).length === 0) {
      navigate(back);
      return;
    }
    try {
      const saved = await update.mutateAsync(patch);
      notifications.show({ color: 'teal', title: 'Commitment saved', message: saved.title });
      navigate(back);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });

  return (
    <>
      <PageHeader
        title={`Edit: ${c.title}`}
        order={2}
        description="The due date moves only by renegotiating, so its history stays true."
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label="What is promised" required data-autofocus {...form.getInputProps('title')} />
            <Select
              label="Owner"
              description={`Who delivers it, on the ${c.side} side`}
              placeholder="Nobody in particular"
              data={owners}
              clearable
              searchable
              {...form.getInputProps('ownerId')}
            />
            <Textarea label="Details" description="What exactly counts as delivered" autosize minRows={2} maxRows={8} {...form.getInputProps('details')} />
            <Textarea label="Assumptions" description="What must hold for the promise to be kept" autosize minRows={2} maxRows={8} {...form.getInputProps('assumptions')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label="Phase"
                placeholder="None"
                data={(phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }))}
                clearable
                {...form.getInputProps('phaseId')}
              />
              <MultiSelect
                label="Work items"
                description="The work this promise is about"
                placeholder={form.values.itemIds.length ? undefined : 'Search items'}
                data={itemOptions}
                searchable
                clearable
                maxValues={50}
                {...form.getInputProps('itemIds')}
              />
            </SimpleGrid>
            {can('content.internal') && c.side === 'provider' && c.visibility === 'internal' && (
              <VisibilityField value={visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} what="a commitment" />
            )}
            {c.visibility === 'shared' && (
              <Text size="sm" c="dimmed">
                Shared with the client; a shared commitment cannot become internal again.
              </Text>
            )}
            <FormError error={update.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to={back}>
                Cancel
              </Button>
              <Button type="submit" loading={update.isPending}>
                Save the commitment
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}

export function CommitmentEditPage() {
  const { engagement } = useEngagementCtx();
  const { commitmentId = '' } = useParams();
  const q = useCommitment(engagement.id, commitmentId);
  useDetailTitle(q.data ? `Edit: ${q.data.title}` : undefined);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Commitment not found' : 'Edit commitment'} order={2} />
        <ErrorAlert error={notFound ? new Error('This commitment does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  const c = q.data;
  if (!c.canManage || !c.outstanding) {
    return (
      <>
        <PageHeader title="Edit commitment" order={2} />
        <Text size="sm">
          {c.outstanding ? 'Your role may read this commitment but not edit it.' : 'A kept or missed commitment is part of the record and can no longer be edited.'}{' '}
          <Link to={`/engagements/${engagement.id}/commitments/${c.id}`}>Back to the commitment</Link>
        </Text>
      </>
    );
  }
  return <EditForm key={c.id} c={c} />;
}
