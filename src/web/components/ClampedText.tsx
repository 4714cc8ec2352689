import { Box, Button } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { type ReactNode, useId, useState } from 'react';

/** Long content cut at `maxHeight` with a "Show more" toggle (only when it overflows). */
export function ClampedText({ children, maxHeight = 180, label }: { children: ReactNode; maxHeight?: number; label: string }) {
  const [open, setOpen] = useState(false);
  const { ref, height } = useElementSize();
  const id = useId();
  const overflows = height > maxHeight + 8;
  return (
    <div>
      <Box
        id={id}
        style={{
          maxHeight: open || !overflows ? undefined : maxHeight,
          overflow: 'hidden',
          maskImage: !open && overflows ? 'linear-gradient(to bottom, black 70%, transparent)' : undefined,
        }}
      >
        <div ref={ref}>{children}</div>
      </Box>
      {overflows && (
        <Button
          variant="subtle"
          size="compact-sm"
          mt={4}
          px={0}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-controls={id}
          aria-label={`${open ? 'Show less' : 'Show more'} of ${label}`}
        >
          {open ? 'Show less' : 'Show more'}
        </Button>
      )}
    </div>
  );
}
