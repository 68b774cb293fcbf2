// passwordPolicies on users end to end through the commands, against the emulator: the list planned against Graph's
// comma-separated string (api-reference/v1.0/resources/user.md), applied (`None` clears it: microsoft-365-docs
// admin/add-users/set-password-to-never-expire.md), converged, an out-of-band change found, and exported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import { runApply } from '../../src/cli/apply.js';
import { runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedUser } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan } from '../../src/plan/types.js';
import { startEmulator, withTenantform } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000ea';
const ADMIN = 'admin@contoso.onmicrosoft.com';

let emu: RunningEmulator;
let root: string;
let started = false;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tenantform-passwords-'));
  execFileSync('git', ['init', '-q', root]);
});
afterEach(async () => {
  if (started) await emu.close();
  started = false;
});

async function start(extra: SeedUser[]): Promise<void> {
  const users = [{ userPrincipalName: ADMIN, displayName: 'Admin' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }, ...extra];
  const seed = withTenantform({ tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [], users }] });
  [emu, started] = [await startEmulator({ seed }), true];
}

function write(sections: Record<string, unknown>): string {
  const dir = join(root, 'tenants');
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  writeFileSync(join(dir, 'contoso', 'tenant.yaml'), stringify({ tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com'] }, ...sections }));
  return dir;
}

function cli(): { deps: CliDeps; out: () => string; err: () => string } {
  const text = { out: '', err: '' };
  const deps: CliDeps = {
    kinds, connect: (o) => connect({ ...o, env: {} }), out: (t) => (text.out += t), err: (t) => (text.err += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
  };
  return { deps, out: () => text.out, err: () => text.err };
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const c = cli();
  const code = await runPlan({ dir, emulator: emu.url, format: 'json', detailedExitcode: true }, c.deps);
  if (!c.out()) throw new Error(`plan printed no plan (exit ${code}): ${c.err()}`);
  return { code, plan: JSON.parse(c.out()) as Plan };
}

async function apply(dir: string): Promise<void> {
  const c = cli();
  const code = await runApply({ dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl'), lockDir: join(root, 'locks'), secret: () => { throw new Error('none'); } }, c.deps);
  expect(code, c.out() + c.err()).toBe(0);
}

const control = (path: string, body: unknown): Promise<Response> =>
  fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const tenant = () => emu.state.tenants.get(TENANT)!;
const changes = (p: Plan) => p.tenants[0]!.changes.map((c) => `${c.action} ${c.address} (${c.reason})`).sort();

describe('passwordPolicies on users', () => {
  it('plans, applies and converges the list, detects an out-of-band change, and exports it', async () => {
    await start([{ userPrincipalName: 'carol@contoso.com', displayName: 'Carol', passwordPolicies: 'DisableStrongPassword' }]);
    const dir = write({ users: [
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol', passwordPolicies: ['DisablePasswordExpiration'] },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', passwordPolicies: [] },
      { userPrincipalName: 'dan@contoso.com', displayName: 'Dan', passwordPolicies: ['DisableStrongPassword', 'DisablePasswordExpiration'] },
    ] });
    const first = await plan(dir);
    expect(changes(first.plan)).toEqual(['create user:dan@contoso.com (missing)', 'update user:carol@contoso.com (field_changed)']);
    expect(first.plan.tenants[0]!.changes.find((c) => c.address === 'user:carol@contoso.com')?.fields).toEqual([
      { path: 'passwordPolicies', before: ['DisableStrongPassword'], after: ['DisablePasswordExpiration'] },
    ]);
    await apply(dir);
    const props = (upn: string) => tenant().users.get(tenant().upnIndex.get(upn)!)!.props;
    expect(props('carol@contoso.com').passwordPolicies).toBe('DisablePasswordExpiration');
    expect(props('dan@contoso.com').passwordPolicies).toBe('DisablePasswordExpiration, DisableStrongPassword');
    expect((await plan(dir)).code).toBe(0);

    const portal = await control(`tenants/${TENANT}/changes`, { actor: { userPrincipalName: ADMIN }, requests: [{ method: 'PATCH', url: '/users/carol@contoso.com', body: { passwordPolicies: 'None' } }] });
    expect(portal.status).toBe(200);
    const drifted = await plan(dir);
    expect(drifted.plan.tenants[0]!.changes.find((c) => c.address === 'user:carol@contoso.com')?.fields).toEqual([
      { path: 'passwordPolicies', before: [], after: ['DisablePasswordExpiration'] },
    ]);
    await apply(dir);

    const c = cli();
    const out = join(root, 'exported');
    expect(await runExport({ tenant: 'contoso', tenantId: TENANT, dir: join(root, 'tenants'), out, emulator: emu.url }, c.deps), c.err()).toBe(0);
    const users = readFileSync(join(out, 'users.yaml'), 'utf8');
    expect(users).toMatch(/userPrincipalName: dan@contoso\.com[\s\S]*passwordPolicies:\n\s+- DisablePasswordExpiration\n\s+- DisableStrongPassword/);
  });
});
