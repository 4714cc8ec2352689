import { Button, Card, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { fieldErrors } from '../app/api';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { FormError } from '../components/FormError';
import { usePhases } from '../delivery/api';
import { useEngagementCtx } from '../engagements/context';
import { useDecisions } from '../governance/api';
import { CLOSE } from '../governance/modal';
import { useMembers } from '../members/api';
import { useRecommendationChoices, useRecordReview } from './api';
import { DECISION_LABEL, KindBadge } from './labels';
import type { AgendaDecision, AgendaEntry, AgendaList } from './types';

interface Values {
  heldOn: string;
  discussed: string;
  attendees: string[];
  decisions: Record<string, { decision: AgendaDecision | ''; linkId: string | null }>;
}

const LINKED = new Set<AgendaDecision>(['phase', 'recommendation', 'decision']);

/** Choices to link an entry to, by type; a shared entry links shared objects only (as the server checks). */
function useLinkChoices(engagementId: string, opened: boolean) {
  const phases = usePhases(engagementId);
  const decisions = useDecisions(engagementId, undefined, opened);
  const recs = useRecommendationChoices(engagementId, opened);
  return (type: AgendaDecision, entry: AgendaEntry) => {
    const fits = (v: 'shared' | 'internal') => entry.visibility === 'internal' || v === 'shared';
    if (type === 'phase') return (phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }));
    if (type === 'decision') return (decisions.data ?? []).filter((d) => fits(d.visibility)).map((d) => ({ value: d.id, label: `#${d.number} ${d.title}` }));
    if (type === 'recommendation') return (recs.data ?? []).filter((r) => fits(r.visibility)).map((r) => ({ value: r.id, label: r.title }));
    return [];
  };
}

/** Record a review of the future agenda: when, who, what was discussed, and a decision per entry still on it. */
export function RecordReviewModal({ opened, onClose, agenda }: { opened: boolean; onClose: () => void; agenda: AgendaList }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const phone = useMediaQuery('(max-width: 36em)');
  const record = useRecordReview(id);
  const members = useMembers(id);
  const choices = useLinkChoices(id, opened);
  const entries = agenda.entries.filter((e) => e.status === 'open' || e.status === 'kept');
  const form = useForm<Values>({
    initialValues: { heldOn: agenda.today, discussed: '', attendees: [], decisions: Object.fromEntries(entries.map((e) => [e.id, { decision: '', linkId: null }])) },
    validate: {
      heldOn: (v) => (!v ? 'Give the day the review was held' : v > agenda.today ? 'Record a review once it has been held' : null),
      discussed: (v) => (v.trim() ? null : 'Say what was discussed'),
    },
  });
  const close = () => {
    form.reset();
    record.reset();
    onClose();
  };
  const chosen = entries.filter((e) => form.values.decisions[e.id]?.decision);
  const submit = form.onSubmit(async (v) => {
    const outcomes = chosen.map((e) => {
      const d = v.decisions[e.id]!;
      return { entryId: e.id, decision: d.decision as AgendaDecision, ...(LINKED.has(d.decision as AgendaDecision) && d.linkId ? { linkId: d.linkId } : {}) };
    });
    try {
      const r = await record.mutateAsync({ heldOn: v.heldOn, discussed: v.discussed, attendees: v.attendees, outcomes });
      notifications.show({ color: 'teal', title: 'Review recorded', message: `${r.outcomes.length} decision${r.outcomes.length === 1 ? '' : 's'} on the agenda` });
      close();
    } catch (err) {
      const fe = fieldErrors(err);
      // outcomes.N.field → the entry's own field in this form
      for (const [k, msg] of Object.entries(fe)) {
        const m = /^outcomes\.(\d+)\.(entryId|linkId|decision)$/.exec(k);
        const e = m ? chosen[Number(m[1])] : undefined;
        if (e) fe[`decisions.${e.id}.${m![2] === 'linkId' ? 'linkId' : 'decision'}`] = msg;
        if (/^attendees/.test(k)) fe.attendees = msg;
      }
      form.setErrors(fe);
    }
  });

  return (
    <Modal closeButtonProps={CLOSE} opened={opened} onClose={close} title="Record a review of the future agenda" size="xl" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Held on" required max={agenda.today} style={{ minWidth: 180 }} {...form.getInputProps('heldOn')} />
            <MultiSelect
              label="Who attended"
              searchable
              style={{ minWidth: 220 }}
              data={(members.data ?? []).map((m) => ({ value: m.user.id, label: m.user.name }))}
              {...form.getInputProps('attendees')}
            />
          </Group>
          <CoachedTextarea engagementId={id} label="What was discussed" description="Markdown" required autosize minRows={4} maxRows={12} {...form.getInputProps('discussed')} />
          <Stack gap="xs">
            <Text fw={600} size="sm">
              A decision per entry
            </Text>
            {entries.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing is waiting on the agenda; record what was discussed.
              </Text>
            ) : (
              <Text size="xs" c="dimmed">
                Leave an entry on “not decided” to keep it as it is. A phase, recommendation or decision must already exist: create it first, then link it here.
              </Text>
            )}
            {entries.map((e) => {
              const d = form.values.decisions[e.id]!;
              const linked = d.decision && LINKED.has(d.decision);
              return (
                <Card key={e.id} withBorder padding="sm" radius="sm" data-review-entry={e.id}>
                  <Stack gap={6}>
                    <Group gap="xs" wrap="wrap">
                      <KindBadge kind={e.kind} />
                      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {e.title}
                      </Text>
                    </Group>
                    <Group grow align="flex-start" wrap="wrap">
                      <Select
                        label="Decision"
                        style={{ minWidth: 200 }}
                        allowDeselect={false}
                        data={[{ value: '', label: 'Not decided' }, ...(Object.keys(DECISION_LABEL) as AgendaDecision[]).map((k) => ({ value: k, label: DECISION_LABEL[k] }))]}
                        value={d.decision}
                        onChange={(v) => form.setFieldValue(`decisions.${e.id}`, { decision: (v ?? '') as AgendaDecision | '', linkId: null })}
                        error={form.errors[`decisions.${e.id}.decision`]}
                      />
                      {linked && (
                        <Select
                          label={`Which ${d.decision}`}
                          style={{ minWidth: 200 }}
                          searchable
                          required
                          nothingFoundMessage="None yet: create it first"
                          data={choices(d.decision as AgendaDecision, e)}
                          value={d.linkId}
                          onChange={(v) => form.setFieldValue(`decisions.${e.id}.linkId`, v)}
                          error={form.errors[`decisions.${e.id}.linkId`]}
                        />
                      )}
                    </Group>
                  </Stack>
                </Card>
              );
            })}
          </Stack>
          <FormError error={record.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending}>
              Record the review
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
