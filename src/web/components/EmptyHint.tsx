import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  /** Heading level of the title: 2 directly under a page title, 3 inside a section. */
  order?: 2 | 3 | 4;
}

/** An empty list: what is missing and what to do next. */
export function EmptyHint({ icon, title, children, action, order = 2 }: Props) {
  return (
    <EmptyState icon={icon} withIndicatorBackground py="xl">
      <EmptyState.Title order={order}>{title}</EmptyState.Title>
      {children && <EmptyState.Description>{children}</EmptyState.Description>}
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
