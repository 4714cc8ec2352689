import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret (token, feed URL) shown once after it was made, with its copy field inside; closing it forgets it. */
export function ShownOnce({ what, onClose, children }: { what: string; onClose: () => void; children: ReactNode }) {
  return (
    <Alert color="orange" variant="light" title={`Copy the ${what} now: it is shown only once`} withCloseButton closeButtonLabel="I have copied it" onClose={onClose}>
      {children}
    </Alert>
  );
}
