import { Button, NumberInput, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import type { CharterForm } from './form';
import { newMeeting } from './form';
import { RowFrame } from './RowFrame';

const STATUS = [
  { value: 'weekly', label: 'Weekly' },
  { value: 'fortnightly', label: 'Every two weeks' },
  { value: 'monthly', label: 'Monthly' },
];
const WEEKDAYS = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
];
const FUTURE = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly' },
];
const MEETING = [...STATUS, { value: 'per-phase', label: 'Every phase' }];

export function CadenceEditor({ form, people }: { form: UseFormReturnType<CharterForm>; people: string[] }) {
  return (
    <Stack gap="sm">
      <Select
        label="Status updates"
        description="How often the provider reports progress, risks and what it waits for"
        data={STATUS}
        allowDeselect={false}
        maw={320}
        {...form.getInputProps('statusUpdateEvery')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" maw={660}>
        <Select label="Due on" description="The working day an update is due" data={WEEKDAYS} allowDeselect={false} {...form.getInputProps('statusUpdateWeekday')} />
        <TextInput label="Time zone" description="Due dates and working days are counted in it" placeholder="Europe/Oslo" {...form.getInputProps('timeZone')} />
        <TagsInput
          label="Holidays"
          description="Dates that are not working days, as YYYY-MM-DD"
          placeholder="2026-12-24"
          clearable
          {...form.getInputProps('holidays')}
        />
        <NumberInput
          label="Gate review answers due within"
          description="Days before a side that has not answered is reminded"
          min={1}
          max={30}
          suffix=" days"
          {...form.getInputProps('gateReviewReminderDays')}
        />
        <Select
          label="Future agenda review"
          description="How often both sides talk about what comes after this scope"
          data={FUTURE}
          allowDeselect={false}
          {...form.getInputProps('futureReviewEvery')}
        />
      </SimpleGrid>
      {form.values.meetings.map((m, i) => (
        <RowFrame key={m.rid} title={`Meeting ${i + 1}${m.name ? `: ${m.name}` : ''}`} onRemove={() => form.removeListItem('meetings', i)}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput label="Name" required placeholder="Weekly check-in" {...form.getInputProps(`meetings.${i}.name`)} />
            <Select label="Every" data={MEETING} allowDeselect={false} {...form.getInputProps(`meetings.${i}.every`)} />
            <TagsInput label="Attendees" data={people} clearable {...form.getInputProps(`meetings.${i}.attendees`)} />
          </SimpleGrid>
        </RowFrame>
      ))}
      <div>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('meetings', newMeeting())}>
          Add meeting
        </Button>
      </div>
    </Stack>
  );
}
