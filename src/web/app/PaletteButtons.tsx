import { Button, Group, Kbd, UnstyledButton } from '@mantine/core';
import { useHotkeys, useOs } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconCommand } from '@tabler/icons-react';
import classes from './CommandPalette.module.css';

/*
 * The buttons that open the command palette, apart from the palette itself (CommandPalette.tsx):
 * the header draws them at once, and the palette's code loads after the first page has drawn
 * (AppLayout, ADR 0035). `spotlight.open()` only sets the palette's store, so a click (or ⌘K / Ctrl+K)
 * before the palette has loaded opens it as soon as it mounts.
 */

let mounted = false;
/** Called by the palette when it mounts: from then on it handles ⌘K / Ctrl+K itself. */
export const paletteMounted = () => {
  mounted = true;
};

/** ⌘K / Ctrl+K in the moments before the palette has loaded. */
export function usePaletteHotkeyUntilLoaded() {
  useHotkeys([['mod+K', () => !mounted && spotlight.open()]], []);
}

/** In the phone drawer: the palette for people without a keyboard. */
export function PaletteDrawerButton({ onOpen }: { onOpen?: () => void }) {
  return (
    <Button
      variant="default"
      fullWidth
      justify="flex-start"
      leftSection={<IconCommand size={16} aria-hidden />}
      onClick={() => {
        onOpen?.();
        spotlight.open();
      }}
    >
      Go to, search or create…
    </Button>
  );
}

/** The header button that opens the palette (⌘K / Ctrl+K does too). */
export function PaletteButton() {
  const os = useOs();
  const mod = os === 'macos' || os === 'ios' ? '⌘' : 'Ctrl';
  return (
    <>
      <Button
        variant="default"
        visibleFrom="md"
        leftSection={<IconCommand size={16} aria-hidden />}
        rightSection={
          <Group gap={2} aria-hidden>
            <Kbd size="xs">{mod}</Kbd>
            <Kbd size="xs">K</Kbd>
          </Group>
        }
        onClick={() => spotlight.open()}
        title="Command palette: jump to a page, search, create"
        aria-keyshortcuts="Control+K Meta+K"
      >
        Go to…
      </Button>
      <UnstyledButton visibleFrom="sm" hiddenFrom="md" className={classes.iconButton} onClick={() => spotlight.open()} aria-label="Open the command palette (jump, search, create)">
        <IconCommand size={18} aria-hidden />
      </UnstyledButton>
    </>
  );
}
