// Child kinds through the commands, over HTTP against the emulator: a nickname two live groups share is refused with
// both ids and nothing is applied; members and owners plan → apply → plan to zero, apply sending exactly the planned
// ops; a saved plan whose ops were edited by hand is refused by its digest before anything is read or written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { Plan } from '../../src/plan/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { stats } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
afterEach(async () => {
  await emu.close();
});

const state = () => emu.state.tenants.get(CONTOSO)!;
const upnOf = (id: string) => String(state().users.get(id)?.props.userPrincipalName);
const groupsNamed = (nick: string) => [...state().groups.values()].filter((g) => String(g.props.mailNickname).toLowerCase() === nick);
const membersOf = (nick: string) => [...groupsNamed(nick)[0]!.members].map(upnOf).sort();
const writes = async () => (await stats(emu)).tenants.find((t) => t.tenantId === CONTOSO)!.auditEntries;

const finance = (members: string[], owners?: string[]) => contoso({
  users: [{ userPrincipalName: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com' }, { userPrincipalName: 'carol@contoso.com' }],
  groups: [{ mailNickname: 'finance', displayName: 'Finance', members, ...(owners ? { owners } : {}) }],
});

describe('child kinds from the command line', () => {
  beforeEach(async () => {
    emu = await startEmulator({ seed: cliEstate(), throttling: false });
  });

  it('plans members and owners as ops, applies exactly them, and converges to no changes', async () => {
    const w = workDir([finance(['alice@contoso.com', 'bob@contoso.com'], ['alice@contoso.com'])]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile, detailedExitcode: true }, cli().deps)).toBe(2);
    const change = (await readPlanFile(planFile)).tenants[0]!.changes.find((c) => c.address === 'membership:finance')!;
    const carol = state().upnIndex.get('carol@contoso.com')!;
    expect(change).toMatchObject({ action: 'update', reason: 'members_changed' });
    expect(change.ops).toEqual({
      op: 'membership',
      members: { add: ['user:alice@contoso.com'], remove: [{ ref: 'user:carol@contoso.com', id: carol }] },
      owners: { add: ['user:alice@contoso.com'], remove: [] },
    });

    const a = cli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(membersOf('finance')).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect([...groupsNamed('finance')[0]!.owners].map(upnOf)).toEqual(['alice@contoso.com']);
    const again = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, detailedExitcode: true }, again.deps)).toBe(0);
    expect(again.out()).toContain('No changes.');
  });

  it('refuses a saved plan whose membership ops were edited by hand, and writes nothing', async () => {
    const w = workDir([finance(['bob@contoso.com', 'carol@contoso.com', 'alice@contoso.com'])]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, cli().deps)).toBe(0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    const change = plan.tenants[0]!.changes.find((c) => c.address === 'membership:finance')!;
    // The reviewed plan adds alice; the edited one would also remove bob, with an id taken from the tenant.
    const bob = state().upnIndex.get('bob@contoso.com')!;
    change.ops = { op: 'membership', members: { add: ['user:alice@contoso.com'], remove: [{ ref: 'user:bob@contoso.com', id: bob }] }, owners: { add: [], remove: [] } };
    writeFileSync(planFile, JSON.stringify(plan));
    const before = await writes();
    const a = cli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.err() + a.out()).toMatch(/digest does not match its content/);
    expect(membersOf('finance')).toEqual(['bob@contoso.com', 'carol@contoso.com']);
    expect(await writes()).toBe(before);
  });

  it('refuses a saved plan whose ops are not of a shape tenantform writes', async () => {
    const w = workDir([finance(['alice@contoso.com'])]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, cli().deps)).toBe(0);
    const text = readFileSync(planFile, 'utf8').replace(/"op": ?"membership"/, '"op": "everything"');
    writeFileSync(planFile, text);
    const a = cli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.err() + a.out()).toContain('ops.op "everything" is unknown');
  });
});

describe('a nickname two live groups share', () => {
  beforeEach(async () => {
    const doc = cliEstate();
    // Security groups' mailNickname is not unique in Entra: a second Finance group can exist beside the first.
    doc.tenants[0]!.groups!.push({ displayName: 'Finance (old)', mailNickname: 'Finance', members: ['alice@contoso.com'] });
    emu = await startEmulator({ seed: doc, throttling: false });
  });

  it('is an error naming both ids, for the group and its members alike, and apply changes nothing', async () => {
    const ids = groupsNamed('finance').map((g) => g.id).sort();
    expect(ids).toHaveLength(2);
    const w = workDir([finance(['alice@contoso.com', 'bob@contoso.com'])]);
    const planFile = join(w.root, 'plan.json');
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, p.deps)).toBe(1);
    const tenant = (await readPlanFile(planFile)).tenants[0]!;
    expect(tenant).toMatchObject({ status: 'error', changes: [] });
    const errors = tenant.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.address).sort()).toEqual(['group:finance', 'group:finance']);
    for (const e of errors) expect(e.summary).toContain(`(ids ${ids.join(', ')})`);
    expect(errors.find((e) => e.path === 'groups[0]')).toBeDefined();

    const before = await writes();
    const a = cli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(await writes()).toBe(before);
    expect(groupsNamed('finance').map((g) => [...g.members].map(upnOf).sort())).toEqual([['bob@contoso.com', 'carol@contoso.com'], ['alice@contoso.com']]);
  });
});

describe('a role name two role definitions share', () => {
  const CUSTOM = 'c0ffee00-0000-4000-8000-0000000000a1';
  beforeEach(async () => {
    const doc = cliEstate();
    // A custom role (unifiedRoleDefinition, isBuiltIn false) whose display name differs from a built-in one only in case.
    // https://learn.microsoft.com/graph/api/resources/unifiedroledefinition (displayName; id; isBuiltIn)
    doc.tenants[0]!.customRoles = [{ id: CUSTOM, displayName: 'helpdesk administrator' }];
    emu = await startEmulator({ seed: doc, throttling: false });
  });

  it('is an error naming both definition ids, and apply assigns nothing', async () => {
    const w = workDir([contoso({ users: [{ userPrincipalName: 'bob@contoso.com', roles: ['Helpdesk Administrator'] }] })]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, cli().deps)).toBe(1);
    const tenant = (await readPlanFile(planFile)).tenants[0]!;
    expect(tenant).toMatchObject({ status: 'error', changes: [] });
    // The built-in Helpdesk Administrator's id is its template id.
    expect(tenant.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({
      address: 'directoryRole:bob@contoso.com/Helpdesk Administrator', path: 'users[0].roles[0]',
      summary: expect.stringContaining(`2 role definitions have this key (ids 729827e3-9c14-49f7-bb1b-9608f156bbb8, ${CUSTOM})`),
    })]);
    const assignments = state().roleAssignments.size;
    expect(await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, cli().deps)).toBe(1);
    expect(state().roleAssignments.size).toBe(assignments);
  });
});
