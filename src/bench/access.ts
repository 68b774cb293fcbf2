// The apps the benchmarks sign in as, registered and consented into their seeds: the emulator gives tokens to no
// other. tenantform's app holds exactly what its kinds declare; the naive script's app holds the same grants.
import { EMULATOR_APP } from '../clients/index.js';
import type { SeedDocument } from '../emulator/seed.js';
import { appWith, withApp } from '../emulator/seed-apps.js';
import { allGrants } from '../kinds/permissions.js';

export const NAIVE_APP = { clientId: 'b3e1c4a0-0000-4000-8000-00000000a1fe', secret: 'naive-secret' } as const;

export function withBenchApps<T extends SeedDocument>(doc: T): T {
  const g = allGrants();
  withApp(doc, appWith(g, { clientId: EMULATOR_APP.clientId, clientSecret: EMULATOR_APP.secret }));
  return withApp(doc, appWith(g, { clientId: NAIVE_APP.clientId, clientSecret: NAIVE_APP.secret, displayName: 'naive script' }));
}
