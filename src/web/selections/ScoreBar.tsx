import { Box, Text } from '@mantine/core';

/**
 * A 0–100 score as a bar: the evaluators' range (min–max) shaded, the score as
 * a solid mark. The numbers are in the accessible name, so the bar is not the
 * only way to read them.
 */
export function ScoreBar({ score, min, max, color = 'indigo', label }: { score: number | null; min?: number | null; max?: number | null; color?: string; label: string }) {
  const pos = (n: number) => `${Math.max(0, Math.min(100, n))}%`;
  const range = min !== null && min !== undefined && max !== null && max !== undefined;
  const text = `${label}: ${score === null ? 'no score' : score.toFixed(1)}${range ? `, evaluators from ${min!.toFixed(1)} to ${max!.toFixed(1)}` : ''} (0–100)`;
  return (
    <Box role="img" aria-label={text} pos="relative" h={18} style={{ borderRadius: 4, background: 'var(--mantine-color-default-border)' }}>
      {range && (
        <Box
          pos="absolute"
          top={0}
          bottom={0}
          style={{ left: pos(min!), width: `calc(${pos(max!)} - ${pos(min!)} + 2px)`, background: `var(--mantine-color-${color}-3)`, borderRadius: 4 }}
        />
      )}
      {score !== null && (
        <Box
          pos="absolute"
          top={-3}
          bottom={-3}
          w={4}
          style={{ left: `calc(${pos(score)} - 2px)`, background: `var(--mantine-color-${color}-9)`, borderRadius: 2 }}
        />
      )}
    </Box>
  );
}

export function ScaleLegend() {
  return (
    <Text size="xs" c="dimmed">
      Bars: 0–100. The dark mark is the weighted score; the shaded band spans the evaluators’ own weighted scores, lowest to highest.
    </Text>
  );
}
