import { useMantineTheme } from '@mantine/core';

interface Props {
  values: readonly (number | null)[];
  color: string;
  /** What the line shows, for screen readers ("Provider trend over 12 weeks: 61 to 74"). */
  label: string;
  width?: number;
  height?: number;
}

/**
 * A small trend line in plain SVG, 0–100 on the vertical axis; gaps where a
 * point has no score. No chart library, so the overview stays light.
 */
export function Sparkline({ values, color, label, width = 120, height = 32 }: Props) {
  const theme = useMantineTheme();
  const stroke = theme.colors[color]?.[6] ?? color;
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 2 - (v / 100) * (height - 4);
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const lastIndex = values.findLastIndex((v) => v !== null);
  const last = lastIndex >= 0 ? values[lastIndex]! : null;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ display: 'block', overflow: 'visible' }}>
      <line x1={0} x2={width} y1={y(50)} y2={y(50)} stroke="var(--mantine-color-default-border)" strokeDasharray="2 3" />
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke={stroke} strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />
      ))}
      {last !== null && <circle cx={x(lastIndex)} cy={y(last)} r={2.5} fill={stroke} />}
    </svg>
  );
}

/** "over 12 weeks: 61 to 74" (or "no score yet"). */
export function trendWords(values: readonly (number | null)[]): string {
  const scored = values.filter((v): v is number => v !== null);
  if (scored.length === 0) return 'no score yet';
  const first = Math.round(scored[0]!);
  const last = Math.round(scored.at(-1)!);
  return scored.length === 1 ? `${last}` : `${first} to ${last} over ${values.length} weeks`;
}
