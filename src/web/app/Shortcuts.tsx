import { Anchor, Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { can } from '../../domain/authz/policy';
import { useEngagementSummaryIfAny } from '../engagements/useCurrent';
import { createHere, pageHref, SECTIONS } from '../engagements/sections';

/** How long after `g` its letter still counts. */
const SEQUENCE_MS = 1500;

/**
 * Keyboard shortcuts (@mantine/hooks useHotkeys, which ignores keys typed in
 * inputs, text areas, selects and editable content):
 * `g` then a letter goes to a section, `c` creates in the current list, `?`
 * lists them all; ⌘K / Ctrl+K is the palette's own.
 */
export function Shortcuts() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [help, helpModal] = useDisclosure(false);
  const gAt = useRef(Number.NEGATIVE_INFINITY);
  const engagement = useEngagementSummaryIfAny(pathname);

  const pendingG = (e: KeyboardEvent) => {
    const pending = e.timeStamp - gAt.current < SEQUENCE_MS;
    gAt.current = Number.NEGATIVE_INFINITY;
    return pending;
  };
  const toSection = (letter: string) => {
    if (letter === 'e') return navigate('/engagements');
    const s = SECTIONS.find((x) => x.letter === letter);
    if (s && engagement) navigate(pageHref(engagement.id, s.pages[0]!.path));
  };
  const create = () => {
    const c = createHere(pathname);
    if (c && engagement && can(engagement.myRole, c.action)) navigate(pageHref(engagement.id, c.to));
  };

  const letters = [...new Set([...SECTIONS.map((s) => s.letter), 'e'])];
  useHotkeys([
    [
      'g',
      (e) => {
        // `g g` is the Governance section; a lone `g` starts a sequence
        if (pendingG(e)) toSection('g');
        else gAt.current = e.timeStamp;
      },
      { preventDefault: false },
    ],
    ...letters
      .filter((l) => l !== 'g')
      .map(
        (l) =>
          [
            l,
            (e: KeyboardEvent) => {
              if (pendingG(e)) toSection(l);
              else if (l === 'c') create();
            },
            { preventDefault: false },
          ] as [string, (e: KeyboardEvent) => void, { preventDefault: boolean }],
      ),
    ['shift+?', () => helpModal.open()],
    ['?', () => helpModal.open()],
  ]);

  const rows: [first: string, then: string | null, what: string][] = [
    ['Ctrl', 'K', 'Open the command palette: jump to a page or an engagement, search, create (⌘K on a Mac)'],
    ...SECTIONS.map((s): [string, string, string] => ['g', s.letter, `Go to ${s.label}: ${s.pages.map((p) => p.label).join(', ')}`]),
    ['g', 'e', 'Go to all engagements'],
    ['c', null, 'Create in the current list (a note in Notes, an item in Items, a risk in RAID, …)'],
    ['?', null, 'Show these shortcuts'],
  ];

  return (
    <Modal opened={help} onClose={helpModal.close} title="Keyboard shortcuts" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Shortcuts stay silent while you type in a field. Press the keys one after the other, not together (except Ctrl K).
        </Text>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Keys</Table.Th>
              <Table.Th scope="col">What they do</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([first, then, what]) => (
              <Table.Tr key={what}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    <Kbd>{first}</Kbd>
                    {then && <Kbd>{then}</Kbd>}
                  </Group>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">
          Every page, and what you may create here, is also in the{' '}
          <Anchor component="button" type="button" fz="sm" onClick={() => {
              helpModal.close();
              spotlight.open();
            }}>
            command palette
          </Anchor>
          .
        </Text>
      </Stack>
    </Modal>
  );
}
