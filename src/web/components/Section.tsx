import { Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  /** Heading level of the section title. */
  order?: 2 | 3 | 4;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}

/** A titled block of a page, as a landmark-free region with its own heading. */
export function Section({ title, order = 2, actions, children, id }: Props) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs" wrap="wrap">
          <Title order={order} size="h4" id={headingId}>
            {title}
          </Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
