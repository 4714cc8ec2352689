import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { FormError } from '../components/FormError';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useEngagementCtx } from '../engagements/context';
import { useCharter } from '../charter/api';
import { useDecisions, useRaid, useRaiseEscalation } from './api';
import { CLOSE } from './modal';
import { decisionNumber } from './labels';
import type { SubjectType } from './types';
import { VisibilityField } from './VisibilityField';

export interface Subject {
  type: Exclude<SubjectType, 'concern'>;
  id: string;
  title: string;
}

interface Values {
  subject: string; // 'concern' or 'type:id'
  title: string;
  description: string;
  visibility: Visibility;
}

/** Open issues, overdue decisions and overdue dependencies: what may be escalated now. */
function useCandidates(engagementId: string, enabled: boolean) {
  const issues = useRaid(engagementId, { type: 'issue', status: 'open' }, enabled);
  const deps = useRaid(engagementId, { type: 'dependency', overdue: 'true' }, enabled);
  const decisions = useDecisions(engagementId, 'proposed', enabled);
  if (!enabled) return [];
  return [
    ...(issues.data ?? []).map((r) => ({ value: `issue:${r.id}`, label: `Issue: ${r.title}` })),
    ...(deps.data ?? []).map((r) => ({ value: `dependency:${r.id}`, label: `Overdue dependency: ${r.title}` })),
    ...(decisions.data ?? [])
      .filter((d) => d.overdue)
      .map((d) => ({ value: `decision:${d.id}`, label: `Overdue decision ${decisionNumber(d.number)}: ${d.title}` })),
  ];
}

/** The ladder the escalation will start on, from the agreed charter. */
function LadderHint({ engagementId }: { engagementId: string }) {
  const charter = useCharter(engagementId);
  const ladder = charter.data?.agreed?.body.escalation ?? [];
  if (charter.isPending) return null;
  if (ladder.length === 0) {
    return (
      <Alert color="orange" variant="light" title="No escalation ladder yet">
        The agreed charter names nobody to escalate to. Agree a charter with an escalation ladder first (
        <Link to={`/engagements/${engagementId}/charter`}>charter</Link>).
      </Alert>
    );
  }
  const first = ladder[0]!;
  return (
    <Text size="sm" c="dimmed">
      It goes to {first.person} first, who has {first.responseHours} hours to acknowledge.
      {ladder[1] ? ` Without an answer it climbs to ${ladder[1].person}, and so on.` : ' This is the only level.'}
    </Text>
  );
}

/**
 * Raise an escalation: of a given subject (an issue, an overdue decision or
 * dependency), or, without one, of any such subject or a concern of one's own.
 */
export function RaiseEscalationModal({ opened, onClose, subject }: { opened: boolean; onClose: () => void; subject?: Subject }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const phone = useMediaQuery('(max-width: 36em)');
  const navigate = useNavigate();
  const raise = useRaiseEscalation(id);
  const candidates = useCandidates(id, !subject);
  const form = useForm<Values>({
    initialValues: { subject: subject ? `${subject.type}:${subject.id}` : 'concern', title: '', description: '', visibility: 'shared' },
    validate: {
      title: (v, values) => (values.subject === 'concern' && !v.trim() ? 'Say in a few words what concerns you' : null),
      description: (v) => (v.trim() ? null : 'Explain what is wrong and what you need'),
    },
  });
  const concern = form.values.subject === 'concern';

  const close = () => {
    form.reset();
    raise.reset();
    onClose();
  };

  const submit = form.onSubmit(async (v) => {
    const [type, subjectId] = v.subject === 'concern' ? ['concern', undefined] : v.subject.split(':');
    try {
      const e = await raise.mutateAsync({
        subjectType: type as SubjectType,
        ...(subjectId ? { subjectId } : {}),
        ...(type === 'concern' ? { title: v.title.trim() } : {}),
        description: v.description,
        ...(provider ? { visibility: v.visibility } : {}),
      });
      notifications.show({ color: 'teal', title: 'Escalation raised', message: `${e.current?.person ?? 'Level 1'} has been notified.` });
      close();
      navigate(`/engagements/${id}/escalations/${e.id}`);
    } catch (err) {
      const fe = fieldErrors(err);
      if (fe.subjectId) fe.subject = fe.subjectId;
      if (fe.subjectType) fe.subject = fe.subjectType;
      form.setErrors(fe);
    }
  });

  return (
    <Modal closeButtonProps={CLOSE} opened={opened} onClose={close} title={subject ? `Escalate: ${subject.title}` : 'Raise an escalation'} size="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LadderHint engagementId={id} />
          {!subject && (
            <Select
              label="What do you escalate?"
              description="Open issues, overdue decisions and overdue dependencies can be escalated, or a concern of your own."
              allowDeselect={false}
              searchable
              data={[{ value: 'concern', label: 'A concern of my own' }, ...candidates]}
              {...form.getInputProps('subject')}
            />
          )}
          {concern && <TextInput label="Your concern" required data-autofocus {...form.getInputProps('title')} />}
          <CoachedTextarea
            engagementId={id}
            coach={form.values.visibility !== 'internal'}
            label="What is wrong, and what do you need?"
            required
            autosize
            minRows={3}
            maxRows={10}
            data-autofocus={concern ? undefined : true}
            {...form.getInputProps('description')}
          />
          {provider && (
            <VisibilityField
              what="the escalation"
              value={form.values.visibility}
              onChange={(v) => form.setFieldValue('visibility', v)}
              error={form.errors.visibility}
            />
          )}
          <FormError error={raise.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={raise.isPending}>
              Escalate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
