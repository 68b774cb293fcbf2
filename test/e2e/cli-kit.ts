// Fixtures of the command-line end-to-end tests: a seed of three customer tenants and a partner, tenant folders
// written as YAML into a temporary directory, and CLI dependencies that use the real `connect()` (so the real
// clients reach the emulator over HTTP) while capturing what the commands print.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import type { TenantConfig } from '../../src/config/model.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';

export const CONTOSO = '6b1a3c6e-0000-4000-8000-0000000000c1';
export const FABRIKAM = '6b1a3c6e-0000-4000-8000-0000000000f2';
export const NORTHWIND = '6b1a3c6e-0000-4000-8000-0000000000a3';
export const PARTNER = '11111111-0000-4000-8000-0000000000b0';
export const SUB = '2c6f7a1e-0000-4000-8000-00000000a0c1';
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const VISIO = 'c5928f49-12ba-48f7-ada3-0d743a3601d5';
export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
export const DAVE_ID = '0d0d0d0d-0000-4000-8000-00000000d0d0';
export const ADMIN = 'admin@contoso.onmicrosoft.com';

const e3 = (seats: number) => ({
  skuId: E3, skuPartNumber: 'SPE_E3', seats, servicePlans: [
    { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
    { servicePlanId: YAMMER, servicePlanName: 'YAMMER_ENTERPRISE' },
  ],
});

export function seed(): SeedDocument {
  return {
    tenants: [
      {
        tenantId: CONTOSO, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
        skus: [e3(5), { skuId: VISIO, skuPartNumber: 'VISIOCLIENT', seats: 1, servicePlans: [{ servicePlanId: 'aaaaaaaa-0000-4000-8000-000000000001', servicePlanName: 'VISIO_CLIENT_SUBSCRIPTION' }] }],
        users: [
          { userPrincipalName: ADMIN, displayName: 'Contoso Admin' },
          { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
          { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
          { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE', licenses: [{ sku: 'VISIOCLIENT' }] },
          { userPrincipalName: 'olduser@contoso.com', displayName: 'Old User' },
        ],
        deletedUsers: [{ id: DAVE_ID, userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Buyer' }],
        groups: [{ displayName: 'Finance', mailNickname: 'finance', members: ['bob@contoso.com', 'carol@contoso.com'] }],
        directoryRoleAssignments: [{ role: 'Helpdesk Administrator', principal: 'carol@contoso.com' }],
        subscriptions: [{ subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-finance'] }],
      },
      {
        tenantId: FABRIKAM, displayName: 'Fabrikam', domains: ['fabrikam.com'], skus: [e3(1)],
        users: [{ userPrincipalName: 'fay@fabrikam.com', displayName: 'Fay Fors', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }],
      },
      { tenantId: NORTHWIND, displayName: 'Northwind', domains: ['northwind.com'], skus: [e3(1)] },
    ],
    // Fabrikam is seeded but not a customer of the partner: its folder is flagged by the tenant links.
    partner: {
      tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      customers: [{ tenantId: CONTOSO, companyName: 'Contoso Ltd', domain: 'contoso.com' }, { tenantId: NORTHWIND, companyName: 'Northwind Traders', domain: 'northwind.com' }],
    },
  };
}

/** The YAML that moves every kind of the seeded Contoso: creates, updates, soft delete, restore, licenses, roles. */
export function contosoDesired(): Omit<TenantConfig, 'tenant'> {
  return {
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller', usageLocation: 'SE',
        licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], roles: ['User Administrator'] },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: 'Finance' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], roles: [] },
      { userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Head Buyer' },
      { userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
      { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
    ],
    groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['alice@contoso.com', 'bob@contoso.com', 'erin@contoso.com'] }],
    mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
    azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: 'user:alice@contoso.com', role: 'Reader', scope: '/resourceGroups/rg-finance' }] }] },
  } as Omit<TenantConfig, 'tenant'>;
}

export const fabrikamDesired = (): Omit<TenantConfig, 'tenant'> => ({
  users: [{ userPrincipalName: 'fay@fabrikam.com', displayName: 'Fay Fors', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }],
});

export interface Folder { name: string; tenantId: string; domains: string[]; sections: Omit<TenantConfig, 'tenant'> }

export const contoso = (sections = contosoDesired()): Folder => ({ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections });
export const fabrikam = (sections = fabrikamDesired()): Folder => ({ name: 'fabrikam', tenantId: FABRIKAM, domains: ['fabrikam.com'], sections });

/** A temporary repository with `tenants/<name>/tenant.yaml` for each folder (the loader confines files to it). */
export function workDir(folders: Folder[]): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-e2e-'));
  execFileSync('git', ['init', '-q', root]);
  for (const f of folders) writeFolder(join(root, 'tenants'), f);
  return { root, dir: join(root, 'tenants') };
}

export function writeFolder(dir: string, f: Folder): void {
  mkdirSync(join(dir, f.name), { recursive: true });
  const doc = { tenant: { name: f.name, tenantId: f.tenantId, domains: f.domains }, ...f.sections };
  writeFileSync(join(dir, f.name, 'tenant.yaml'), stringify(doc));
}

export interface Captured { deps: CliDeps; out: () => string; err: () => string }

/** The real kinds and `connect()`; output captured; no terminal. */
export function cli(): Captured {
  let out = '';
  let err = '';
  const deps: CliDeps = {
    kinds, connect: (o) => connect({ ...o, env: {} }),
    out: (t) => (out += t), err: (t) => (err += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
  };
  return { deps, out: () => out, err: () => err };
}

export async function control(emu: RunningEmulator, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** An out-of-band change as a named admin, through the emulator's portal endpoint (audited under that admin). */
export async function portalChange(emu: RunningEmulator, tenantId: string, requests: { method: string; url: string; body?: unknown }[], actor = ADMIN): Promise<void> {
  const res = (await control(emu, `tenants/${tenantId}/changes`, { actor: { userPrincipalName: actor }, requests })) as { responses: { status: number }[] };
  for (const r of res.responses) if (r.status >= 400) throw new Error(`portal change failed: ${JSON.stringify(res)}`);
}

export interface Stats { requests: Record<string, number>; tenants: { tenantId: string; users: number; auditEntries: number }[] }

export async function stats(emu: RunningEmulator): Promise<Stats> {
  return (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as Stats;
}
