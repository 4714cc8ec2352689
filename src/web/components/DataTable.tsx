import { Box, Card, DataList, Stack, Table } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** Header text for phones, where headers become labels (defaults to `header` when it is a string). */
  label?: string;
  cell: (row: T) => ReactNode;
  align?: 'left' | 'right';
  width?: number | string;
  nowrap?: boolean;
  /** Visually hidden header (action columns). */
  hiddenHeader?: boolean;
}

interface Props<T> {
  /** Names the table for assistive technology. */
  label: string;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** The column that names each row (a row header on desktop, the card title on phones). */
  primary: Column<T>;
  columns: Column<T>[];
  /** Per-row actions (buttons); last column on desktop, bottom of the card on phones. */
  actions?: (row: T) => ReactNode;
  minWidth?: number;
  rowProps?: (row: T) => Record<string, string | boolean | undefined>;
}

/**
 * A table on wide screens; a stack of cards on phones, each row's cells shown
 * as label/value pairs, so nothing needs sideways scrolling.
 */
export function DataTable<T>({ label, rows, rowKey, primary, columns, actions, minWidth = 640, rowProps }: Props<T>) {
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });

  if (phone) {
    return (
      <Stack gap="xs" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((row) => (
          <Card key={rowKey(row)} component="li" withBorder radius="md" padding="sm" {...(rowProps?.(row) ?? {})}>
            <Stack gap={6}>
              <Box fw={600} fz="sm">
                {primary.cell(row)}
              </Box>
              <DataList size="sm" labelWidth={96} gap={4}>
                {columns.map((c) => (
                  <DataList.Item key={c.key}>
                    <DataList.ItemLabel>{c.label ?? (typeof c.header === 'string' ? c.header : c.key)}</DataList.ItemLabel>
                    <DataList.ItemValue style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{c.cell(row)}</DataList.ItemValue>
                  </DataList.Item>
                ))}
              </DataList>
              {actions && <Box>{actions(row)}</Box>}
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }

  const th = (c: Column<T>) => (
    <Table.Th key={c.key} scope="col" ta={c.align} w={c.width}>
      {c.hiddenHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
    </Table.Th>
  );
  return (
    <Box role="region" aria-label={`${label} table`} tabIndex={0} pos="relative" style={{ overflowX: 'auto' }}>
      <Table striped highlightOnHover verticalSpacing="xs" fz="sm" miw={minWidth}>
        <Table.Thead>
          <Table.Tr>
            {th(primary)}
            {columns.map(th)}
            {actions && (
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} {...(rowProps?.(row) ?? {})}>
              <Table.Th scope="row" fw={600} ta={primary.align} style={primary.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                {primary.cell(row)}
              </Table.Th>
              {columns.map((c) => (
                <Table.Td key={c.key} ta={c.align} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                  {c.cell(row)}
                </Table.Td>
              ))}
              {actions && <Table.Td style={{ whiteSpace: 'nowrap' }}>{actions(row)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
