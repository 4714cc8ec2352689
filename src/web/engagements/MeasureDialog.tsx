import { Button, Group, Modal, NumberInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../app/api';
import type { Outcome } from '../app/types';
import { useMeasureOutcome } from './api';
import { formatOutcomeValue } from './outcome-format';

/**
 * The "record a value" dialog of an outcome card. Its own chunk (the number input and the modal are
 * about 35 KB), loaded when someone opens it or points at its button, so the overview's first paint
 * does not wait for it (ADR 0035).
 */
export default function MeasureDialog({ engagementId, outcome, onClose }: { engagementId: string; outcome: Outcome; onClose: () => void }) {
  const [value, setValue] = useState<number | string>(outcome.current);
  const measure = useMeasureOutcome(engagementId);
  const save = () => {
    const current = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(current)) return;
    measure.mutate(
      { outcomeId: outcome.id, current },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Recorded ${formatOutcomeValue(current, outcome.unit)} for “${outcome.title}”` });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Record a value: ${outcome.title}`}>
      <Stack>
        <NumberInput
          label={`Current value${outcome.unit ? ` (${outcome.unit})` : ''}`}
          description={outcome.indicator}
          value={value}
          onChange={setValue}
          error={measure.error ? errorMessage(measure.error) : undefined}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={measure.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
