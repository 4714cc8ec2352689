import { Anchor, Collapse, Group, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import { plural, SEVERITIES, SEVERITY_LABEL, SEVERITY_RANGE, severityOf } from './labels';
import classes from './RiskMatrix.module.css';
import type { Severity } from './types';

export interface Cell {
  probability: number;
  impact: number;
}

interface Props {
  /** Open risks counted by [probability-1][impact-1]. */
  matrix: number[][];
  selected: Cell | null;
  onSelect: (cell: Cell | null) => void;
}

const LEVELS = [1, 2, 3, 4, 5];
const count = (m: number[][], p: number, i: number) => m[p - 1]?.[i - 1] ?? 0;

/** Open risks per severity band, from the matrix. */
export function bySeverity(matrix: number[][]): Record<Severity, number> {
  const out: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const p of LEVELS) for (const i of LEVELS) out[severityOf(p * i)] += count(matrix, p, i);
  return out;
}

function MatrixCell({ p, i, n, selected, onSelect }: { p: number; i: number; n: number; selected: boolean; onSelect: Props['onSelect'] }) {
  const sev = severityOf(p * i);
  const cls = [classes.cell, classes[sev], n > 0 ? classes.filled : '', selected ? classes.selected : ''].join(' ');
  return (
    <td className={cls} data-severity={sev}>
      {n > 0 && (
        <button
          type="button"
          className={classes.button}
          aria-pressed={selected}
          aria-label={`Probability ${p}, impact ${i}: ${plural(n, 'open risk')}, ${SEVERITY_LABEL[sev].toLowerCase()} (score ${p * i})${selected ? ', shown below' : ''}`}
          onClick={() => onSelect(selected ? null : { probability: p, impact: i })}
        >
          {n}
        </button>
      )}
    </td>
  );
}

/**
 * The 5×5 picture of open risks: probability up, impact across, coloured by
 * severity band. Cells with risks are buttons that filter the register; the
 * same numbers are available as a plain table.
 */
export function RiskMatrix({ matrix, selected, onSelect }: Props) {
  const [tableOpen, { toggle }] = useDisclosure(false);
  const tableId = useId();
  const bands = bySeverity(matrix);
  const total = SEVERITIES.reduce((s, k) => s + bands[k], 0);
  const cells = LEVELS.flatMap((p) => LEVELS.map((i) => ({ p, i, n: count(matrix, p, i) }))).filter((c) => c.n > 0);

  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        {total === 0
          ? 'No open risks.'
          : `${plural(total, 'open risk')}: ${SEVERITIES.filter((s) => bands[s] > 0)
              .map((s) => `${bands[s]} ${SEVERITY_LABEL[s].toLowerCase()}`)
              .join(', ')}.`}
      </Text>
      <div className={classes.wrap}>
        <div className={classes.yAxis} aria-hidden>
          Probability →
        </div>
        <table className={classes.table}>
          <caption className="visually-hidden">
            Open risks by probability (rows, 5 = almost certain) and impact (columns, 5 = severe). Select a number to list those risks.
          </caption>
          <thead>
            <tr>
              <td className={classes.rowHead} />
              {LEVELS.map((i) => (
                <th key={i} scope="col" className={classes.head}>
                  <span className="visually-hidden">Impact </span>
                  {i}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...LEVELS].reverse().map((p) => (
              <tr key={p}>
                <th scope="row" className={`${classes.head} ${classes.rowHead}`}>
                  <span className="visually-hidden">Probability </span>
                  {p}
                </th>
                {LEVELS.map((i) => (
                  <MatrixCell
                    key={i}
                    p={p}
                    i={i}
                    n={count(matrix, p, i)}
                    selected={selected?.probability === p && selected.impact === i}
                    onSelect={onSelect}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className={classes.xAxis} aria-hidden>
          Impact →
        </div>
      </div>
      <Group gap="md" wrap="wrap">
        {SEVERITIES.map((s) => (
          <span key={s} className={classes.legend}>
            <span className={`${classes.swatch} ${classes.filled} ${classes[s]}`} aria-hidden />
            {SEVERITY_LABEL[s]} {SEVERITY_RANGE[s]}
          </span>
        ))}
      </Group>
      <div>
        <Anchor component="button" type="button" size="sm" fw={600} onClick={toggle} aria-expanded={tableOpen} aria-controls={tableId}>
          {tableOpen ? 'Hide the numbers as a table' : 'Show the numbers as a table'}
        </Anchor>
        <Collapse expanded={tableOpen} id={tableId}>
          <Table fz="sm" mt="xs" withTableBorder verticalSpacing={4}>
            <caption className="visually-hidden">Open risks per probability and impact</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Probability × impact</Table.Th>
                <Table.Th scope="col">Severity (score)</Table.Th>
                <Table.Th scope="col" ta="right">
                  Open risks
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cells.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={3}>No open risks.</Table.Td>
                </Table.Tr>
              ) : (
                cells
                  .sort((a, b) => b.p * b.i - a.p * a.i)
                  .map((c) => (
                    <Table.Tr key={`${c.p}-${c.i}`}>
                      <Table.Th scope="row" fw={500}>
                        {c.p} × {c.i}
                      </Table.Th>
                      <Table.Td>
                        {SEVERITY_LABEL[severityOf(c.p * c.i)]} ({c.p * c.i})
                      </Table.Td>
                      <Table.Td ta="right">{c.n}</Table.Td>
                    </Table.Tr>
                  ))
              )}
            </Table.Tbody>
          </Table>
        </Collapse>
      </div>
    </Stack>
  );
}
