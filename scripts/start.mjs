// `npm start`: build the web UI if needed, then run the server (migrations and
// the demo seed happen in the server's own start-up).
import { register } from 'tsx/esm/api';
import { ensureWebBuilt } from './web-build.mjs';

try {
  await ensureWebBuilt();
} catch (err) {
  console.error('The web UI could not be built:', err instanceof Error ? err.message : err);
  process.exit(1);
}
register();
await import('../src/server/main.ts');
