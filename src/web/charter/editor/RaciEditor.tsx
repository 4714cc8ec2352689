import { Autocomplete, Button, Group, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import type { CharterForm } from './form';
import { newRaci } from './form';
import { RowFrame } from './RowFrame';

const SUGGESTED = ['scope', 'budget', 'technical', 'release', 'staffing'];

export function RaciEditor({ form, people }: { form: UseFormReturnType<CharterForm>; people: string[] }) {
  const rows = form.values.collaboration;
  const used = new Set(rows.map((r) => r.decisionKind.trim().toLowerCase()));
  const missing = SUGGESTED.filter((k) => !used.has(k));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        For each kind of decision: who does the work (responsible), who decides (accountable, one person), who is asked first
        (consulted) and who is told (informed). Type a name and press Enter to add it.
      </Text>
      {rows.map((r, i) => (
        <RowFrame key={r.rid} title={`Decision ${i + 1}${r.decisionKind ? `: ${r.decisionKind}` : ''}`} onRemove={() => form.removeListItem('collaboration', i)}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label="Kind of decision" required placeholder="scope" {...form.getInputProps(`collaboration.${i}.decisionKind`)} />
            <Autocomplete label="Accountable" required data={people} {...form.getInputProps(`collaboration.${i}.accountable`)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TagsInput label="Responsible" data={people} clearable {...form.getInputProps(`collaboration.${i}.responsible`)} />
            <TagsInput label="Consulted" data={people} clearable {...form.getInputProps(`collaboration.${i}.consulted`)} />
            <TagsInput label="Informed" data={people} clearable {...form.getInputProps(`collaboration.${i}.informed`)} />
          </SimpleGrid>
        </RowFrame>
      ))}
      <Group gap="xs">
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('collaboration', newRaci())}>
          Add decision kind
        </Button>
        {missing.map((k) => (
          <Button key={k} size="compact-sm" variant="subtle" onClick={() => form.insertListItem('collaboration', newRaci(k))}>
            + {k}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
