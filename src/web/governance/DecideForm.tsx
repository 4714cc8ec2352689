import { Button, Group, Modal, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { fieldErrors } from '../app/api';
import { FormError } from '../components/FormError';
import { useDecide } from './api';
import { CLOSE } from './modal';
import { decisionNumber } from './labels';
import type { Decision } from './types';

const NONE = 'none';

/** Record the outcome: the chosen option (or none of them) and what was decided. Final, so confirmed first. */
export function DecideForm({ decision, engagementId }: { decision: Decision; engagementId: string }) {
  const decide = useDecide(engagementId, decision.id);
  const [confirming, confirm] = useDisclosure(false);
  const form = useForm({
    initialValues: { chosen: NONE, outcome: '' },
    validate: { outcome: (v) => (v.trim() ? null : 'Write down what was decided, and why') },
  });
  const chosen = form.values.chosen === NONE ? undefined : Number(form.values.chosen);

  const record = async () => {
    try {
      await decide.mutateAsync({ outcome: form.values.outcome.trim(), ...(chosen !== undefined ? { chosenOption: chosen } : {}) });
      notifications.show({ color: 'teal', title: `Decision ${decisionNumber(decision.number)} recorded`, message: 'Everyone on the engagement can see the outcome.' });
      confirm.close();
    } catch (err) {
      confirm.close();
      form.setErrors(fieldErrors(err));
    }
  };

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="decide-title" style={{ borderColor: 'var(--mantine-color-anchor)' }}>
      <form onSubmit={form.onSubmit(confirm.open)} noValidate>
        <Stack gap="md">
          <Title order={3} size="h4" id="decide-title">
            Your decision
          </Title>
          <Radio.Group label="Which option?" {...form.getInputProps('chosen')} error={form.errors.chosenOption}>
            <Stack gap={6} mt="xs">
              {decision.options.map((o, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: options are positional
                <Radio key={i} value={String(i)} label={`Option ${i + 1}: ${o.title}`} />
              ))}
              <Radio value={NONE} label="None of these (explain below)" />
            </Stack>
          </Radio.Group>
          <Textarea label="Outcome" description="What was decided, and why" required autosize minRows={3} maxRows={10} {...form.getInputProps('outcome')} />
          <FormError error={decide.error} />
          <Group justify="flex-end">
            <Button type="submit">Record the decision</Button>
          </Group>
        </Stack>
      </form>
      <Modal closeButtonProps={CLOSE} opened={confirming} onClose={confirm.close} title="Record this decision?" centered>
        <Stack gap="md">
          <Text size="sm">
            {chosen !== undefined ? `You choose option ${chosen + 1}, “${decision.options[chosen]?.title}”. ` : 'You choose none of the options. '}
            A recorded decision cannot be edited; to change course later, replace it with a new decision.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close} disabled={decide.isPending}>
              Cancel
            </Button>
            <Button onClick={record} loading={decide.isPending}>
              Record decision
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
