import { Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useContext } from 'react';
import { useDocumentTitle } from '@mantine/hooks';
import { EngagementContext } from '../engagements/context';

interface Props {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Heading level: 1 for a page, 2 for a page inside the engagement layout (which owns the h1). */
  order?: 1 | 2;
  /** Text for the browser tab; defaults to the title. */
  documentTitle?: string;
}

export function PageHeader({ title, description, actions, order = 1, documentTitle }: Props) {
  // Inside an engagement the layout names the tab from the sections module (useDocumentTitle ignores '').
  const inEngagement = useContext(EngagementContext) !== null;
  useDocumentTitle(inEngagement ? '' : `${documentTitle ?? title} · Candor`);
  return (
    <Group justify="space-between" align="flex-start" gap="md" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 280px' }}>
        <Title order={order} size={order === 1 ? 'h2' : 'h3'}>
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
