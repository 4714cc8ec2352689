/** Mantine's modal close button has no text: name it. */
export const CLOSE = { 'aria-label': 'Close' } as const;
