import { ActionIcon, Button, Fieldset, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Visibility } from '../app/types';
import type { DecisionOption } from './types';

export const emptyOption = (): Required<DecisionOption> => ({ title: '', description: '', cost: '', time: '', risk: '' });

/** The values of the decision request form. */
export interface DecisionFormValues {
  title: string;
  context: string;
  options: Required<DecisionOption>[];
  recommendation: string;
  kind: string;
  dueDate: string;
  visibility: Visibility;
}

/** The options of a decision, each with its trade-offs in cost, time and risk; add and remove. */
export function OptionsEditor({ form }: { form: UseFormReturnType<DecisionFormValues> }) {
  const options = form.values.options;
  const err = (form.errors as Record<string, React.ReactNode>).options;
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={600}>
          Options
        </Text>
        <Text size="xs" c="dimmed">
          What could be done, including doing nothing. For each, what it costs, how long it takes, and what may go wrong.
        </Text>
        {err && (
          <Text size="xs" c="var(--mantine-color-error)" role="alert">
            {err}
          </Text>
        )}
      </div>
      {options.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: options are positional, as the server numbers them
        <Fieldset key={i} legend={`Option ${i + 1}`} radius="md" p="sm">
          <Stack gap="xs">
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput label="Title" required style={{ flex: 1 }} {...form.getInputProps(`options.${i}.title`)} />
              {options.length > 1 && (
                <Tooltip label={`Remove option ${i + 1}`}>
                  <ActionIcon variant="default" size={36} aria-label={`Remove option ${i + 1}`} onClick={() => form.removeListItem('options', i)}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            <Textarea label="Description" autosize minRows={1} maxRows={6} {...form.getInputProps(`options.${i}.description`)} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput label="Cost" placeholder="e.g. 6 days, €4,800" {...form.getInputProps(`options.${i}.cost`)} />
              <TextInput label="Time" placeholder="e.g. two weeks later" {...form.getInputProps(`options.${i}.time`)} />
              <TextInput label="Risk" placeholder="e.g. carrier may change its API" {...form.getInputProps(`options.${i}.risk`)} />
            </SimpleGrid>
          </Stack>
        </Fieldset>
      ))}
      {options.length < 10 && (
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('options', emptyOption())} style={{ alignSelf: 'flex-start' }}>
          Add option
        </Button>
      )}
    </Stack>
  );
}
