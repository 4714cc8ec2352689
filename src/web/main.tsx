import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './app/global.css';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { prepareFirstRender } from './app/first-render';
import { createQueryClient } from './app/queryClient';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
const queryClient = createQueryClient();
// The static skeleton of index.html stays until the first route's chunks and reads are in; then React draws
// shell and page once, in a transition, which it renders in slices between which the browser stays responsive
// (ADR 0036).
void prepareFirstRender(queryClient, window.location.pathname).then(() => {
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <App queryClient={queryClient} />
      </StrictMode>,
    );
  });
});
