import { Skeleton, Stack, VisuallyHidden } from '@mantine/core';

/** Placeholder while a page's data loads: the shape of a heading (unless the page drew its own) and a few blocks. */
export function PageLoader({ label = 'Loading…', heading = true }: { label?: string; heading?: boolean }) {
  return (
    <Stack gap="md" aria-busy="true" aria-live="polite">
      <VisuallyHidden>{label}</VisuallyHidden>
      {heading && <Skeleton height={32} width="40%" radius="sm" />}
      {heading && <Skeleton height={18} width="70%" radius="sm" />}
      <Skeleton height={120} radius="md" />
      <Skeleton height={120} radius="md" />
    </Stack>
  );
}

/** A few skeleton rows inside a section. */
export function SectionLoader({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Skeleton key={i} height={22} radius="sm" />
      ))}
    </Stack>
  );
}
