import { Button, Group, Modal, Radio, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { FormError } from '../components/FormError';
import { useEngagementCtx } from '../engagements/context';
import { useCreateRaid, useUpdateRaid } from './api';
import { CLOSE } from './modal';
import { SeverityBadge } from './GovBadges';
import { isoDay, NEEDED_FROM_LABEL, RAID_TYPES, severityOf, TYPE_LABEL } from './labels';
import { ScoreInput } from './ScoreInput';
import type { CreateRaidInput, NeededFrom, RaidItem, RaidType, UpdateRaidInput } from './types';
import { VisibilityField } from './VisibilityField';
import { useMembers } from '../members/api';
import { PersonSelect } from '../people/PersonPicker';
import { fromToken, type PersonToken, toToken } from '../people/tokens';

interface Values {
  type: RaidType;
  title: string;
  description: string;
  /** A member (u:id) or a third party / role that is not a member (x:name); see people/tokens.ts. */
  owner: PersonToken;
  visibility: Visibility;
  probability: number;
  impact: number;
  mitigation: string;
  trigger: string;
  neededFrom: NeededFrom;
  neededBy: string;
}

const SUBMIT: Record<RaidType, string> = { risk: 'Flag the risk', issue: 'Raise the issue', assumption: 'State the assumption', dependency: 'Add the dependency' };
const TITLE_HINT: Record<RaidType, string> = {
  risk: 'What may go wrong, e.g. “Carrier API has no documentation”',
  issue: 'What went wrong, e.g. “Pick-up form rejects Norwegian postcodes”',
  assumption: 'What we take for granted, e.g. “Fjord’s SSO supports OpenID Connect”',
  dependency: 'What is needed, e.g. “Root access to staging for Tom”',
};

export interface RaidPreset {
  type?: RaidType;
  title?: string;
  description?: string;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Editing an existing item; otherwise creating one. */
  item?: RaidItem;
  preset?: RaidPreset;
}

function initial(item: RaidItem | undefined, preset: RaidPreset | undefined): Values {
  return {
    type: item?.type ?? preset?.type ?? 'risk',
    title: item?.title ?? preset?.title ?? '',
    description: item?.description ?? preset?.description ?? '',
    owner: item ? toToken(item.ownerPerson) : '',
    visibility: item?.visibility ?? 'shared',
    probability: item?.probability ?? 3,
    impact: item?.impact ?? 3,
    mitigation: item?.mitigation ?? '',
    trigger: item?.trigger ?? '',
    neededFrom: item?.neededFrom ?? 'client',
    neededBy: item?.neededBy ?? isoDay(7),
  };
}

function toCreate(v: Values, provider: boolean): CreateRaidInput {
  const base = { title: v.title.trim(), description: v.description, owner: fromToken(v.owner), ...(provider ? { visibility: v.visibility } : {}) };
  if (v.type === 'risk') return { type: 'risk', ...base, probability: v.probability, impact: v.impact, mitigation: v.mitigation, trigger: v.trigger };
  if (v.type === 'dependency') return { type: 'dependency', ...base, neededFrom: v.neededFrom, neededBy: v.neededBy };
  return { type: v.type, ...base };
}

/** Only the fields that changed, and only those the item's type has. */
function toUpdate(v: Values, item: RaidItem, provider: boolean): UpdateRaidInput {
  const out: UpdateRaidInput = {};
  if (v.title.trim() !== item.title) out.title = v.title.trim();
  if (v.description !== item.description) out.description = v.description;
  if (v.owner !== toToken(item.ownerPerson)) out.owner = fromToken(v.owner);
  if (provider && v.visibility !== item.visibility) out.visibility = v.visibility;
  if (item.type === 'risk') {
    if (v.probability !== item.probability) out.probability = v.probability;
    if (v.impact !== item.impact) out.impact = v.impact;
    if (v.mitigation !== item.mitigation) out.mitigation = v.mitigation;
    if (v.trigger !== item.trigger) out.trigger = v.trigger;
  }
  if (item.type === 'dependency') {
    if (v.neededFrom !== item.neededFrom) out.neededFrom = v.neededFrom;
    if (v.neededBy !== item.neededBy) out.neededBy = v.neededBy;
  }
  return out;
}

function RiskFields({ form }: { form: UseFormReturnType<Values> }) {
  const score = form.values.probability * form.values.impact;
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <ScoreInput
          label="Probability"
          description="1 = rare, 5 = almost certain"
          value={form.values.probability}
          onChange={(n) => form.setFieldValue('probability', n)}
          error={form.errors.probability}
          required
        />
        <ScoreInput
          label="Impact"
          description="1 = minor, 5 = severe"
          value={form.values.impact}
          onChange={(n) => form.setFieldValue('impact', n)}
          error={form.errors.impact}
          required
        />
      </SimpleGrid>
      <Group gap="xs" aria-live="polite">
        <Text size="sm">Score</Text>
        <SeverityBadge severity={severityOf(score)} score={score} />
        <Text size="xs" c="dimmed">
          probability × impact
        </Text>
      </Group>
      <Textarea label="Mitigation" description="What we do to make it less likely or less harmful" autosize minRows={2} {...form.getInputProps('mitigation')} />
      <TextInput label="Trigger" description="The sign that it is about to happen" {...form.getInputProps('trigger')} />
    </>
  );
}

function DependencyFields({ form, minDate }: { form: UseFormReturnType<Values>; minDate: string | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Radio.Group label="Needed from" required {...form.getInputProps('neededFrom')}>
        <Stack gap={6} mt="xs">
          {(['client', 'third_party', 'provider'] as const).map((s) => (
            <Radio key={s} value={s} label={NEEDED_FROM_LABEL[s]} />
          ))}
        </Stack>
      </Radio.Group>
      <TextInput type="date" label="Needed by" required min={minDate} {...form.getInputProps('neededBy')} />
    </SimpleGrid>
  );
}

/** Flag a risk, raise an issue, state an assumption or add a dependency; or edit one. */
export function RaidFormModal({ opened, onClose, item, preset }: Props) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const phone = useMediaQuery('(max-width: 36em)');
  const navigate = useNavigate();
  const typeLabelId = useId();
  const create = useCreateRaid(id);
  const update = useUpdateRaid(id, item?.id ?? '');
  const save = item ? update : create;
  const members = useMembers(id).data ?? [];
  const form = useForm<Values>({
    initialValues: initial(item, preset),
    validate: {
      title: (v) => (v.trim() ? null : 'Give it a title'),
      owner: (v) => (v.slice(2).trim() ? null : 'Pick who owns it: a member, or name a third party or role'),
      neededBy: (v, values) => (values.type === 'dependency' && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'Pick the date it is needed by' : null),
    },
  });
  const type = form.values.type;

  const close = () => {
    form.reset();
    save.reset();
    onClose();
  };

  const submit = form.onSubmit(async (v) => {
    try {
      if (item) {
        const patch = toUpdate(v, item, provider);
        if (Object.keys(patch).length > 0) await update.mutateAsync(patch);
        notifications.show({ color: 'teal', message: `${TYPE_LABEL[item.type]} saved.` });
        close();
      } else {
        const created = await create.mutateAsync(toCreate(v, provider));
        notifications.show({ color: 'teal', title: `${TYPE_LABEL[created.type]} added`, message: created.title });
        close();
        navigate(`/engagements/${id}/raid/${created.id}`);
      }
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });

  return (
    <Modal
      closeButtonProps={CLOSE}
      opened={opened}
      onClose={close}
      title={item ? `Edit ${TYPE_LABEL[item.type].toLowerCase()}` : 'Add to the RAID log'}
      size="lg"
      fullScreen={phone}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {!item && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id={typeLabelId}>
                What is it?
              </Text>
              <SegmentedControl
                aria-labelledby={typeLabelId}
                fullWidth
                orientation={phone ? 'vertical' : 'horizontal'}
                data={RAID_TYPES.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
                {...form.getInputProps('type')}
              />
            </Stack>
          )}
          <TextInput label="Title" required placeholder={TITLE_HINT[type]} data-autofocus {...form.getInputProps('title')} />
          <Textarea label="Description" autosize minRows={2} maxRows={10} {...form.getInputProps('description')} />
          <PersonSelect
            label="Owner"
            description="Who looks after it: a member, or a third party or role that is not a member"
            required
            members={members}
            value={form.values.owner}
            onChange={(v) => form.setFieldValue('owner', v)}
            error={form.errors.owner}
          />
          {type === 'risk' && <RiskFields form={form} />}
          {type === 'dependency' && <DependencyFields form={form} minDate={item ? undefined : isoDay(0)} />}
          {provider && (
            <VisibilityField value={form.values.visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} />
          )}
          {type === 'issue' && !item && (
            <Text size="sm" c="dimmed">
              Raised directly, an issue counts as “unflagged”: nobody saw it coming as a risk. If it was a risk in the log, open that
              risk and choose “It happened” instead.
            </Text>
          )}
          <FormError error={save.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {item ? 'Save changes' : SUBMIT[type]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
