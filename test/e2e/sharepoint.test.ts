// The SharePoint and OneDrive settings kind through the commands, over HTTP against the emulator: plan → apply →
// plan converges; a change made directly on Graph is drift; export plans to zero; a failed read errors the tenant
// (never "absent", never a write); hand-edited YAML is an error at its line; an app granted only the plan grants
// plans and cannot apply. Graph pages: microsoft-graph-docs-contrib api-reference/v1.0/api/sharepointsettings-get.md,
// sharepointsettings-update.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runApply } from '../../src/cli/apply.js';
import type { CliDeps } from '../../src/cli/common.js';
import { connect } from '../../src/cli/connect.js';
import { runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { runValidate } from '../../src/cli/validate.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { appToken, startEmulator } from '../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-0000000005b1';
const SKU = { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'SPE_E5', seats: 1, servicePlans: [] };
const seed = (): SeedDocument => ({ tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [SKU] }] });
const SETTINGS = {
  sharingCapability: 'existingExternalUserSharingOnly',
  sharingDomainRestrictionMode: 'allowList',
  sharingAllowedDomainList: ['Fabrikam.com', 'northwind.com'],
  isResharingByExternalUsersEnabled: false,
  personalSiteDefaultStorageLimitInMB: 1048576,
  idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 3300, signOutAfterInSeconds: 3600 },
};

let emu: RunningEmulator;
let root: string;
beforeEach(async () => {
  emu = await startEmulator({ seed: seed(), throttling: false });
  root = mkdtempSync(join(tmpdir(), 'tenantform-sharepoint-'));
  execFileSync('git', ['init', '-q', root]);
});
afterEach(async () => {
  await emu.close();
  rmSync(root, { recursive: true, force: true });
});

function writeTenant(sharepoint: string, dir = join(root, 'tenants')): string {
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  writeFileSync(join(dir, 'contoso', 'tenant.yaml'), stringify({ tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com', 'contoso.onmicrosoft.com'] } }));
  writeFileSync(join(dir, 'contoso', 'sharepoint.yaml'), sharepoint);
  return dir;
}

function cli(clientId?: string): { deps: CliDeps; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const env = clientId ? { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 's' } : {};
  const deps: CliDeps = {
    kinds, connect: (o) => connect({ ...o, env }), out: (t) => (out += t), err: (t) => (err += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
  };
  return { deps, out: () => out, err: () => err };
}

async function plan(dir: string, name = 'plan.json'): Promise<TenantPlan> {
  const file = join(root, name);
  const c = cli();
  await runPlan({ dir, emulator: emu.url, out: file }, c.deps);
  if (!existsSync(file)) throw new Error(`no plan was saved: ${c.err()}`);
  return (await readPlanFile(file)).tenants[0]!;
}

async function graph(method: string, body?: unknown): Promise<Response> {
  const token = await appToken(emu.url, TENANT);
  return fetch(`${emu.url}/v1.0/admin/sharepoint/settings`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
}

describe('sharepoint.settings', () => {
  it('plans only the declared keys, applies them, converges, and sees an out-of-band change as drift', async () => {
    const dir = writeTenant(stringify({ sharepoint: { settings: SETTINGS } }));
    const first = await plan(dir);
    expect(first.status).toBe('changes');
    const [change] = first.changes;
    expect(first.changes).toHaveLength(1);
    expect(change).toMatchObject({ kind: 'sharepointSettings', address: 'sharepointSettings:tenant', action: 'update' });
    expect(change!.fields.map((f) => f.path)).toEqual(['sharingCapability', 'sharingDomainRestrictionMode', 'sharingAllowedDomainList', 'isResharingByExternalUsersEnabled', 'personalSiteDefaultStorageLimitInMB', 'idleSessionSignOut']);
    // Only what the YAML names is sent; the rest of the tenant's settings stay as they are.
    expect(Object.keys((change!.ops as { body: object }).body)).toHaveLength(6);

    const a = cli();
    expect(await runApply({ plan: join(root, 'plan.json'), dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, a.deps)).toBe(0);
    const live = (await (await graph('GET')).json()) as Record<string, unknown>;
    expect(live).toMatchObject({ ...SETTINGS, isLoopEnabled: true });
    expect((await plan(dir, 'again.json')).status).toBe('in_sync');

    // A domain list in another order and case is the same list.
    expect((await graph('PATCH', { sharingAllowedDomainList: ['NORTHWIND.com', 'fabrikam.com'] })).status).toBe(200);
    expect((await plan(dir, 'order.json')).status).toBe('in_sync');

    // An admin opens sharing to anyone and lowers the OneDrive quota directly on Graph.
    expect((await graph('PATCH', { sharingCapability: 'externalUserAndGuestSharing', personalSiteDefaultStorageLimitInMB: 5120 })).status).toBe(200);
    const drift = await plan(dir, 'drift.json');
    expect(drift.changes[0]!.fields).toEqual([
      { path: 'sharingCapability', before: 'externalUserAndGuestSharing', after: 'existingExternalUserSharingOnly' },
      { path: 'personalSiteDefaultStorageLimitInMB', before: 5120, after: 1048576 },
    ]);
  });

  it('exports every setting the tenant holds, and the export plans to zero changes', async () => {
    writeTenant(stringify({ sharepoint: { settings: { isLoopEnabled: true } } }));
    expect((await graph('PATCH', { sharingCapability: 'disabled', excludedFileExtensionsForSyncApp: ['.exe'] })).status).toBe(200);
    const out = join(root, 'exported', 'contoso');
    const e = cli();
    expect(await runExport({ tenant: 'contoso', dir: join(root, 'tenants'), out, emulator: emu.url }, e.deps)).toBe(0);
    const exported = await plan(join(root, 'exported'), 'exported.json');
    expect(exported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(exported.changes).toEqual([]);
    expect(exported.status).toBe('in_sync');
  });

  it('a read that fails errors the tenant and plans nothing', async () => {
    const dir = writeTenant(stringify({ sharepoint: { settings: SETTINGS } }));
    const res = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'nonjson:1', tenantId: TENANT, path: '/v1.0/admin/sharepoint/settings' }),
    });
    expect(res.status).toBe(204);
    const tp = await plan(dir);
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
  });

  it('hand-edited YAML is an error at its file, line and field; nothing is read', async () => {
    const dir = writeTenant('sharepoint:\n  settings:\n    sharingCapability: anyone\n    personalSiteDefaultStorageLimtInMB: 1024\n');
    let out = '';
    expect(await runValidate({ dir, repoRoot: root }, { stdout: (t) => (out += t), stderr: (t) => (out += t) })).toBe(1);
    expect(out).toMatch(/contoso\/sharepoint\.yaml:3:\d+: sharepoint\.settings\.sharingCapability: /);
    expect(out).toMatch(/contoso\/sharepoint\.yaml:4:\d+: .*did you mean "personalSiteDefaultStorageLimitInMB"/);
  });

  it('an app holding only the plan grant plans but cannot apply: Graph answers 403', async () => {
    const dir = writeTenant(stringify({ sharepoint: { settings: { sharingCapability: 'disabled' } } }));
    const reader = '5b7f0000-0000-4000-8000-00000000ead1';
    await emu.close();
    const doc = seed();
    doc.tenants[0]!.apps = [{ clientId: reader, clientSecret: 's', roles: ['Organization.Read.All', 'SharePointTenantSettings.Read.All', 'Group.Read.All', 'User.Read.All', 'RoleManagement.Read.Directory'] }];
    emu = await startEmulator({ seed: doc, throttling: false });
    const file = join(root, 'reader.json');
    const p = cli(reader);
    await runPlan({ dir, emulator: emu.url, out: file }, p.deps);
    const tp = (await readPlanFile(file)).tenants[0]!;
    expect(tp.changes.map((c) => c.address)).toEqual(['sharepointSettings:tenant']);
    const a = cli(reader);
    expect(await runApply({ plan: file, dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.out() + a.err()).toContain('Insufficient privileges to complete the operation.');
  });
});
