// The test world: one place for the apps tests sign in as, their tokens, and an emulator started with them. The
// emulator is strict (tokens only for apps a tenant knows, every route checks its permission), so a test's seed
// gets tenantform's app, consented with exactly the grants its kinds declare, and the emulator tests' apps, which
// hold every grant. A test that wants a world without them starts the emulator from src/emulator directly.
import { createHash } from 'node:crypto';
import { startEmulator as startBare, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { loadSeed, type SeedDocument } from '../../src/emulator/seed.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { omnipotentApp, TEST_SECRET, withTenantform } from './access.js';
import { smallSeed } from './seed.js';

export * from './access.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client id of a test app named by label ('app-1'): a GUID stable across runs; a GUID is its own id. */
export function appId(label: string): string {
  if (GUID.test(label)) return label;
  const h = createHash('sha256').update(`test app|${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The labels of the apps every test world registers: two with every grant, the rest with Graph's roles only. */
export const TEST_APP_LABELS = ['app-1', 'app-2', 'app-3', 'app-4', 'app-5', 'app-6', 'app-7'];

/** `doc` with tenantform's app and the test apps registered and consented in every tenant. */
export function withWorldApps<T extends SeedDocument>(doc: T): T {
  for (const label of TEST_APP_LABELS) {
    const full = omnipotentApp(appId(label), TEST_SECRET, `test ${label}`);
    withApp(doc, label === 'app-1' || label === 'app-2' ? full : { ...full, directoryRoles: [], azureRoles: [] });
  }
  return withTenantform(doc);
}

/** The emulator on `o.seed` (a document or a YAML file) with the test world's apps added to it. */
export async function startEmulator(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  if (o.seed === undefined || o.statePath) return startBare(o);
  return startBare({ ...o, seed: withWorldApps(loadSeed(o.seed)) });
}

/** A client-credentials token of a test app (by label or id) for `scope`. */
export async function appToken(url: string, tenantId: string, app = 'app-1', scope = 'https://graph.microsoft.com/.default', secret = TEST_SECRET): Promise<string> {
  const res = await fetch(`${url}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId(app), client_secret: secret, scope }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token for ${app} in ${tenantId}: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The test apps with every grant, by id. */
export const TEST_APP = appId('app-1');
export const TEST_APP_2 = appId('app-2');

/**
 * The emulator tests' world on the small Contoso seed. They check each endpoint's own answers, written then read back
 * at once: eventual consistency (on by default) is off unless a test asks for it, and has tests of its own.
 */
export function startSmall(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: withWorldApps(smallSeed()), replicationDelayMs: 0, ...o });
}
