import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { type RefObject, useEffect, useRef } from 'react';
import { Link, useBlocker, useNavigate } from 'react-router';
import { ApiError } from '../app/api';
import type { CharterState, Member } from '../app/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useEngagementCtx } from '../engagements/context';
import { useMembers } from '../members/api';
import { useCharter, useProposeCharter } from './api';
import { CadenceEditor } from './editor/CadenceEditor';
import { EscalationEditor } from './editor/EscalationEditor';
import { type CharterForm, fromForm, serverPathToForm, toForm, validate } from './editor/form';
import { OutcomesEditor } from './editor/OutcomesEditor';
import { RaciEditor } from './editor/RaciEditor';

/** Moves focus (and the view) to the first field with an error; Mantine marks inputs with data-path. */
function focusFirstError(errors: Record<string, unknown>) {
  const first = Object.keys(errors)[0];
  if (!first) return;
  const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(first)}"]`);
  el?.scrollIntoView({ block: 'center' });
  el?.focus({ preventScroll: true });
}

function LeaveGuard({ dirty, submitted }: { dirty: boolean; submitted: RefObject<boolean> }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && !submitted.current && currentLocation.pathname !== nextLocation.pathname,
  );
  return (
    <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title="Leave without proposing?">
      <Stack>
        <Text size="sm">Your changes to the charter are not saved anywhere until you propose them.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.reset?.()}>
            Keep editing
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            Discard changes
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Editor({ state, members }: { state: CharterState; members: Member[] }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const navigate = useNavigate();
  const propose = useProposeCharter(id);
  const submitted = useRef(false);
  const start = state.pending ?? state.agreed;
  const form = useForm<CharterForm>({ initialValues: toForm(start?.body ?? null), validate });
  const people = [...new Set(members.map((m) => m.user.name))];

  // Keep the browser from closing the tab on unsaved work.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (form.isDirty() && !submitted.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [form]);

  const submit = form.onSubmit(
    (values) => {
      propose.mutate(
        { body: fromForm(values), note: values.note.trim() },
        {
          onSuccess: (v) => {
            submitted.current = true;
            notifications.show({
              color: 'teal',
              title: `Version ${v.version} proposed`,
              message: v.awaiting ? `It now awaits the ${v.awaiting} side.` : 'It is agreed.',
            });
            navigate(`/engagements/${id}/charter`);
          },
          onError: (err) => {
            if (err instanceof ApiError) {
              const errors: Record<string, string> = {};
              for (const d of err.details) errors[serverPathToForm(d.field)] = d.message;
              form.setErrors(errors);
              focusFirstError(errors);
            }
          },
        },
      );
    },
    (errors) => {
      focusFirstError(errors);
      notifications.show({ color: 'red', title: 'Some fields need attention', message: 'They are marked in red below.' });
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <LeaveGuard dirty={form.isDirty()} submitted={submitted} />
      <Stack gap="md">
        {start && (
          <Alert color="indigo" variant="light">
            You are editing a copy of {start.status === 'proposed' ? `the proposed version ${start.version}` : `the agreed version ${start.version}`}.
            Proposing creates version {(state.history[0]?.version ?? 0) + 1}
            {state.pending ? ` and replaces the pending version ${state.pending.version}` : ''}; your side accepts it by proposing,
            the other side then accepts it.
          </Alert>
        )}
        <Section order={3} title="Purpose" id="purpose">
          <Textarea
            label="Why this engagement exists"
            description="In the client's words: what should be different when we are done?"
            autosize
            minRows={3}
            {...form.getInputProps('purpose')}
          />
        </Section>
        <Section order={3} title="Outcomes" id="outcomes">
          <OutcomesEditor form={form} />
        </Section>
        <Section order={3} title="Collaboration model (RACI)" id="raci">
          <RaciEditor form={form} members={members} />
        </Section>
        <Section order={3} title="Cadence" id="cadence">
          <CadenceEditor form={form} people={people} />
        </Section>
        <Section order={3} title="Escalation ladder" id="escalation">
          <EscalationEditor form={form} members={members} />
        </Section>
        <Section order={3} title="Propose" id="propose">
          <Textarea
            label="Note to the other side"
            description="What changed and why; it stays with this version"
            autosize
            minRows={2}
            {...form.getInputProps('note')}
          />
          <FormError error={propose.error} />
          <Group justify="flex-end" gap="sm">
            <Button component={Link} to={`/engagements/${id}/charter`} variant="default">
              Cancel
            </Button>
            <Button type="submit" loading={propose.isPending} leftSection={<IconSend size={16} aria-hidden />}>
              Propose this version
            </Button>
          </Group>
        </Section>
      </Stack>
    </form>
  );
}

export function CharterEditorPage() {
  const { engagement, can } = useEngagementCtx();
  const charter = useCharter(engagement.id);
  const members = useMembers(engagement.id);
  const header = (
    <PageHeader
      title={charter.data?.agreed || charter.data?.pending ? 'Propose a charter change' : 'Draft the charter'}
      order={2}
      documentTitle={`${engagement.name}: edit charter`}
      description="Nothing changes until you propose; the other side then reviews and accepts the new version."
    />
  );
  if (!can('charter.propose')) {
    return (
      <>
        {header}
        <Alert color="gray">Only the lead and the sponsor propose charter versions.</Alert>
      </>
    );
  }
  if (charter.isPending || members.isPending) return <>{header}<PageLoader /></>;
  if (charter.isError) return <>{header}<ErrorAlert error={charter.error} onRetry={() => charter.refetch()} /></>;
  if (members.isError) return <>{header}<ErrorAlert error={members.error} onRetry={() => members.refetch()} /></>;
  return (
    <>
      {header}
      <Editor state={charter.data} members={members.data} />
    </>
  );
}
