import { Alert, Button, Grid, Group, List, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconBulb, IconLock } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useCreateStatus, usePublishStatus, useStatusDraft, useStatusUpdate, useUpdateStatus } from './api';
import { HEALTH_LABEL, HealthBadge } from './labels';
import { TrustDraftPanel } from '../trust/TrustDraftPanel';
import type { Health } from './types';

const RANK: Record<Health, number> = { on_track: 0, at_risk: 1, off_track: 2 };

/** The draft editor: Candor's assembled text, the health the data suggests with its reasons, the lead's choice beside it. */
export function StatusEditorPage() {
  const { engagement } = useEngagementCtx();
  const E = engagement.id;
  const { updateId = '' } = useParams();
  const navigate = useNavigate();
  const draft = useStatusDraft(E);
  const existing = useStatusUpdate(E, updateId);
  const create = useCreateStatus(E);
  const update = useUpdateStatus(E, updateId);
  const publish = usePublishStatus(E);
  const form = useForm({
    initialValues: { markdown: '', health: 'on_track' as Health, reason: '', nextStep: '', internalNote: '' },
    validate: {
      markdown: (v) => (v.trim() ? null : 'Write the update'),
      reason: (v, all) => (all.health !== 'on_track' && !v.trim() ? `Say why the engagement is ${HEALTH_LABEL[all.health].toLowerCase()}` : null),
      nextStep: (v, all) => (all.health !== 'on_track' && !v.trim() ? 'Say what happens next' : null),
    },
  });
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current) return;
    if (updateId && existing.data) {
      const u = existing.data;
      form.setValues({ markdown: u.markdown, health: u.health, reason: u.reason, nextStep: u.nextStep, internalNote: u.internalNote ?? '' });
      filled.current = true;
    } else if (!updateId && draft.data) {
      form.setValues({ markdown: draft.data.markdown, health: draft.data.suggested.health }); // honesty is the easy path: start from what the data suggests
      filled.current = true;
    }
  }, [updateId, existing.data, draft.data, form]);

  if (draft.isPending || (updateId && existing.isPending)) return <PageLoader label="Assembling the draft…" />;
  if (draft.isError) return <ErrorAlert error={draft.error} onRetry={() => draft.refetch()} />;
  if (updateId && existing.isError) return <ErrorAlert error={existing.error} />;
  const d = draft.data;
  const suggested = d.suggested;
  const chosen = form.values.health;
  const overriding = RANK[chosen] < RANK[suggested.health];

  const save = async (andPublish: boolean) => {
    if (form.validate().hasErrors) return;
    const v = form.values;
    const body = { markdown: v.markdown, health: v.health, reason: v.health === 'on_track' ? '' : v.reason.trim(), nextStep: v.health === 'on_track' ? '' : v.nextStep.trim(), internalNote: v.internalNote };
    try {
      const saved = updateId ? await update.mutateAsync(body) : await create.mutateAsync(body);
      if (andPublish) {
        await publish.mutateAsync(saved.id);
        notifications.show({ color: 'teal', title: 'Published', message: 'The client roles were notified.' });
      } else notifications.show({ color: 'teal', title: 'Draft saved', message: 'Only the provider side sees it.' });
      navigate(`/engagements/${E}/status-updates/${saved.id}`);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  };
  const busy = create.isPending || update.isPending || publish.isPending;

  return (
    <Stack gap="lg">
      <PageHeader title={updateId ? 'Edit the draft update' : 'Draft the status update'} description={`Answers the update due ${formatDate(d.dueDate)}${d.overdue ? ' (overdue)' : ''}. Assembled from what happened since the last update; edit it freely.`} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save(false);
            }}
          >
            <Stack gap="md">
              <CoachedTextarea engagementId={engagement.id} label="Update (Markdown)" description="What the client reads. It is assembled from shared content only; the coach points at what may be read otherwise." autosize minRows={10} maxRows={30} required {...form.getInputProps('markdown')} />
              <Radio.Group label="Health" description="Anything but on track needs a reason and the next step." required {...form.getInputProps('health')}>
                <Group gap="lg" mt={6}>
                  {(['on_track', 'at_risk', 'off_track'] as const).map((h) => (
                    <Radio key={h} value={h} label={HEALTH_LABEL[h]} />
                  ))}
                </Group>
              </Radio.Group>
              {chosen !== 'on_track' && (
                <>
                  <CoachedTextarea engagementId={engagement.id} label="Reason" required autosize minRows={2} maxRows={6} {...form.getInputProps('reason')} />
                  <CoachedTextarea engagementId={engagement.id} label="Next step" required autosize minRows={2} maxRows={6} {...form.getInputProps('nextStep')} />
                </>
              )}
              <Textarea label="Internal note" description="Provider side only: never shown to the client nor e-mailed." leftSection={<IconLock size={16} />} autosize minRows={2} maxRows={10} {...form.getInputProps('internalNote')} />
              {overriding && (
                <Alert color="orange" variant="light" role="status" title="You chose a better health than the data suggests">
                  Publishing records, visibly to both sides: “The data suggested {HEALTH_LABEL[suggested.health].toLowerCase()}
                  {suggested.reasons.length ? `: ${suggested.reasons.join('; ')}` : ''}.”
                </Alert>
              )}
              <FormError error={create.error ?? update.error ?? publish.error} />
              <Group justify="flex-end" gap="sm" wrap="wrap">
                <Button type="submit" variant="default" loading={busy}>
                  Save draft
                </Button>
                <Button onClick={() => void save(true)} loading={busy}>
                  Publish
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md" component="section" aria-labelledby="suggested-health">
              <Stack gap="xs">
                <Group gap="xs">
                  <IconBulb size={18} aria-hidden />
                  <Text fw={600} id="suggested-health">
                    Candor suggests
                  </Text>
                  <HealthBadge health={suggested.health} />
                </Group>
                {suggested.reasons.length ? (
                  <List size="sm" spacing={4}>
                    {suggested.reasons.map((r) => (
                      <List.Item key={r}>{r}</List.Item>
                    ))}
                  </List>
                ) : (
                  <Text size="sm">Nothing in the data says otherwise.</Text>
                )}
                <Group gap="xs">
                  <Text size="sm">Your choice:</Text>
                  <HealthBadge health={chosen} />
                </Group>
              </Stack>
            </Paper>
            <TrustDraftPanel engagementId={engagement.id} panel={d.trust} />
            {d.internalLines.length > 0 && (
              <Paper withBorder p="md" radius="md" component="section" aria-labelledby="internal-lines">
                <Stack gap="xs">
                  <Group gap="xs">
                    <IconLock size={16} aria-hidden />
                    <Text fw={600} id="internal-lines">
                      Internal this period
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    Left out of the text; for the internal note.
                  </Text>
                  <List size="sm" spacing={4}>
                    {d.internalLines.map((l) => (
                      <List.Item key={`${l.section}-${l.text}`}>{l.text}</List.Item>
                    ))}
                  </List>
                </Stack>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
