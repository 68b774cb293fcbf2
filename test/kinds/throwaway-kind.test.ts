// The kind contract, proven with a kind that exists only here (test/kinds/throwaway/): registered by one line in a
// test registry, it is validated against its own schema file, merged by its list key across `extends`,
// cross-checked for the reference it uses, planned, applied over HTTP against the emulator, and exported.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { exportTenant } from '../../src/engine/export.js';
import { planRun } from '../../src/engine/run.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { Kind } from '../../src/kinds/contract.js';
import { kinds as registeredKinds } from '../../src/kinds/index.js';
import { userKind } from '../../src/kinds/user/index.js';
import { squadKind } from './throwaway/squad.js';
import { clientsFor } from '../support/clients.js';

const TENANT = '6b1a3c6e-0000-4000-8000-00000000c0de';
const NOW = new Date('2026-12-01T10:00:00Z');
/** The one line that adds the kind. */
const kinds: Kind[] = [userKind, squadKind];

const TENANT_YAML = `tenant: { name: contoso, tenantId: ${TENANT}, domains: [contoso.com] }
extends: [../_baselines/squads.yaml]
`;
const USERS_YAML = `users:
  - { userPrincipalName: alice@contoso.com, displayName: Alice Andersson }
`;
// The baseline names the squad in lower case with its lead; the tenant renames it, in upper case: one entry.
const BASELINE_YAML = `squads:
  - { name: ops, displayName: Ops, lead: alice@contoso.com }
`;
const SQUADS_YAML = `squads:
  - { name: OPS, displayName: Operations }
`;

let root: string;
let emu: RunningEmulator;

async function tenantFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(root, 'repo-'));
  await mkdir(join(dir, 'tenants', 'contoso'), { recursive: true });
  await mkdir(join(dir, 'tenants', '_baselines'), { recursive: true });
  await writeFile(join(dir, 'tenants', '_baselines', 'squads.yaml'), BASELINE_YAML);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'tenants', 'contoso', name), text);
  return dir;
}

const load = async (dir: string, with_ = kinds) => loadTenants({ dir: join(dir, 'tenants'), repoRoot: dir, now: NOW, kinds: with_ });
const clients = () => clientsFor(emu, TENANT);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tenantform-kind-'));
  emu = await startEmulator({
    seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson' }] }] },
  });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

describe('a kind added by its folder, its schema file and one registry line', () => {
  it('merges by its list key across extends, plans, applies over Graph, re-plans to nothing and exports', async () => {
    const dir = await tenantFolder({ 'tenant.yaml': TENANT_YAML, 'users.yaml': USERS_YAML, 'squads.yaml': SQUADS_YAML });
    const { tenants, diagnostics } = await load(dir);
    expect(diagnostics).toEqual([]);
    expect(tenants[0]!.config).toMatchObject({ squads: [{ name: 'OPS', displayName: 'Operations', lead: 'alice@contoso.com' }] });

    const plan = await planRun({ tenants, clientsFor: clients, kinds, now: NOW });
    expect(plan.tenants[0]!.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create squad:ops']);
    const summary = await applyPlan({ plan, tenants, clientsFor: clients, kinds, log: () => {}, secret: (n) => { throw new Error(`no ${n}`); } });
    expect(summary.status).toBe('success');

    const t = emu.state.tenants.get(TENANT)!;
    const group = [...t.groups.values()].find((g) => g.props.mailNickname === 'ops')!;
    expect(group.props).toMatchObject({ displayName: 'Operations', securityEnabled: true, mailEnabled: false });
    expect([...group.owners]).toEqual([t.upnIndex.get('alice@contoso.com')]);

    const again = await planRun({ tenants, clientsFor: clients, kinds, now: NOW });
    expect(again.tenants[0]!.changes).toEqual([]);

    const exported = await exportTenant({ clients: clients(), kinds, tenant: { name: 'contoso', tenantId: TENANT } });
    const squads = exported.files.find((f) => f.name === 'squads.yaml');
    expect(squads?.content).toMatch(/- name: ops\n\s+displayName: Operations/);
    expect(exported.notExported).toEqual([]);
  });

  it('cross-checks the references it uses, their types included, with file:line:col', async () => {
    const dir = await tenantFolder({
      'tenant.yaml': TENANT_YAML,
      'users.yaml': USERS_YAML,
      'squads.yaml': 'squads:\n  - { name: ops, lead: alicia@contoso.com }\n  - { name: dev, parent: squad:opz }\n  - { name: qa, parent: group:ops }\n',
    });
    const { tenants, diagnostics } = await load(dir);
    expect(tenants).toEqual([]);
    const said = diagnostics.map((d) => `${d.file?.replace(/.*tenants\//, '')}:${d.line}:${d.column}: ${d.summary}`);
    expect(said).toEqual(expect.arrayContaining([
      'contoso/squads.yaml:2:18: squads[0].lead: refers to "alicia@contoso.com", which is not declared under users (did you mean "alice@contoso.com"?)',
      'contoso/squads.yaml:3:18: squads[1].parent: refers to squad "opz", which is not declared under squads (did you mean "squad:ops"?)',
      'contoso/squads.yaml:4:17: squads[2].parent: refers to group "ops", but parent takes squad references only',
    ]));
    expect(said).toHaveLength(3);
  });

  it('contributes its own meaning rule (KindSpec.checks), placed at its YAML line, which no other file names', async () => {
    const dir = await tenantFolder({
      'tenant.yaml': TENANT_YAML,
      'users.yaml': USERS_YAML,
      'squads.yaml': 'squads:\n  - { name: ops, parent: squad:dev }\n  - { name: dev, parent: squad:OPS }\n',
    });
    const { tenants, diagnostics } = await load(dir);
    expect(tenants).toEqual([]);
    expect(diagnostics.map((d) => `${d.file?.replace(/.*tenants\//, '')}:${d.line}:${d.column}: ${d.summary}`)).toEqual([
      'contoso/squads.yaml:2:18: squads[0].parent: squads report to each other: ops → dev → ops',
    ]);
  });

  it('is validated against its own schema file, and is an unknown key to a registry without it', async () => {
    const dir = await tenantFolder({ 'tenant.yaml': TENANT_YAML, 'users.yaml': USERS_YAML, 'squads.yaml': 'squads:\n  - { name: ops, lede: alice@contoso.com }\n' });
    const ours = await load(dir);
    expect(ours.diagnostics.map((d) => d.summary)).toEqual(['squads[0].lede: unknown key "lede" (did you mean "lead"?)']);
    const theirs = await load(dir, registeredKinds);
    expect(theirs.diagnostics.map((d) => d.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/unknown key "squads"/)]));
  });

  it('reports a schema error and a reference error of its entries in one run; a broken entry still counts as declared', async () => {
    const dir = await tenantFolder({
      'tenant.yaml': TENANT_YAML.replace(/extends.*\n/, ''),
      'users.yaml': USERS_YAML,
      'squads.yaml': 'squads:\n  - { name: ops, displayName: 7 }\n  - { name: dev, lead: alicia@contoso.com, parent: squad:ops }\n',
    });
    const { tenants, diagnostics } = await load(dir);
    expect(tenants).toEqual([]);
    expect(diagnostics.map((d) => d.summary)).toEqual([
      'squads[0].displayName: must be a string (quote it if it looks like a number or date)',
      'squads[1].lead: refers to "alicia@contoso.com", which is not declared under users (did you mean "alice@contoso.com"?)',
    ]);
  });

  it('refuses two entries whose keys differ only in case', async () => {
    const dir = await tenantFolder({ 'tenant.yaml': TENANT_YAML.replace(/extends.*\n/, ''), 'squads.yaml': 'squads:\n  - { name: dev }\n  - { name: Ops }\n  - { name: ops }\n' });
    const { diagnostics } = await load(dir);
    expect(diagnostics.map((d) => d.summary)).toEqual(['squads[2]: duplicate squad name "ops" (first declared at squads[1])']);
  });
});
