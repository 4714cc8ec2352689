import { Button, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import type { Member } from '../../app/types';
import type { CharterForm } from './form';
import { newLevel } from './form';
import { RowFrame } from './RowFrame';

export function EscalationEditor({ form, members }: { form: UseFormReturnType<CharterForm>; members: Member[] }) {
  const options = members.map((m) => ({ value: m.user.id, label: `${m.user.name} (${m.role})` }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Who a problem goes to, in order, and how many hours each level has to respond before it climbs to the next.
      </Text>
      {form.values.escalation.map((l, i) => (
        <RowFrame key={l.rid} title={`Level ${i + 1}`} onRemove={() => form.removeListItem('escalation', i)}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput label="Person or role" required placeholder="Engagement lead" {...form.getInputProps(`escalation.${i}.person`)} />
            <Select
              label="Member (optional)"
              placeholder="Not a member"
              data={options}
              clearable
              {...form.getInputProps(`escalation.${i}.userId`)}
            />
            <NumberInput label="Response time (hours)" required min={1} max={720} {...form.getInputProps(`escalation.${i}.responseHours`)} />
          </SimpleGrid>
        </RowFrame>
      ))}
      <div>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('escalation', newLevel())}>
          Add level
        </Button>
      </div>
    </Stack>
  );
}
