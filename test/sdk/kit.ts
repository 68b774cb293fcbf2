// The SDK conformance tests' fixtures: a seed with one customer tenant (users, a group, an Azure subscription, an app
// with a secret) under a partner, the emulator started in-process with TLS and its CA written to a temporary folder,
// and the runner of a scenario script in a child Node process that trusts that CA through NODE_EXTRA_CA_CERTS.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { Outcome } from './scenarios/report.js';
import { CONTOSO, CONTOSO_DOMAINS, e3, PARTNER, SUB } from '../support/seed.js';
import { everyRole, withWorldApps } from '../support/world.js';

export const CLIENT_ID = '5d1c0a11-0000-4000-8000-000000000001';
export const CLIENT_SECRET = 'sdk-test-secret';
export const MPN_ID = '4711001';

export function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS],
      skus: [e3(10, [])],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', usageLocation: 'SE' },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' },
      ],
      groups: [{ displayName: 'Finance', mailNickname: 'finance', type: 'security', members: ['alice@contoso.com'] }],
      // The automation app may manage access on the subscription: Owner, assigned to its service principal.
      subscriptions: [{ subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-web'], roleAssignments: [{ principal: `servicePrincipal:${CLIENT_ID}`, principalType: 'ServicePrincipal', role: 'Owner' }] }],
      apps: [{ clientId: CLIENT_ID, displayName: 'Partner automation', clientSecret: CLIENT_SECRET, roles: everyRole() }],
    }],
    partner: {
      tenantId: PARTNER, displayName: 'Fabrikam CSP', domains: ['fabrikamcsp.onmicrosoft.com'], mpnId: MPN_ID,
      skus: [], customers: [{ tenantId: CONTOSO, companyName: 'Contoso Ltd' }], gdapRelationships: [],
    },
  };
}

export async function startTls(): Promise<RunningEmulator & { caPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-sdk-'));
  // The scenarios check that stock SDKs speak to the emulator (create, then read back at once), not how a client rides
  // out replication: eventual consistency, tested in test/clients/read-after-write.test.ts, is off.
  const emu = await startEmulator({ seed: withWorldApps(seed()), tls: true, caOut: join(dir, 'ca.pem'), replicationDelayMs: 0 });
  return { ...emu, caPath: emu.caPath as string };
}

const SCENARIOS = fileURLToPath(new URL('./scenarios/', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));

/** Runs `scenarios/<name>.ts` in a child Node process that trusts the emulator's CA; returns its step outcomes. */
export function runScenario(name: string, emu: { url: string; caPath: string }, extra: Record<string, string> = {}): Promise<Record<string, Outcome>> {
  const env = {
    ...process.env, NODE_EXTRA_CA_CERTS: emu.caPath, EMULATOR_URL: emu.url, TENANT_ID: CONTOSO, CLIENT_ID,
    CLIENT_SECRET, SUBSCRIPTION_ID: SUB, MPN_ID, NODE_OPTIONS: '', ...extra,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(SCENARIOS, `${name}.ts`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as Record<string, Outcome>);
      } catch {
        reject(new Error(`scenario ${name} exited ${String(code)} without a report:\n${out}\n${err}`));
      }
    });
  });
}

/** A scenario step's value; a failed or missing step fails the test with the step's own error. */
export function stepValue(steps: Record<string, Outcome>, name: string): Record<string, unknown> {
  const o = steps[name];
  if (!o?.ok) throw new Error(`step ${name} failed: ${o ? o.error : 'not run'}`);
  return o.value as Record<string, unknown>;
}
