import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager, type MantineThemeColors, Notification } from '@mantine/core';

/** Saved light/dark choice; index.html's inline script reads the same key before first paint. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'candor-color-scheme' });

/**
 * Mantine's teal, orange, red and green are too light in their dark shades for
 * WCAG AA text contrast (badges, alerts, filled buttons); these keep the hues
 * with darker shades 7–9.
 */
const colors: Partial<MantineThemeColors> = {
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#12b886', '#0c8f6a', '#08735a', '#065f46'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#fd7e14', '#e8590c', '#b93e0c', '#9a3412'],
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#fa5252', '#e03131', '#c22525', '#a51d1d'],
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#40c057', '#2f9e44', '#237a35', '#1b642b'],
};

export const theme = createTheme({
  colors,
  primaryColor: 'indigo',
  // Shades dark enough for white text on filled buttons to meet WCAG AA contrast.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // The close button of every toast (notifications.show) has no text of its own: name it.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

/** Mantine's dimmed grey is too light for small text (WCAG AA); use one shade darker/lighter. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-8)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-3)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});
