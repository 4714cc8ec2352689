import { Alert, Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors } from '../app/api';
import type { RaciRow } from '../app/types';
import { peopleLabel, personLabel } from '../people/tokens';
import { useCharter } from '../charter/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useEngagementCtx } from '../engagements/context';
import { useDecision, useRequestDecision } from './api';
import { decisionNumber, isoDay } from './labels';
import { type DecisionFormValues, emptyOption, OptionsEditor } from './OptionsEditor';
import type { Decision } from './types';
import { VisibilityField } from './VisibilityField';

type Values = DecisionFormValues;

function KindHint({ row }: { row: RaciRow | undefined }) {
  if (!row) return null;
  return (
    <Text size="sm" data-testid="kind-hint">
      <strong>{personLabel(row.accountable)}</strong> decides
      {row.accountable.external ? ' (not a member: the lead or the sponsor records the outcome for them)' : ''}
      {row.consulted.length ? `, after consulting ${peopleLabel(row.consulted)}` : ''}
      {row.informed.length ? `; ${peopleLabel(row.informed)} will be informed` : ''}.
    </Text>
  );
}

function DecisionForm({ kinds, replaces }: { kinds: RaciRow[]; replaces: Decision | null }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const request = useRequestDecision(id);
  const form = useForm<Values>({
    initialValues: {
      title: replaces?.title ?? params.get('title') ?? '',
      context: replaces ? `Replaces decision ${decisionNumber(replaces.number)}, because …\n\n${replaces.context}` : (params.get('context') ?? ''),
      options: replaces?.options.map((o) => ({ ...emptyOption(), ...o })) ?? [emptyOption(), emptyOption()],
      recommendation: replaces?.recommendation ?? '',
      kind: replaces && kinds.some((k) => k.decisionKind === replaces.kind) ? replaces.kind : '',
      dueDate: isoDay(7),
      visibility: replaces?.visibility ?? 'shared',
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Say what needs deciding'),
      kind: (v) => (v ? null : 'Pick the kind of decision: the charter says who decides it'),
      dueDate: (v) => (!/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'Pick a due date' : v < isoDay(0) ? 'must not be in the past' : null),
      options: {
        title: (v) => (v.trim() ? null : 'Give the option a title'),
      },
    },
  });
  const row = kinds.find((k) => k.decisionKind === form.values.kind);
  const back = replaces ? `/engagements/${id}/decisions/${replaces.id}` : `/engagements/${id}/decisions`;

  const submit = form.onSubmit(async (v) => {
    try {
      const d = await request.mutateAsync({
        title: v.title.trim(),
        context: v.context,
        options: v.options.map((o) => ({ ...o, title: o.title.trim() })),
        recommendation: v.recommendation,
        kind: v.kind,
        dueDate: v.dueDate,
        ...(provider ? { visibility: v.visibility } : {}),
        ...(replaces ? { supersedesId: replaces.id } : {}),
      });
      notifications.show({ color: 'teal', title: `Decision ${decisionNumber(d.number)} requested`, message: `${d.decider} is asked to decide by ${d.dueDate}.` });
      navigate(`/engagements/${id}/decisions/${d.id}`);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="md">
          {replaces && (
            <Alert color="blue" variant="light" title={`This replaces decision ${decisionNumber(replaces.number)}`}>
              Once requested, “{replaces.title}” is marked replaced and links to this one. Both stay in the log.
            </Alert>
          )}
          <TextInput label="What needs deciding" required data-autofocus {...form.getInputProps('title')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Stack gap={6}>
              <Select
                label="Kind of decision"
                description="From the charter's collaboration model"
                required
                placeholder="Pick one"
                data={kinds.map((k) => ({ value: k.decisionKind, label: `${k.decisionKind} (decides: ${personLabel(k.accountable)})` }))}
                {...form.getInputProps('kind')}
              />
              <KindHint row={row} />
            </Stack>
            <TextInput type="date" label="Decision needed by" required min={isoDay(0)} {...form.getInputProps('dueDate')} />
          </SimpleGrid>
          <CoachedTextarea
            engagementId={id}
            coach={form.values.visibility !== 'internal'}
            label="Context"
            description="Why this decision is needed now, in words the other side understands"
            autosize
            minRows={3}
            maxRows={12}
            {...form.getInputProps('context')}
          />
          <OptionsEditor form={form} />
          <CoachedTextarea
            engagementId={id}
            coach={form.values.visibility !== 'internal'}
            label="Our recommendation"
            description="Which option you recommend, and why: “We recommend … because …”"
            autosize
            minRows={2}
            maxRows={10}
            {...form.getInputProps('recommendation')}
          />
          {provider && (
            <VisibilityField what="the decision" value={form.values.visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} />
          )}
          <FormError error={request.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to={back}>
              Cancel
            </Button>
            <Button type="submit" loading={request.isPending}>
              Request the decision
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}

/** Request a decision (or a replacement for one: ?supersedes=ID). */
export function DecisionFormPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [params] = useSearchParams();
  const supersedes = params.get('supersedes') ?? undefined;
  const charter = useCharter(id);
  const replaces = useDecision(id, supersedes);
  const title = supersedes ? 'Replace a decision' : 'Request a decision';
  const header = <PageHeader title={title} order={2} documentTitle={`${engagement.name}: ${title.toLowerCase()}`} />;

  if (!can('decision.request')) {
    return (
      <>
        {header}
        <Alert color="gray">Your role follows decisions but does not request them.</Alert>
      </>
    );
  }
  if (charter.isPending || (supersedes && replaces.isPending)) {
    return (
      <>
        {header}
        <PageLoader />
      </>
    );
  }
  if (charter.isError || replaces.isError) {
    return (
      <>
        {header}
        <ErrorAlert error={charter.error ?? replaces.error} onRetry={() => (charter.isError ? charter.refetch() : replaces.refetch())} />
      </>
    );
  }
  const kinds = charter.data.agreed?.body.collaboration ?? [];
  if (kinds.length === 0) {
    return (
      <>
        {header}
        <Alert color="orange" variant="light" title="The charter does not say who decides what yet">
          Decisions follow the agreed charter's collaboration model: each kind of decision names who decides and who is consulted.{' '}
          <Anchor component={Link} to={`/engagements/${id}/charter`}>
            Open the charter
          </Anchor>{' '}
          to agree one first.
        </Alert>
      </>
    );
  }
  return (
    <>
      {header}
      <DecisionForm kinds={kinds} replaces={replaces.data ?? null} />
    </>
  );
}
