import { Button, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import type { CharterForm } from './form';
import { newOutcome } from './form';
import { RowFrame } from './RowFrame';

export function OutcomesEditor({ form }: { form: UseFormReturnType<CharterForm> }) {
  const rows = form.values.outcomes;
  return (
    <Stack gap="sm">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No outcomes yet. State what the client wants to achieve and how both sides will measure it.
        </Text>
      )}
      {rows.map((o, i) => (
        <RowFrame key={o.rid} title={`Outcome ${i + 1}`} onRemove={() => form.removeListItem('outcomes', i)}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label="Title" required placeholder="Shippers track consignments themselves" {...form.getInputProps(`outcomes.${i}.title`)} />
            <TextInput
              label="Indicator"
              required
              placeholder="Share of tracking enquiries answered online"
              {...form.getInputProps(`outcomes.${i}.indicator`)}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <TextInput label="Unit" placeholder="%" {...form.getInputProps(`outcomes.${i}.unit`)} />
            <NumberInput label="Baseline" required {...form.getInputProps(`outcomes.${i}.baseline`)} />
            <NumberInput label="Target" required {...form.getInputProps(`outcomes.${i}.target`)} />
            <TextInput label="Due" type="date" {...form.getInputProps(`outcomes.${i}.dueDate`)} />
          </SimpleGrid>
        </RowFrame>
      ))}
      <div>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('outcomes', newOutcome())}>
          Add outcome
        </Button>
      </div>
    </Stack>
  );
}
