// Communication sites through the commands, over HTTP against the emulator's SharePoint hosts: plan → apply → plan
// converges (SPSiteManager/create, then the admin API's SiteProperties); an out-of-band quota change is drift; export
// plans to zero; a path held by a Microsoft 365 group's team site is an error and never touched; a tenant signing in
// with a client secret alone gets SharePoint's 401 "Unsupported app only token." (learn.microsoft.com/sharepoint/dev/
// solution-guidance/security-apponly-azuread, FAQ). Pages: SharePoint/sp-dev-docs docs/apis/site-creation-rest.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runApply } from '../../src/cli/apply.js';
import type { CliDeps } from '../../src/cli/common.js';
import { connect } from '../../src/cli/connect.js';
import { runDoctor } from '../../src/cli/doctor.js';
import { runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { EMULATOR_APP, EMULATOR_CERTIFICATE_PATH } from '../../src/clients/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { findServicePrincipal } from '../../src/emulator/graph/service-principals.js';
import { sitesOf } from '../../src/emulator/sharepoint/sites.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { startEmulator } from '../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-0000000005e1';
const DOMAINS = ['contoso.com', 'contoso.onmicrosoft.com'];
const seed = (): SeedDocument => ({
  tenants: [{
    tenantId: TENANT, displayName: 'Contoso', domains: DOMAINS, skus: [],
    users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }],
    groups: [{ displayName: 'Finance', mailNickname: 'finance', type: 'microsoft365' }],
  }],
});
const USERS = [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }];
const INTRANET = { url: '/sites/intranet', title: 'Intranet', owner: 'alice@contoso.com', storageQuotaMB: 10240, sharingCapability: 'existingExternalUserSharingOnly' };

let emu: RunningEmulator;
let root: string;
beforeEach(async () => {
  emu = await startEmulator({ seed: seed(), throttling: false });
  root = mkdtempSync(join(tmpdir(), 'tenantform-spo-sites-'));
  execFileSync('git', ['init', '-q', root]);
});
afterEach(async () => {
  await emu.close();
  rmSync(root, { recursive: true, force: true });
});

function writeTenant(sections: Record<string, unknown>, dir = join(root, 'tenants')): string {
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  writeFileSync(join(dir, 'contoso', 'tenant.yaml'), stringify({ tenant: { name: 'contoso', tenantId: TENANT, domains: DOMAINS }, users: USERS, ...sections }));
  return dir;
}

function cli(env: NodeJS.ProcessEnv = {}): { deps: CliDeps; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const deps: CliDeps = {
    kinds, connect: (o) => connect({ ...o, env }), out: (t) => (out += t), err: (t) => (err += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
  };
  return { deps, out: () => out, err: () => err };
}

async function plan(dir: string, name = 'plan.json', env: NodeJS.ProcessEnv = {}): Promise<TenantPlan> {
  const file = join(root, name);
  const c = cli(env);
  await runPlan({ dir, emulator: emu.url, out: file }, c.deps);
  if (!existsSync(file)) throw new Error(`no plan was saved: ${c.err()}`);
  return (await readPlanFile(file)).tenants[0]!;
}

const live = () => sitesOf(emu.state.tenants.get(TENANT)!);

describe('sharepoint.sites', () => {
  it('creates a communication site with its owner, quota and sharing, converges, and sees a quota change as drift', async () => {
    const dir = writeTenant({ sharepoint: { sites: [INTRANET] } });
    const first = await plan(dir);
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create sharepointSite:/sites/intranet']);
    const a = cli();
    expect(await runApply({ plan: join(root, 'plan.json'), dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(live()).toMatchObject([{ Url: 'https://contoso.sharepoint.com/sites/intranet', Title: 'Intranet', Owner: 'alice@contoso.com', StorageMaximumLevel: 10240, SharingCapability: 3, Template: 'SITEPAGEPUBLISHING#0' }]);
    expect((await plan(dir, 'again.json')).status).toBe('in_sync');

    // An admin raises the quota in the SharePoint admin center.
    live()[0]!.StorageMaximumLevel = 51200;
    const drift = await plan(dir, 'drift.json');
    expect(drift.changes.map((c) => c.fields)).toEqual([[{ path: 'storageQuotaMB', before: 51200, after: 10240 }]]);
    expect(drift.changes[0]!.ops).toEqual({ op: 'sharepointSite', set: { StorageMaximumLevel: 10240 }, siteId: live()[0]!.SiteId });
  });

  it('exports the communication sites (not the group team site), and the export plans to zero changes', async () => {
    writeTenant({ sharepoint: { sites: [INTRANET] } });
    const a = cli();
    await plan(join(root, 'tenants'));
    expect(await runApply({ plan: join(root, 'plan.json'), dir: join(root, 'tenants'), emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, a.deps)).toBe(0);
    const out = join(root, 'exported', 'contoso');
    expect(await runExport({ tenant: 'contoso', dir: join(root, 'tenants'), out, emulator: emu.url }, cli().deps)).toBe(0);
    const exported = await plan(join(root, 'exported'), 'exported.json');
    expect(exported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(exported.changes).toEqual([]);
  });

  it("a path held by a Microsoft 365 group's team site is an error naming the group; prune never deletes that site", async () => {
    const dir = writeTenant({ sharepoint: { sites: [{ ...INTRANET, url: '/sites/FINANCE' }] } });
    const tp = await plan(dir);
    expect(tp.status).toBe('error');
    const group = [...emu.state.tenants.get(TENANT)!.groups.values()][0]!;
    expect(tp.diagnostics.map((d) => d.summary).join('\n')).toContain(`the live site is a GROUP#0 site of Microsoft 365 group ${group.id}`);
    expect(tp.changes).toEqual([]);

    const pruning = writeTenant({ policy: { prune: { sharepointSites: true } }, sharepoint: { sites: [] } });
    expect((await plan(pruning, 'prune.json')).changes).toEqual([]);
  });

  it('with a client secret alone, SharePoint refuses the token: the tenant errors, nothing is planned', async () => {
    const dir = writeTenant({ sharepoint: { sites: [INTRANET] } });
    const tp = await plan(dir, 'secret.json', { AZURE_CLIENT_ID: EMULATOR_APP.clientId, AZURE_CLIENT_SECRET: EMULATOR_APP.secret });
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(JSON.stringify(tp.diagnostics)).toContain('Unsupported app only token.');
    // The same app with its certificate beside the secret reads SharePoint.
    const both = await plan(dir, 'both.json', { AZURE_CLIENT_ID: EMULATOR_APP.clientId, AZURE_CLIENT_SECRET: EMULATOR_APP.secret, AZURE_CLIENT_CERTIFICATE_PATH: EMULATOR_CERTIFICATE_PATH });
    expect(both.changes.map((c) => c.address)).toEqual(['sharepointSite:/sites/intranet']);
  });

  it('doctor says a client secret alone cannot reach SharePoint, and checks a token and a read with the certificate', async () => {
    const dir = writeTenant({ sharepoint: { sites: [INTRANET] } });
    const secretOnly = cli({ AZURE_CLIENT_ID: EMULATOR_APP.clientId, AZURE_CLIENT_SECRET: EMULATOR_APP.secret });
    await runDoctor({ dir, emulator: emu.url }, secretOnly.deps);
    expect(secretOnly.out()).toContain("SharePoint: SharePoint's REST API refuses app-only tokens got with a client secret (\"Unsupported app only token.\")");
    expect(secretOnly.out()).toContain('fix: upload a certificate to the app registration and set AZURE_CLIENT_CERTIFICATE_PATH');
    const withCertificate = cli();
    await runDoctor({ dir, emulator: emu.url }, withCertificate.deps);
    expect(withCertificate.out()).toMatch(/SharePoint: token issued and a read answered/);
  });

  it('a path differing in case or Unicode form is the same site; two live sites for one path are an error naming both', async () => {
    const dir = writeTenant({ sharepoint: { sites: [{ ...INTRANET, url: '/sites/Caf\u00e9' }] } });
    const site = { Title: 'Intranet', Template: 'SITEPAGEPUBLISHING#0', Owner: 'alice@contoso.com', Lcid: 1033, StorageMaximumLevel: 10240, SharingCapability: 3, GroupId: '00000000-0000-0000-0000-000000000000', Status: 'Active' };
    // Seeded as SharePoint could hold them: the decomposed form of the name, in other case.
    live().push({ ...site, SiteId: 'aaaaaaaa-0000-4000-8000-0000000005e1', Url: 'https://contoso.sharepoint.com/sites/CAFE\u0301' });
    expect((await plan(dir)).status).toBe('in_sync');
    live().push({ ...site, SiteId: 'bbbbbbbb-0000-4000-8000-0000000005e2', Url: 'https://contoso.sharepoint.com/sites/caf\u00e9' });
    const tp = await plan(dir, 'twice.json');
    expect(tp.status).toBe('error');
    const text = tp.diagnostics.map((d) => d.summary).join('\n');
    expect(text).toContain('aaaaaaaa-0000-4000-8000-0000000005e1');
    expect(text).toContain('bbbbbbbb-0000-4000-8000-0000000005e2');
    expect(tp.changes).toEqual([]);
  });

  it('a refused read of the sites errors the tenant with nothing planned, even with prune on', async () => {
    const dir = writeTenant({ policy: { prune: { sharepointSites: true } }, sharepoint: { sites: [INTRANET] } });
    // An admin narrows the app's consent: SharePoint's permission is gone, so the site list answers 403.
    const sp = findServicePrincipal(emu.state.tenants.get(TENANT)!, EMULATOR_APP.clientId)!;
    sp.appRoles = (sp.appRoles ?? []).filter((r) => !r.startsWith('SharePoint/'));
    const tp = await plan(dir);
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(JSON.stringify(tp.diagnostics)).toContain('Access denied');
  });

  it('hand-edited YAML is an error at its file and line, before anything is read', async () => {
    const dir = join(root, 'tenants');
    writeTenant({});
    writeFileSync(join(dir, 'contoso', 'sharepoint.yaml'), 'sharepoint:\n  sites:\n    - url: https://contoso.sharepoint.com/sites/x\n      title: X\n      sharing: disabled\n');
    const c = cli();
    expect(await runPlan({ dir, emulator: emu.url, out: join(root, 'bad.json') }, c.deps)).toBe(1);
    expect(c.out() + c.err()).toMatch(/contoso\/sharepoint\.yaml:3:\d+: error: sharepoint\.sites\[0\]\.url: /);
    expect(c.out() + c.err()).toMatch(/contoso\/sharepoint\.yaml:5:\d+: .*sharing/);
    expect(emu.state.tenants.get(TENANT)!.ext.sharepointSites).toBeUndefined();
  });
});
