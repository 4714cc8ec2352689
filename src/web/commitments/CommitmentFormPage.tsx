import { Anchor, Button, Group, MultiSelect, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Side, Visibility } from '../app/types';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { useItems, usePhases } from '../delivery/api';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useEngagementCtx } from '../engagements/context';
import { VisibilityField } from '../governance/VisibilityField';
import { isoDay } from '../governance/labels';
import { useMembers } from '../members/api';
import { mayManageSide } from '../../domain/commitments/rules';
import { useCreateCommitment } from './api';

interface Values {
  side: Side;
  title: string;
  details: string;
  assumptions: string;
  dueDate: string;
  ownerId: string | null;
  phaseId: string | null;
  itemIds: string[];
  visibility: Visibility;
}

/** Record a promise of either side: what, by whom, by when, on which assumptions, linked to the work it is about. */
export function CommitmentFormPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const role = engagement.myRole;
  const sides = (['provider', 'client'] as const).filter((s) => mayManageSide(role, s));
  const navigate = useNavigate();
  const create = useCreateCommitment(id);
  const members = useMembers(id);
  const phases = usePhases(id);
  const items = useItems(id, { sort: 'title' }, 200);
  const form = useForm<Values>({
    initialValues: { side: sides[0] ?? 'provider', title: '', details: '', assumptions: '', dueDate: isoDay(7), ownerId: null, phaseId: null, itemIds: [], visibility: 'shared' },
    validate: {
      title: (v) => (v.trim() ? null : 'Say what is promised'),
      dueDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Pick the date it is due'),
    },
  });
  const side = form.values.side;
  const provider = can('content.internal');
  const visibility: Visibility = side === 'client' ? 'shared' : form.values.visibility;
  const owners = (members.data ?? []).filter((m) => m.side === side).map((m) => ({ value: m.user.id, label: m.user.name }));
  const itemOptions = (items.data?.pages[0]?.items ?? [])
    .filter((i) => visibility === 'internal' || i.visibility === 'shared')
    .map((i) => ({ value: i.id, label: i.title }));

  const submit = form.onSubmit(async (v) => {
    try {
      const created = await create.mutateAsync({
        side: v.side,
        title: v.title.trim(),
        details: v.details,
        assumptions: v.assumptions,
        dueDate: v.dueDate,
        ownerId: v.ownerId,
        phaseId: v.phaseId,
        itemIds: v.itemIds,
        visibility,
      });
      notifications.show({ color: 'teal', title: 'Commitment recorded', message: created.title });
      navigate(`/engagements/${id}/commitments/${created.id}`);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });

  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/commitments`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Commitments
      </Anchor>
      <PageHeader
        title="Record a commitment"
        order={2}
        documentTitle={`${engagement.name}: record a commitment`}
        description="A promise is specific: what, by when, and what must hold for it to be kept. The other side is told."
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {sides.length === 0 ? (
              <Text size="sm">Your role may read commitments but not record them.</Text>
            ) : (
              <Radio.Group
                label="Who promises?"
                required
                value={side}
                onChange={(v) => {
                  form.setFieldValue('side', v as Side);
                  form.setFieldValue('ownerId', null);
                }}
                error={form.errors.side}
              >
                <Group mt="xs" gap="lg">
                  {sides.map((s) => (
                    <Radio key={s} value={s} label={s === 'provider' ? 'The provider' : 'The client'} />
                  ))}
                </Group>
              </Radio.Group>
            )}
            <TextInput label="What is promised" required placeholder="e.g. “API credentials for the staging server”" data-autofocus {...form.getInputProps('title')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput type="date" label="Due date" description="Due by the end of this day" required min={isoDay(0)} {...form.getInputProps('dueDate')} />
              <Select
                label="Owner"
                description={`Who delivers it, on the ${side} side`}
                placeholder="Nobody in particular"
                data={owners}
                clearable
                searchable
                {...form.getInputProps('ownerId')}
              />
            </SimpleGrid>
            <CoachedTextarea engagementId={id} label="Details" description="What exactly counts as delivered" autosize minRows={2} maxRows={8} {...form.getInputProps('details')} />
            <CoachedTextarea
              engagementId={id}
              label="Assumptions"
              description="What must hold for the promise to be kept, e.g. “Fjord IT opens the firewall port by Friday”"
              autosize
              minRows={2}
              maxRows={8}
              {...form.getInputProps('assumptions')}
            />
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
            {provider && side === 'provider' && (
              <VisibilityField value={form.values.visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} what="a commitment" />
            )}
            {provider && side === 'client' && (
              <Text size="sm" c="dimmed">
                A client-side commitment is always shared with the client.
              </Text>
            )}
            <FormError error={create.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to={`/engagements/${id}/commitments`}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={sides.length === 0}>
                Record the commitment
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
