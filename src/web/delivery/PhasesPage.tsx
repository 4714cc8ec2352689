import { Anchor, Button, Card, Group, List, Modal, Progress, SimpleGrid, Stack, Text, Textarea, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCircleDashed, IconPlus, IconTimeline } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { CommentsDrawerButton } from '../comments/CommentsDrawerButton';
import { useCreatePhase, useDeliveryOverview, usePhases, useRequestReview, useUpdatePhase } from './api';
import { PhaseStatusBadge } from './Badges';
import { formatHours, formatPercent } from './format';
import type { DeliveryOverview, Phase } from './types';

type PhaseBurn = DeliveryOverview['phases'][number];

function RequestReviewButton({ engagementId, phase }: { engagementId: string; phase: Phase }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [note, setNote] = useState('');
  const review = useRequestReview(engagementId);
  const navigate = useNavigate();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    // awaited rather than a mutate() callback: the phase leaves "active" on success, which unmounts this button
    const r = await review.mutateAsync({ phaseId: phase.id, note }).catch(() => null);
    if (!r) return;
    notifications.show({ color: 'teal', message: `Gate review opened for ${phase.name}: both sides answer blind.` });
    close();
    if (r.gateReviewId) navigate(`/engagements/${engagementId}/gate-reviews/${r.gateReviewId}`);
  };
  return (
    <>
      <Button size="xs" onClick={open}>
        Request review
      </Button>
      <Modal opened={opened} onClose={close} title={`Request the gate review of ${phase.name}`}>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Text size="sm">
              A phase ends through its gate review: both sides answer the same questions, blind, next to the phase's evidence (exit criteria, items, commitments, risks, decisions, budget), and the sponsor decides whether to go on. Until then it shows as “in review”.
            </Text>
            <Textarea label="Note for the reviewers" autosize minRows={3} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldErrors(review.error).note} />
            <FormError error={review.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={review.isPending}>
                Request review
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function NewPhaseButton({ engagementId }: { engagementId: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreatePhase(engagementId);
  const [name, setName] = useState('');
  const [goal, setGoal] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [criteria, setCriteria] = useState('');
  const errs = fieldErrors(create.error);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const exitCriteria = criteria
      .split('\n')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((text) => ({ text, met: false }));
    create.mutate(
      { name, goal, plannedStart: start, plannedEnd: end, exitCriteria },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Phase added.' });
          setName('');
          setGoal('');
          setCriteria('');
          close();
        },
      },
    );
  };
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
        Add a phase
      </Button>
      <Modal opened={opened} onClose={close} title="Add a phase">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errs.name} />
            <Textarea label="Goal" autosize minRows={2} value={goal} onChange={(e) => setGoal(e.currentTarget.value)} error={errs.goal} />
            <Group grow>
              <TextInput label="Planned start" type="date" required value={start} onChange={(e) => setStart(e.currentTarget.value)} error={errs.plannedStart} />
              <TextInput label="Planned end" type="date" required value={end} onChange={(e) => setEnd(e.currentTarget.value)} error={errs.plannedEnd} />
            </Group>
            <Textarea label="Exit criteria" description="One per line" autosize minRows={3} value={criteria} onChange={(e) => setCriteria(e.currentTarget.value)} error={errs.exitCriteria} />
            <FormError error={create.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Add phase
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function PhaseCard({ phase, burn, engagementId, lead }: { phase: Phase; burn: PhaseBurn | undefined; engagementId: string; lead: boolean }) {
  const start = useUpdatePhase(engagementId);
  const donePct = burn && burn.scopeHours > 0 ? (burn.doneHours / burn.scopeHours) * 100 : 0;
  return (
    <Card withBorder radius="md" padding="md" component="li" aria-labelledby={`phase-${phase.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h4" id={`phase-${phase.id}`}>
              {phase.position + 1}. {phase.name}
            </Title>
            <Text size="xs" c="dimmed">
              {formatDate(phase.plannedStart)} – {formatDate(phase.plannedEnd)}
            </Text>
          </Stack>
          <PhaseStatusBadge status={phase.status} />
        </Group>
        {phase.goal && <Text size="sm">{phase.goal}</Text>}
        {burn && (
          <Stack gap={6}>
            <Group justify="space-between">
              <Text size="sm">Scope done</Text>
              <Text size="sm" fw={600}>
                {formatHours(burn.doneHours)} of {formatHours(burn.scopeHours)} · {burn.itemsDone}/{burn.items} items
              </Text>
            </Group>
            <Progress value={donePct} color="teal" aria-label={`Scope done in ${phase.name}`} />
            <Group justify="space-between">
              <Text size="sm">Time elapsed · hours spent</Text>
              <Text size="sm" fw={600}>
                {formatPercent(phase.percentElapsed)} · {formatHours(burn.actualHours)} ({formatPercent(burn.percentSpent)} of scope)
              </Text>
            </Group>
          </Stack>
        )}
        {phase.exitCriteria.length > 0 && (
          <div>
            <Text size="sm" fw={600} mb={4}>
              Exit criteria ({phase.exitCriteria.filter((c) => c.met).length}/{phase.exitCriteria.length} met)
            </Text>
            <List size="sm" spacing={2} center>
              {phase.exitCriteria.map((c) => (
                <List.Item
                  key={c.text}
                  icon={
                    <ThemeIcon size={18} radius="xl" variant="light" color={c.met ? 'teal' : 'gray'}>
                      {c.met ? <IconCheck size={12} aria-label="Met" /> : <IconCircleDashed size={12} aria-label="Not met yet" />}
                    </ThemeIcon>
                  }
                >
                  {c.text}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {phase.status === 'in_review' && (
          <Text size="sm" c="dimmed">
            Awaiting the gate review{phase.reviewRequestedAt ? ` (requested ${formatDate(phase.reviewRequestedAt)})` : ''}: both sides answer blind, then the sponsor decides.
          </Text>
        )}
        {phase.status === 'done' && phase.doneAt && (
          <Text size="sm" c="dimmed">
            Closed by its gate review on {formatDate(phase.doneAt)}.
          </Text>
        )}
        {phase.status === 'stopped' && phase.doneAt && (
          <Text size="sm" c="red.8">
            Stopped at its gate review on {formatDate(phase.doneAt)}.
          </Text>
        )}
        {phase.gateReviewId && (
          <Anchor component={Link} to={`/engagements/${engagementId}/gate-reviews/${phase.gateReviewId}`} size="sm">
            {phase.status === 'in_review' ? 'Open the gate review' : 'The gate review'}
          </Anchor>
        )}
        {lead && (phase.status === 'active' || phase.status === 'planned') && (
          <Group gap="xs">
            {phase.status === 'active' && <RequestReviewButton engagementId={engagementId} phase={phase} />}
            {phase.status === 'planned' && (
              <Button
                size="xs"
                variant="default"
                loading={start.isPending}
                onClick={() =>
                  start.mutate(
                    { phaseId: phase.id, status: 'active' },
                    {
                      onSuccess: () => notifications.show({ color: 'teal', message: `${phase.name} started.` }),
                      onError: (err) => notifications.show({ color: 'red', message: err.message }),
                    },
                  )
                }
              >
                Start phase
              </Button>
            )}
          </Group>
        )}
        <Group gap="xs">
          <CommentsDrawerButton engagementId={engagementId} subjectType="phase" subjectId={phase.id} name={phase.name} />
        </Group>
      </Stack>
    </Card>
  );
}

export function PhasesPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const lead = can('phase.manage');
  const phases = usePhases(id);
  const overview = useDeliveryOverview(id);

  return (
    <>
      <PageHeader
        title="Phases"
        order={2}
        documentTitle={`${engagement.name}: phases`}
        description="The delivery plan, phase by phase. A phase ends through a gate review, where both sides check its exit criteria."
        actions={lead ? <NewPhaseButton engagementId={id} /> : null}
      />
      {phases.isPending ? (
        <PageLoader label="Loading phases…" />
      ) : phases.isError ? (
        <ErrorAlert error={phases.error} onRetry={() => phases.refetch()} />
      ) : phases.data.phases.length === 0 ? (
        <EmptyHint icon={<IconTimeline aria-hidden />} title="No phases yet" order={3} action={lead ? <NewPhaseButton engagementId={id} /> : null}>
          Split the delivery into phases, each with a goal, planned dates and exit criteria.
        </EmptyHint>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Phases">
          {phases.data.phases.map((p) => (
            <PhaseCard key={p.id} phase={p} burn={overview.data?.phases.find((b) => b.phase.id === p.id)} engagementId={id} lead={lead} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
