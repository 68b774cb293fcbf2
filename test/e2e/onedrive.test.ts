// OneDrive quotas through the commands, over HTTP against the emulator's SharePoint admin host: plan → apply → plan
// converges, a user without a OneDrive yet is a warning with nothing planned, an out-of-band quota change is drift,
// and export lists only the OneDrives off the tenant's default and plans to zero. The quota is the personal site's
// StorageMaximumLevel (SiteProperties, MB), as PnP PowerShell's Set-PnPUserOneDriveQuota sets it.
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
import { type RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { startEmulator } from '../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-000000000601';
const DOMAINS = ['contoso.com', 'contoso.onmicrosoft.com'];
const SKU = { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'SPE_E5', seats: 5, servicePlans: [] };
const seed = (): SeedDocument => ({
  tenants: [{
    tenantId: TENANT, displayName: 'Contoso', domains: DOMAINS, skus: [SKU],
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', usageLocation: 'SE', licenses: [{ sku: 'SPE_E5' }] },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' },
    ],
  }],
});
const USERS = [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }];
const QUOTAS = [{ user: 'Alice@Contoso.com', storageQuotaMB: 5120 }, { user: 'bob@contoso.com', storageQuotaMB: 5120 }];

let emu: RunningEmulator;
let root: string;
beforeEach(async () => {
  emu = await startEmulator({ seed: seed(), throttling: false });
  root = mkdtempSync(join(tmpdir(), 'tenantform-onedrive-'));
  execFileSync('git', ['init', '-q', root]);
});
afterEach(async () => {
  await emu.close();
  rmSync(root, { recursive: true, force: true });
});

function writeTenant(sections: Record<string, unknown>): string {
  const dir = join(root, 'tenants');
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  writeFileSync(join(dir, 'contoso', 'tenant.yaml'), stringify({ tenant: { name: 'contoso', tenantId: TENANT, domains: DOMAINS }, users: USERS, ...sections }));
  return dir;
}

function cli(): CliDeps {
  return { kinds, connect: (o) => connect({ ...o, env: {} }), out: () => {}, err: () => {}, isTTY: false, interactive: false, confirm: async () => false, now: () => new Date() };
}

async function plan(dir: string, name: string): Promise<TenantPlan> {
  const file = join(root, name);
  await runPlan({ dir, emulator: emu.url, out: file }, cli());
  if (!existsSync(file)) throw new Error('no plan was saved');
  return (await readPlanFile(file)).tenants[0]!;
}

const quotas = () => emu.state.tenants.get(TENANT)!.ext.oneDriveQuotas as Record<string, number> | undefined;

describe('sharepoint.oneDrive', () => {
  it('sets a licensed user\'s quota, warns for a user without a OneDrive, converges, and sees a change as drift', async () => {
    const dir = writeTenant({ sharepoint: { oneDrive: QUOTAS } });
    const first = await plan(dir, 'plan.json');
    expect(first.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update oneDrive:alice@contoso.com']);
    expect(first.changes[0]!.fields).toEqual([{ path: 'storageQuotaMB', before: 113664, after: 5120 }]);
    expect(first.diagnostics.map((d) => `${d.severity} ${d.summary}`)).toEqual(['warning oneDrive:bob@contoso.com: the user has no OneDrive yet, so its quota cannot be set']);
    expect(await runApply({ plan: join(root, 'plan.json'), dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, cli())).toBe(0);
    expect(Object.values(quotas() ?? {})).toEqual([5120]);
    expect((await plan(dir, 'again.json')).changes).toEqual([]);

    const [id] = Object.keys(quotas()!);
    quotas()![id!] = 20480;
    const drift = await plan(dir, 'drift.json');
    expect(drift.changes.map((c) => c.fields)).toEqual([[{ path: 'storageQuotaMB', before: 20480, after: 5120 }]]);
  });

  it('exports only the OneDrives off the tenant default, and the export plans to zero changes', async () => {
    const dir = writeTenant({ sharepoint: { oneDrive: [QUOTAS[0]] } });
    await plan(dir, 'plan.json');
    expect(await runApply({ plan: join(root, 'plan.json'), dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, cli())).toBe(0);
    expect(await runExport({ tenant: 'contoso', dir, out: join(root, 'exported', 'contoso'), emulator: emu.url }, cli())).toBe(0);
    const exported = await plan(join(root, 'exported'), 'exported.json');
    expect(exported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(exported.changes).toEqual([]);
  });
});
