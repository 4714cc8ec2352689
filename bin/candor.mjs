#!/usr/bin/env node
// The `candor` administration command. The CLI is TypeScript run through tsx,
// like the dev server: register the loader, then hand over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
