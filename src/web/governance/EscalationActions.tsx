import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconCheck, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage } from '../app/api';
import { type EscalationAct, useActOnEscalation } from './api';
import { CLOSE } from './modal';
import type { Escalation } from './types';

interface ActSpec {
  title: string;
  message: string;
  field: string;
  description: string;
  required: boolean;
  confirm: string;
  done: string;
}

function spec(act: EscalationAct, e: Escalation): ActSpec {
  if (act === 'acknowledge') {
    return {
      title: 'Acknowledge the escalation',
      message: `You take it on at level ${e.level}: it stops climbing. Resolve it once it is sorted out.`,
      field: 'Note',
      description: 'Optional: what you will do, and by when',
      required: false,
      confirm: 'Acknowledge',
      done: 'Acknowledged: the escalation stops climbing.',
    };
  }
  if (act === 'resolve') {
    return {
      title: 'Resolve the escalation',
      message: 'This closes the escalation for good; both sides see the outcome on the timeline.',
      field: 'Outcome',
      description: 'What was decided or done',
      required: true,
      confirm: 'Resolve',
      done: 'Resolved.',
    };
  }
  const last = e.level <= 1;
  return {
    title: last ? 'Withdraw the escalation' : `Step down to level ${e.level - 1}`,
    message: last
      ? 'At the first level, de-escalating closes the escalation. This cannot be undone.'
      : `It goes back to ${e.ladder.find((l) => l.level === e.level - 1)?.person ?? 'the level below'}, whose response time starts again.`,
    field: 'Note',
    description: 'Why it no longer needs this level',
    required: false,
    confirm: last ? 'Withdraw' : 'De-escalate',
    done: last ? 'Withdrawn.' : 'De-escalated one level.',
  };
}

function ActModal({ act, e, engagementId, onClose }: { act: EscalationAct; e: Escalation; engagementId: string; onClose: () => void }) {
  const s = spec(act, e);
  const mutation = useActOnEscalation(engagementId, e.id);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fieldName = act === 'resolve' ? 'outcome' : 'note';
  const serverField = mutation.error instanceof ApiError ? mutation.error.details.find((d) => d.field === fieldName)?.message : undefined;

  const submit = async () => {
    if (s.required && !text.trim()) {
      setError(`Write the ${s.field.toLowerCase()}`);
      return;
    }
    setError(null);
    try {
      await mutation.mutateAsync({ act, text: text.trim() });
      notifications.show({ color: 'teal', message: s.done });
      onClose();
    } catch {
      /* shown below */
    }
  };

  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title={s.title} centered>
      <Stack gap="md">
        <Text size="sm">{s.message}</Text>
        <Textarea
          label={s.field}
          description={s.description}
          required={s.required}
          autosize
          minRows={3}
          value={text}
          onChange={(ev) => setText(ev.currentTarget.value)}
          error={error ?? serverField}
          data-autofocus
        />
        {mutation.isError && !serverField && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {errorMessage(mutation.error)}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={mutation.isPending} color={act === 'resolve' ? 'teal' : undefined}>
            {s.confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Acknowledge, resolve or de-escalate, as far as the API says this reader may (canAcknowledge, canResolve, canDeescalate). */
export function EscalationActions({ e, engagementId }: { e: Escalation; engagementId: string }) {
  const [act, setAct] = useState<EscalationAct | null>(null);
  if (!(e.canAcknowledge || e.canResolve || e.canDeescalate)) return null;
  return (
    <>
      <Group gap="sm" wrap="wrap">
        {e.canAcknowledge && (
          <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={() => setAct('acknowledge')}>
            Acknowledge
          </Button>
        )}
        {e.canResolve && (
          <Button color="teal" leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={() => setAct('resolve')}>
            Resolve
          </Button>
        )}
        {e.canDeescalate && (
          <Button variant="default" leftSection={<IconArrowDown size={16} aria-hidden />} onClick={() => setAct('deescalate')}>
            De-escalate
          </Button>
        )}
      </Group>
      {act && <ActModal act={act} e={e} engagementId={engagementId} onClose={() => setAct(null)} />}
    </>
  );
}
