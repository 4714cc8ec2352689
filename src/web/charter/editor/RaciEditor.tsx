import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import type { CharterForm } from './form';
import { newRaci } from './form';
import { RowFrame } from './RowFrame';
import type { Member } from '../../app/types';
import { PeoplePicker, PersonSelect } from '../../people/PersonPicker';

const SUGGESTED = ['scope', 'budget', 'technical', 'release', 'staffing'];

export function RaciEditor({ form, members }: { form: UseFormReturnType<CharterForm>; members: Member[] }) {
  const rows = form.values.collaboration;
  const used = new Set(rows.map((r) => r.decisionKind.trim().toLowerCase()));
  const missing = SUGGESTED.filter((k) => !used.has(k));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        For each kind of decision: who does the work (responsible), who decides (accountable, one person), who is asked first
        (consulted) and who is told (informed). Pick members of the engagement; someone who is not a member can be named as a third party.
      </Text>
      {rows.map((r, i) => (
        <RowFrame key={r.rid} title={`Decision ${i + 1}${r.decisionKind ? `: ${r.decisionKind}` : ''}`} onRemove={() => form.removeListItem('collaboration', i)}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label="Kind of decision" required placeholder="scope" {...form.getInputProps(`collaboration.${i}.decisionKind`)} />
            <PersonSelect
              label="Accountable"
              required
              members={members}
              value={r.accountable}
              onChange={(v) => form.setFieldValue(`collaboration.${i}.accountable`, v)}
              error={form.errors[`collaboration.${i}.accountable`]}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            {(['responsible', 'consulted', 'informed'] as const).map((key) => (
              <PeoplePicker
                key={key}
                label={key[0]!.toUpperCase() + key.slice(1)}
                members={members}
                value={r[key]}
                onChange={(v) => form.setFieldValue(`collaboration.${i}.${key}`, v)}
              />
            ))}
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
