import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { FormError } from '../components/FormError';
import { useEngagementCtx } from '../engagements/context';
import { CLOSE } from '../governance/modal';
import { VisibilityField } from '../governance/VisibilityField';
import { useRaiseEntry } from './api';
import { KIND_LABEL } from './labels';
import type { AgendaKind } from './types';

interface Values {
  kind: AgendaKind;
  title: string;
  details: string;
  visibility: Visibility;
}

const KIND_HINT: Record<AgendaKind, string> = {
  idea: 'Something worth doing that nobody asked for yet',
  need: 'Something your side will need beyond the current scope',
  market_change: 'A change outside: carriers, competitors, rules, technology',
  improvement: 'Something that works and could work better',
};

/** Put an entry on the future agenda; provider roles may draft it internally first. */
export function RaiseEntryModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const phone = useMediaQuery('(max-width: 36em)');
  const raise = useRaiseEntry(id);
  const form = useForm<Values>({
    initialValues: { kind: 'idea', title: '', details: '', visibility: 'shared' },
    validate: { title: (v) => (v.trim() ? null : 'Say in a few words what it is') },
  });
  const close = () => {
    form.reset();
    raise.reset();
    onClose();
  };
  const submit = form.onSubmit(async (v) => {
    try {
      const e = await raise.mutateAsync({ kind: v.kind, title: v.title.trim(), details: v.details, ...(provider ? { visibility: v.visibility } : {}) });
      notifications.show({ color: 'teal', title: 'On the agenda', message: e.title });
      close();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened={opened} onClose={close} title="Add to the future agenda" size="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Select
            label="Kind"
            allowDeselect={false}
            data={(Object.keys(KIND_LABEL) as AgendaKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }))}
            description={KIND_HINT[form.values.kind]}
            {...form.getInputProps('kind')}
          />
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <CoachedTextarea
            engagementId={id}
            coach={form.values.visibility !== 'internal'}
            label="Details"
            description="Why it matters, and what you have seen or heard"
            autosize
            minRows={3}
            maxRows={10}
            {...form.getInputProps('details')}
          />
          {provider && <VisibilityField what="the entry" value={form.values.visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} />}
          <FormError error={raise.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={raise.isPending}>
              Add to the agenda
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
