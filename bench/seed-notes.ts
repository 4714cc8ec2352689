import { accessFor } from '../src/server/authz/access';
import type { SeedResult } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createNote } from '../src/server/notes/service';

const NOTES = Number(process.env.BENCH_NOTES ?? 5000);

/** The large engagement's notes: `count` notes on the demo engagement (20% internal), each through createNote with its audit record, as the lead (also scripts/soak.ts). */
export async function seedBenchNotes(deps: Deps, seed: SeedResult, count = NOTES): Promise<void> {
  const E = seed.engagementId;
  const lead = accessFor({ userId: seed.users.lead, email: 'lead@demo.candor.dev', name: 'Maya Okafor', isAdmin: false, orgId: null, via: 'session' }, E, 'lead', 'note.create');
  for (let i = 0; i < count; i++) {
    await createNote(deps, lead, {
      kind: i % 4 === 0 ? 'meeting' : 'working',
      title: `Note ${i}: ${['carrier API', 'pricing page', 'invoice export', 'tracking widget'][i % 4]}`,
      body: `Working note number ${i}. `.repeat(8),
      visibility: i % 5 === 0 ? 'internal' : 'shared',
      meetingDate: null,
    });
  }
}

