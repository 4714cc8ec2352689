import { Button, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
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
