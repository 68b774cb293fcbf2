// Least privilege for the team kind: an app granted exactly what `tenantform permissions` lists plans a tenant with a
// team (the `plan` grants: TeamSettings.Read.All, Channel.ReadBasic.All, ChannelMember.Read.All beside the directory
// reads) and applies it (the `apply` grants) against the emulator, which enforces each page's permissions table;
// without ChannelMember.Read.All the private channel's members cannot be read and the tenant errors, never "no
// members". (Team and channel reads also pass with Group.Read.All, which those pages keep only for backward
// compatibility: tenantform lists the permissions they recommend.)
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { loadTenants } from '../../src/config/index.js';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { teamsOf, type SeedTeam } from '../../src/emulator/graph/teams-model.js';
import { kinds } from '../../src/kinds/index.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import { startEmulator } from '../support/world.js';
import { emulatorClock } from '../support/clock.js';

const TENANT = '6b1a3c6e-0000-4000-8000-000000007eab';
const SALES = '6b1a3c6e-0000-4000-8000-0000000051eb';
const READER = 'a11ce000-0000-4000-8000-0000000007e1';
const WRITER = 'a11ce000-0000-4000-8000-0000000007e2';
const SECRET = 'app-secret-value';
const NOW = new Date('2026-12-01T10:00:00Z');

const FILES = {
  'tenant.yaml': `tenant: { name: contoso, tenantId: ${TENANT}, domains: [contoso.com] }\n`,
  'users.yaml': 'users:\n  - { userPrincipalName: alice@contoso.com, displayName: Alice }\n  - { userPrincipalName: bob@contoso.com, displayName: Bob }\n',
  'groups.yaml': `groups:
  - mailNickname: sales
    displayName: Sales
    type: microsoft365
    owners: [alice@contoso.com]
    team:
      messagingSettings: { allowTeamMentions: false }
      channels:
        - { displayName: Board, type: private, owners: [alice@contoso.com], members: [bob@contoso.com] }
`,
};

let root: string;
let emu: RunningEmulator;
let tenant: LoadedTenant;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tenantform-team-priv-'));
  await mkdir(join(root, 'tenants', 'contoso'), { recursive: true });
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(root, 'tenants', 'contoso', name), text);
  seededTeam = {};
  tenant = (await loadTenants({ dir: join(root, 'tenants'), repoRoot: root, now: NOW, kinds })).tenants[0]!;
});
afterEach(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

let seededTeam: SeedTeam = {};

async function world(apps: Record<string, string[]>): Promise<void> {
  emu = await startEmulator({
    seed: {
      tenants: [{
        tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [],
        users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }],
        groups: [{ id: SALES, displayName: 'Sales', mailNickname: 'sales', type: 'microsoft365', owners: ['alice@contoso.com'], team: seededTeam }],
        apps: Object.entries(apps).map(([clientId, roles]) => ({ clientId, clientSecret: SECRET, roles })),
      }],
    },
    throttling: false,
  });
}

const as = (clientId: string) => {
  const clientsFor = () => createClients({ tenantId: TENANT, emulatorUrl: emu.url, credentials: { clientId, secret: SECRET }, clock: emulatorClock(emu) });
  return { plan: () => planRun({ tenants: [tenant], clientsFor, kinds, now: NOW }), clientsFor };
};

describe('team: least privilege', () => {
  it('lists the Teams read and write grants, plans with the plan grants and applies with the apply grants', async () => {
    const needs = permissionsFor([tenant.config]);
    expect(needs.plan.graph).toEqual(expect.arrayContaining(['TeamSettings.Read.All', 'Channel.ReadBasic.All', 'ChannelMember.Read.All']));
    expect(needs.apply.graph).toEqual(expect.arrayContaining(['TeamSettings.ReadWrite.All', 'Channel.Create', 'ChannelMember.ReadWrite.All', 'Group.ReadWrite.All']));
    await world({ [READER]: needs.plan.graph, [WRITER]: needs.apply.graph });

    const read = await as(READER).plan();
    expect(read.tenants[0]!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(read.tenants[0]!.changes.map((c) => c.address)).toEqual(['team:sales']);
    const denied = await applyPlan({ plan: read, tenants: [tenant], clientsFor: as(READER).clientsFor, kinds, log: () => {}, secret: () => 'x' });
    expect(denied.tenants[0]!.failed[0]?.error).toContain('403 Authorization_RequestDenied');

    const writer = as(WRITER);
    const plan = await writer.plan();
    const done = await applyPlan({ plan, tenants: [tenant], clientsFor: writer.clientsFor, kinds, log: () => {}, secret: () => 'x' });
    expect(done.status).toBe('success');
    expect(teamsOf(emu.state.tenants.get(TENANT)!)[SALES]!.channels.map((c) => c.displayName)).toEqual(['General', 'Board']);
    expect((await writer.plan()).tenants[0]!.changes).toEqual([]);
  });

  it('without ChannelMember.Read.All a private channel cannot be read: the tenant errors, and nothing is planned', async () => {
    const needs = permissionsFor([tenant.config]);
    seededTeam = { channels: [{ displayName: 'Board', membershipType: 'private', owners: ['alice@contoso.com'] }] };
    await world({ [READER]: needs.plan.graph.filter((g) => g !== 'ChannelMember.Read.All') });
    const tp = (await as(READER).plan()).tenants[0]!;
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(JSON.stringify(tp.diagnostics)).toContain('403');
  });
});
