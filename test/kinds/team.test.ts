// The team kind end to end against the emulator over HTTP: plan → apply → plan converges (a team created from a
// group made in the same apply, once Teams knows the group; settings, private channel members, archive polled to
// completion), an out-of-band change is drift, export re-plans to nothing, and the attacks: two live channels of
// one name, a channel name in another case, a failed read, General declared absent, a team on a security group.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { loadTenants } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { exportTenant } from '../../src/engine/export.js';
import { planRun } from '../../src/engine/run.js';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { teamsOf } from '../../src/emulator/graph/teams-model.js';
import type { Kind } from '../../src/kinds/contract.js';
import { groupKind } from '../../src/kinds/group/index.js';
import { membershipKind } from '../../src/kinds/membership/index.js';
import { teamKind } from '../../src/kinds/team/index.js';
import { userKind } from '../../src/kinds/user/index.js';
import { startEmulator } from '../support/world.js';
import { emulatorClock } from '../support/clock.js';

const TENANT = '6b1a3c6e-0000-4000-8000-000000007ea0';
const SALES = '6b1a3c6e-0000-4000-8000-0000000051e5';
const NOW = new Date('2026-12-01T10:00:00Z');
const kinds: Kind[] = [userKind, groupKind, membershipKind, teamKind];

const TENANT_YAML = `tenant: { name: contoso, tenantId: ${TENANT}, domains: [contoso.com] }\n`;
const USERS_YAML = `users:
  - { userPrincipalName: alice@contoso.com, displayName: Alice Andersson }
  - { userPrincipalName: bob@contoso.com, displayName: Bob Berg }
  - { userPrincipalName: carol@contoso.com, displayName: Carol Carlsson }
`;
const GROUPS_YAML = `groups:
  - mailNickname: sales
    displayName: Sales
    type: microsoft365
    owners: [alice@contoso.com]
    team:
      memberSettings: { allowDeleteChannels: false }
      funSettings: { giphyContentRating: strict }
      channels:
        - { displayName: deals, description: Deal desk }
        - { displayName: Leadership, type: private, owners: [alice@contoso.com], members: [bob@contoso.com] }
  - mailNickname: projects
    displayName: Projects
    type: microsoft365
    owners: [alice@contoso.com]
    team:
      archived: true
      channels: [{ displayName: Kickoff, description: First week }]
`;

let root: string;
let emu: RunningEmulator;

function seed() {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [],
      users: ['alice', 'bob', 'carol'].map((u) => ({ userPrincipalName: `${u}@contoso.com`, displayName: u, mail: `${u}@contoso.com` })),
      groups: [{
        id: SALES, displayName: 'Sales', mailNickname: 'sales', type: 'microsoft365' as const, owners: ['alice@contoso.com'],
        team: { channels: [{ displayName: 'Deals' }, { displayName: 'Leadership', membershipType: 'private' as const, owners: ['alice@contoso.com'], members: ['carol@contoso.com'] }] },
      }],
    }],
  };
}

async function repo(groups = GROUPS_YAML): Promise<string> {
  const dir = await mkdtemp(join(root, 'repo-'));
  await mkdir(join(dir, 'tenants', 'contoso'), { recursive: true });
  for (const [name, text] of Object.entries({ 'tenant.yaml': TENANT_YAML, 'users.yaml': USERS_YAML, 'groups.yaml': groups })) await writeFile(join(dir, 'tenants', 'contoso', name), text);
  return dir;
}

const load = (dir: string) => loadTenants({ dir: join(dir, 'tenants'), repoRoot: dir, now: NOW, kinds });
let waits: number[] = [];
const clientsFor = () => createClients({ tenantId: TENANT, emulatorUrl: emu.url, clock: emulatorClock(emu, waits) });
const plan = async (dir: string) => planRun({ tenants: (await load(dir)).tenants, clientsFor, kinds, now: NOW });
const teamOf = (id: string) => teamsOf(emu.state.tenants.get(TENANT)!)[id]!;
const userId = (upn: string) => emu.state.tenants.get(TENANT)!.upnIndex.get(upn)!;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tenantform-team-'));
  waits = [];
  // A new group replicates in 7.5–30 s of a clock that moves only when the client waits: longer than apply's 6.3 s
  // read-back, so the team's create meets Teams' 404 first, and within its three retries 10 s apart.
  emu = await startEmulator({ seed: seed(), replicationDelayMs: 30_000, throttling: false, clock: new ManualClock(NOW.getTime()) });
});
afterEach(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

describe('team', () => {
  it('plans, applies (waiting for a new group and an archive), converges, sees drift and exports to a clean plan', async () => {
    const dir = await repo();
    const { tenants, diagnostics } = await load(dir);
    expect(diagnostics).toEqual([]);
    const first = await planRun({ tenants, clientsFor, kinds, now: NOW });
    const tp = first.tenants[0]!;
    expect(tp.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const teams = tp.changes.filter((c) => c.kind === 'team').sort((a, b) => (a.address < b.address ? 1 : -1));
    expect(teams.map((c) => `${c.action} ${c.address}`)).toEqual(['update team:sales', 'create team:projects']);
    // The live "Deals" is the YAML's "deals" (Teams compares names case-insensitively): its description, no new channel.
    expect(teams[0]!.fields.map((f) => f.path)).toEqual([
      'memberSettings.allowDeleteChannels', 'funSettings.giphyContentRating', 'channels.Deals.description', 'channels.Leadership.members',
    ]);
    expect(teams[0]!.fields[3]).toMatchObject({ added: ['bob@contoso.com'], removed: ['carol@contoso.com'] });
    const projects = teams[1]!;
    expect(projects.dependsOn).toEqual(expect.arrayContaining([tp.changes.find((c) => c.address === 'group:projects')!.id]));

    const summary = await applyPlan({ plan: first, tenants, clientsFor, kinds, log: () => {}, secret: () => 'Secret-123456!' });
    expect(summary.status).toBe('success');
    // Teams answered the new group's team with 404 first: retried 10 s apart (team-put-teams.md); the archive polled.
    expect(waits).toContain(10_000);
    expect(waits).toContain(1_000);
    const sales = teamOf(SALES);
    expect(sales.settings.memberSettings.allowDeleteChannels).toBe(false);
    expect(sales.settings.funSettings.giphyContentRating).toBe('strict');
    expect(sales.channels.find((c) => c.displayName === 'Deals')?.description).toBe('Deal desk');
    expect(sales.channels.find((c) => c.displayName === 'Leadership')?.members.map((m) => m.userId).sort()).toEqual([userId('alice@contoso.com'), userId('bob@contoso.com')].sort());
    const projectsId = [...emu.state.tenants.get(TENANT)!.groups.values()].find((g) => g.props.mailNickname === 'projects')!.id;
    expect(teamOf(projectsId)).toMatchObject({ isArchived: true });
    expect(teamOf(projectsId).channels.map((c) => c.displayName)).toEqual(['General', 'Kickoff']);

    expect((await planRun({ tenants, clientsFor, kinds, now: NOW })).tenants[0]!.changes).toEqual([]);

    // Out of band, in the Teams admin center: deleting channels allowed again.
    const res = await fetch(`${emu.url}/_emulator/tenants/${TENANT}/changes`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: { userPrincipalName: 'admin@contoso.com' }, requests: [{ method: 'PATCH', url: `/teams/${SALES}`, body: { memberSettings: { allowDeleteChannels: true } } }] }),
    });
    expect(((await res.json()) as { responses: { status: number }[] }).responses[0]!.status).toBe(204);
    const drift = (await planRun({ tenants, clientsFor, kinds, now: NOW })).tenants[0]!;
    expect(drift.changes.map((c) => `${c.address} ${c.fields.map((f) => `${f.path}:${String(f.before)}→${String(f.after)}`).join()}`)).toEqual(['team:sales memberSettings.allowDeleteChannels:true→false']);

    const exported = await exportTenant({ clients: clientsFor(), kinds, tenant: { name: 'contoso', tenantId: TENANT } });
    const groups = exported.files.find((f) => f.name === 'groups.yaml')!;
    expect(groups.content).toContain('giphyContentRating: strict');
    const again = await repo(groups.content.replace(/allowDeleteChannels: true/, 'allowDeleteChannels: true'));
    await writeFile(join(again, 'tenants', 'contoso', 'users.yaml'), exported.files.find((f) => f.name === 'users.yaml')!.content);
    const replanned = (await plan(again)).tenants[0]!;
    expect(replanned.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(replanned.changes.filter((c) => c.kind === 'team')).toEqual([]);
  });

  it('refuses a channel name two live channels share, naming both ids, and plans nothing for that team', async () => {
    const sales = teamOf(SALES);
    const twin = { ...sales.channels[1]!, id: '19:00000000000000000000000000000000@thread.tacv2', displayName: 'DEALS', members: [] };
    sales.channels.push(twin);
    const tp = (await plan(await repo())).tenants[0]!;
    expect(tp.changes.filter((c) => c.address === 'team:sales')).toEqual([]);
    const error = tp.diagnostics.find((d) => d.severity === 'error')!;
    expect(error.summary).toContain(sales.channels[1]!.id);
    expect(error.summary).toContain(twin.id);
  });

  it('a failed read of the team leaves the tenant unknown, with nothing planned', async () => {
    await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: '503:1', path: `/v1.0/teams/${SALES}` }) });
    const tp = (await plan(await repo())).tenants[0]!;
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
  });

  it('refuses General declared absent, a team on a security group and a private channel without owner, at their lines', async () => {
    const dir = await repo(`groups:
  - mailNickname: sales
    displayName: Sales
    type: microsoft365
    owners: [alice@contoso.com]
    team:
      channels:
        - { displayName: general, ensure: absent }
        - { displayName: Board, type: private, members: [bob@contoso.com] }
  - mailNickname: finance
    displayName: Finance
    team: {}
`);
    const { tenants } = await load(dir);
    const tp = (await planRun({ tenants, clientsFor, kinds, now: NOW })).tenants[0]!;
    const errors = tp.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.summary}`);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^12: team:finance: a team can only be created on a Microsoft 365 group/),
      expect.stringMatching(/^8: team:sales: the General channel cannot be deleted/),
      expect.stringMatching(/^9: team:sales: private channel "Board" needs at least one owner/),
    ]));
    expect(teamOf(SALES).channels.map((c) => c.displayName)).toEqual(['General', 'Deals', 'Leadership']);
  });

  it('matches a channel name in another Unicode form and case; refuses a nickname two live groups share', async () => {
    const sales = teamOf(SALES);
    sales.channels[1]!.displayName = 'Caf\u00e9';
    const nfd = GROUPS_YAML.replace('displayName: deals, description: Deal desk', 'displayName: "CAFE\u0301"');
    const tp = (await plan(await repo(nfd))).tenants[0]!;
    const change = tp.changes.find((c) => c.address === 'team:sales')!;
    expect(change.fields.map((f) => f.path)).not.toContain('channels.CAFE\u0301');
    expect((change.ops as { channels: { create: unknown[] } }).channels.create).toEqual([]);

    const t = emu.state.tenants.get(TENANT)!;
    const twin = { ...t.groups.get(SALES)!, id: '6b1a3c6e-0000-4000-8000-0000000051e6', props: { ...t.groups.get(SALES)!.props, id: '6b1a3c6e-0000-4000-8000-0000000051e6' } };
    t.groups.set(twin.id, twin);
    const refused = (await plan(await repo())).tenants[0]!;
    expect(refused.changes.filter((c) => c.address === 'team:sales')).toEqual([]);
    expect(refused.diagnostics.some((d) => d.severity === 'error' && d.summary.includes(SALES) && d.summary.includes(twin.id))).toBe(true);
  });

  it('a hand-edited team is refused at load with file:line: a misspelt setting, an undeclared channel owner', async () => {
    const said = async (yaml: string): Promise<string[]> => {
      const { tenants, diagnostics } = await load(await repo(yaml));
      expect(tenants).toEqual([]);
      return diagnostics.map((d) => `${d.file?.replace(/.*contoso\//, '')}:${d.line}: ${d.summary}`);
    };
    expect(await said(GROUPS_YAML.replace('memberSettings: { allowDeleteChannels: false }', 'memberSetings: { allowDeleteChannels: false }'))).toEqual([
      'groups.yaml:7: groups[0].team.memberSetings: unknown key "memberSetings" (did you mean "memberSettings"?)',
    ]);
    const owner = await said(GROUPS_YAML.replace('owners: [alice@contoso.com], members: [bob@contoso.com]', 'owners: [alicia@contoso.com], members: [bob@contoso.com]'));
    expect(owner).toHaveLength(1);
    expect(owner[0]).toMatch(/^groups\.yaml:11: .*alicia@contoso\.com.*did you mean "alice@contoso\.com"/);
  });

  it('unarchives an archived team for its changes and archives it again, as its plan says', async () => {
    teamOf(SALES).isArchived = true;
    const dir = await repo();
    const { tenants } = await load(dir);
    const first = await planRun({ tenants, clientsFor, kinds, now: NOW });
    const sales = first.tenants[0]!.changes.find((c) => c.address === 'team:sales')!;
    expect(sales.ops).toMatchObject({ op: 'team', unarchive: true, archive: true });
    expect(sales.fields.map((f) => f.path)).not.toContain('archived');
    expect(first.tenants[0]!.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', summary: 'team:sales is archived: apply unarchives it for these changes and archives it again' }));
    expect((await applyPlan({ plan: first, tenants, clientsFor, kinds, log: () => {}, secret: () => 'Secret-123456!' })).status).toBe('success');
    expect(teamOf(SALES)).toMatchObject({ isArchived: true });
    expect(teamOf(SALES).operations.map((o) => o.operationType)).toEqual(['unarchiveTeam', 'archiveTeam']);
    expect(teamOf(SALES).settings.memberSettings.allowDeleteChannels).toBe(false);
  });

  it('refuses a saved plan whose team ops were edited to delete a channel, and changes nothing', async () => {
    const dir = await repo();
    const { tenants } = await load(dir);
    const saved = await planRun({ tenants, clientsFor, kinds, now: NOW });
    const sales = saved.tenants[0]!.changes.find((c) => c.address === 'team:sales')!;
    const deals = teamOf(SALES).channels.find((c) => c.displayName === 'Deals')!;
    (sales.ops as { channels: { remove: { id: string; displayName: string }[] } }).channels.remove.push({ id: deals.id, displayName: 'Deals' });
    const summary = await applyPlan({ plan: saved, tenants, clientsFor, kinds, log: () => {}, secret: () => 'x' });
    expect(summary.status).not.toBe('success');
    expect(summary.tenants[0]!.completed).toEqual([]);
    expect(teamOf(SALES).channels.map((c) => c.displayName)).toEqual(['General', 'Deals', 'Leadership']);
  });
});
