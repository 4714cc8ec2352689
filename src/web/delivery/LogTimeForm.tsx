import { Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { fieldErrors } from '../app/api';
import { FormError } from '../components/FormError';
import { VisibilityField } from '../governance/VisibilityField';
import { useLogTime } from './api';
import { formatMinutes, isoDate, parseDuration } from './format';

/** A quick "log time on this item" form (the timesheet is the full view). */
export function LogTimeForm({ engagementId, workItemId, provider }: { engagementId: string; workItemId: string; provider: boolean }) {
  const log = useLogTime(engagementId);
  const [date, setDate] = useState(isoDate(new Date()));
  const [duration, setDuration] = useState('');
  const [note, setNote] = useState('');
  const [billable, setBillable] = useState(true);
  const [visibility, setVisibility] = useState<'shared' | 'internal'>('shared');
  const [parseError, setParseError] = useState<string | null>(null);
  const errs = fieldErrors(log.error);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const minutes = parseDuration(duration);
    if (!minutes) {
      setParseError('Type minutes (90), h:mm (1:30) or hours (1.5h)');
      return;
    }
    setParseError(null);
    log.mutate(
      { dateWorked: date, minutes, workItemId, note, billable, visibility },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Logged ${formatMinutes(minutes)}.` });
          setDuration('');
          setNote('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Log time on this item">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errs.dateWorked} required />
          <TextInput
            label="Time spent"
            description="90, 1:30 or 1.5h"
            value={duration}
            onChange={(e) => setDuration(e.currentTarget.value)}
            error={parseError ?? errs.minutes}
            required
          />
        </Group>
        <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errs.note} />
        <Checkbox label="Billable" checked={billable} onChange={(e) => setBillable(e.currentTarget.checked)} />
        {provider && <VisibilityField value={visibility} onChange={setVisibility} what="this entry" error={errs.visibility} />}
        <FormError error={log.error} />
        <Group>
          <Button type="submit" loading={log.isPending}>
            Log time
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
