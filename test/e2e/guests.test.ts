// Guests end to end through the commands, over HTTP against the emulator: a guest invited (POST /invitations,
// api-reference/v1.0/api/invitation-post.md) and added to a group by its address in the same apply, convergence,
// the redemption state as an info line (externalUserState, resources/user.md), an out-of-band rename as drift with
// the portal admin as its actor, export that re-plans to zero, ensure: absent and prune. Ownership: a guest is never
// the user kind's. Attacks: two guests with one address, a case and Unicode variant of the key, a failed read, an
// address in the tenant's own domain at validate.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import { runApply } from '../../src/cli/apply.js';
import { runDrift } from '../../src/cli/drift.js';
import { runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { runValidate } from '../../src/cli/validate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument, SeedUser } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan } from '../../src/plan/types.js';
import type { DriftReport } from '../../src/report/types.js';
import { startEmulator, withTenantform } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e7';
const ADMIN = 'admin@contoso.onmicrosoft.com';
// entra-docs docs/external-id/user-properties.md: the guest's UPN carries #EXT#; `mail` is the invited address.
const GUEST_UPN = 'alice_fabrikam.com#EXT#@contoso.onmicrosoft.com';

function seed(extra: SeedUser[] = []): SeedDocument {
  return withTenantform({
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [],
      users: [{ userPrincipalName: ADMIN, displayName: 'Admin' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }, ...extra],
      groups: [{ displayName: 'Projects', mailNickname: 'projects', members: ['bob@contoso.com'] }],
    }],
  });
}

const seededGuest = (email: string, id: string, o: Partial<SeedUser> = {}): SeedUser => ({
  id, userPrincipalName: `${email.replace('@', '_')}#EXT#@contoso.onmicrosoft.com`, mail: email, displayName: email,
  userType: 'Guest', externalUserState: 'PendingAcceptance', ...o,
});

let emu: RunningEmulator;
let root: string;
let started = false;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tenantform-guests-'));
  execFileSync('git', ['init', '-q', root]);
});
afterEach(async () => {
  if (started) await emu.close();
  started = false;
});

async function start(doc: SeedDocument): Promise<void> {
  [emu, started] = [await startEmulator({ seed: doc }), true];
}

function write(sections: Record<string, unknown>): string {
  const dir = join(root, 'tenants');
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  writeFileSync(join(dir, 'contoso', 'tenant.yaml'), stringify({ tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com', 'contoso.onmicrosoft.com'] }, ...sections }));
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

async function plan(dir: string): Promise<{ code: number; plan: Plan; err: string }> {
  const c = cli();
  const code = await runPlan({ dir, emulator: emu.url, format: 'json', detailedExitcode: true }, c.deps);
  if (!c.out()) throw new Error(`plan printed no plan (exit ${code}): ${c.err()}`);
  return { code, plan: JSON.parse(c.out()) as Plan, err: c.err() };
}

async function apply(dir: string): Promise<string> {
  const c = cli();
  const code = await runApply({ dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl'), lockDir: join(root, 'locks'), secret: () => { throw new Error('none'); } }, c.deps);
  expect(code, c.out() + c.err()).toBe(0);
  return c.out();
}

const control = (path: string, body: unknown): Promise<Response> =>
  fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const tenant = () => emu.state.tenants.get(TENANT)!;
const guests = () => [...tenant().users.values()].filter((u) => u.props.userType === 'Guest');
const changes = (p: Plan) => p.tenants[0]!.changes.map((c) => `${c.action} ${c.address} (${c.reason})`).sort();

describe('guests through plan, apply, drift and export', () => {
  it('invites a guest, adds it to a group by its address, converges, shows the redemption state and drift', async () => {
    await start(seed());
    const dir = write({
      users: [{ userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }],
      guests: [{ email: 'Alice@Fabrikam.com', displayName: 'Alice (Fabrikam)' }],
      groups: [{ mailNickname: 'projects', displayName: 'Projects', members: ['bob@contoso.com', 'alice@fabrikam.com'] }],
    });
    const first = await plan(dir);
    expect(first.code, first.err).toBe(2);
    expect(changes(first.plan)).toEqual(['create guest:alice@fabrikam.com (missing)', 'update membership:projects (members_changed)']);
    const invite = first.plan.tenants[0]!.changes.find((c) => c.kind === 'guest')!;
    expect(invite.ops).toEqual({ op: 'graphWrite', body: {
      invitedUserEmailAddress: 'Alice@Fabrikam.com', invitedUserDisplayName: 'Alice (Fabrikam)', sendInvitationMessage: false,
      inviteRedirectUrl: `https://myapps.microsoft.com/?tenantid=${TENANT}`,
    } });
    expect(first.plan.tenants[0]!.changes.find((c) => c.kind === 'membership')).toMatchObject({
      dependsOn: [invite.id], fields: [{ path: 'members', added: ['guest:alice@fabrikam.com'] }],
    });

    const out = await apply(dir);
    expect(out).toContain(`the guest redeems by signing in at https://myapps.microsoft.com/?tenantid=${TENANT}`);
    expect(out).not.toMatch(/login\.microsoftonline\.com\/redeem/);
    const [alice] = guests();
    expect(alice?.props).toMatchObject({ userPrincipalName: GUEST_UPN.replace('alice_fabrikam', 'Alice_Fabrikam'), mail: 'Alice@Fabrikam.com', displayName: 'Alice (Fabrikam)', creationType: 'Invitation', externalUserState: 'PendingAcceptance' });
    expect([...tenant().groups.values()].find((g) => g.props.mailNickname === 'projects')?.members.has(alice!.id)).toBe(true);

    const second = await plan(dir);
    expect(second.code).toBe(0);
    expect(second.plan.tenants[0]!.diagnostics.map((d) => d.summary)).toContainEqual(expect.stringMatching(/^guest:alice@fabrikam\.com: the invitation is not accepted yet \(externalUserState PendingAcceptance since /));

    // The guest redeems (only the guest can: resources/invitation.md), and an admin renames it in the portal.
    expect((await control(`tenants/${TENANT}/invitations/redeem`, { email: 'alice@fabrikam.com' })).status).toBe(200);
    const portal = await control(`tenants/${TENANT}/changes`, { actor: { userPrincipalName: ADMIN }, requests: [{ method: 'PATCH', url: `/users/${alice!.id}`, body: { displayName: 'Alice F.' } }] });
    expect(portal.status).toBe(200);
    const d = cli();
    const outDir = join(root, 'drift');
    expect(await runDrift({ dir, emulator: emu.url, outDir, stateDir: join(root, 'state'), detailedExitcode: true }, d.deps)).toBe(2);
    const report = JSON.parse(readFileSync(join(outDir, 'drift.json'), 'utf8')) as DriftReport;
    const t = report.tenants[0]!;
    expect(t.objects.map((o) => `${o.address} ${o.drift}`)).toEqual(['guest:alice@fabrikam.com changed']);
    expect(t.objects[0]).toMatchObject({ fields: [{ path: 'displayName', live: 'Alice F.', desired: 'Alice (Fabrikam)' }], facts: { actor: ADMIN, activity: 'Update user' } });
    expect(t.diagnostics.some((x) => x.summary.includes('not accepted yet'))).toBe(false);

    await apply(dir);
    expect((await plan(dir)).code).toBe(0);
  });

  it('exports guests and their memberships by address, and the export plans to no changes', async () => {
    await start(seed([seededGuest('carol@tailspin.com', 'c0c0c0c0-0000-4000-8000-0000000000c0', { displayName: 'Carol T' })]));
    const g = [...tenant().groups.values()][0]!;
    g.members.add('c0c0c0c0-0000-4000-8000-0000000000c0');
    const c = cli();
    expect(await runExport({ tenant: 'contoso', tenantId: TENANT, dir: join(root, 'tenants'), emulator: emu.url }, c.deps), c.err()).toBe(0);
    const guestsYaml = readFileSync(join(root, 'tenants', 'contoso', 'guests.yaml'), 'utf8');
    expect(guestsYaml).toContain('email: carol@tailspin.com');
    expect(readFileSync(join(root, 'tenants', 'contoso', 'groups.yaml'), 'utf8')).toContain('- carol@tailspin.com');
    const again = await plan(join(root, 'tenants'));
    expect(again.code, JSON.stringify(again.plan.tenants[0]!.changes)).toBe(0);
  });

  it('leaves out of export a guest with no address outside the tenant, and counts declared guests as declared users', async () => {
    await start(seed([
      seededGuest('carol@tailspin.com', 'c0c0c0c0-0000-4000-8000-0000000000c0'),
      { userPrincipalName: 'temp@contoso.com', displayName: 'Temp', userType: 'Guest' },
    ]));
    const c = cli();
    const exported = join(root, 'exported');
    expect(await runExport({ tenant: 'contoso', tenantId: TENANT, dir: exported, emulator: emu.url }, c.deps), c.err()).toBe(0);
    const guestsYaml = readFileSync(join(exported, 'contoso', 'guests.yaml'), 'utf8');
    expect(guestsYaml).toContain('1 guest without a mail address outside the tenant');
    expect(guestsYaml).not.toContain('temp@contoso.com');
    expect((await plan(exported)).code).toBe(0);

    // admin, bob, temp and carol live; admin, bob and carol declared: one undeclared user, and drift names it.
    const dir = write({ users: [{ userPrincipalName: ADMIN, displayName: 'Admin' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }], guests: [{ email: 'carol@tailspin.com' }] });
    expect((await plan(dir)).plan.tenants[0]!.inventory?.counts).toMatchObject({ users: 1 });
    const outDir = join(root, 'drift');
    expect(await runDrift({ dir, emulator: emu.url, outDir, stateDir: join(root, 'state') }, cli().deps)).toBe(0);
    const report = JSON.parse(readFileSync(join(outDir, 'drift.json'), 'utf8')) as DriftReport;
    expect(report.tenants[0]!.inventory?.objects?.users?.map((o) => o.address)).toEqual(['user:temp@contoso.com']);
  });

  it('deletes on ensure: absent, prunes undeclared guests only when asked, and the user kind never takes a guest', async () => {
    await start(seed([seededGuest('old@tailspin.com', 'd0d0d0d0-0000-4000-8000-0000000000d0'), seededGuest('stray@tailspin.com', 'e0e0e0e0-0000-4000-8000-0000000000e0')]));
    const staff = [{ userPrincipalName: ADMIN, displayName: 'Admin' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }];
    const absent = write({ users: staff, guests: [{ email: 'old@tailspin.com', ensure: 'absent' }], policy: { prune: { users: true } } });
    const p = await plan(absent);
    expect(changes(p.plan)).toEqual(['delete guest:old@tailspin.com (ensure_absent)']);
    expect(p.plan.tenants[0]!.unmanaged).toMatchObject({ guest: 1 });
    const pruning = write({ guests: [{ email: 'old@tailspin.com', ensure: 'absent' }], policy: { prune: { guests: true } } });
    expect(changes((await plan(pruning)).plan)).toEqual(['delete guest:old@tailspin.com (ensure_absent)', 'delete guest:stray@tailspin.com (pruned)']);
    await apply(pruning);
    expect(guests()).toEqual([]);
    expect(tenant().deletedUsers.size).toBe(2);
  });

  it('refuses a users entry naming a guest by its UPN: the guest kind owns it', async () => {
    await start(seed([seededGuest('x@tailspin.com', 'f0f0f0f0-0000-4000-8000-0000000000f0')]));
    const refused = await plan(write({ users: [{ userPrincipalName: 'x_tailspin.com#EXT#@contoso.onmicrosoft.com', displayName: 'X' }] }));
    expect(refused.code).toBe(1);
    expect(refused.plan.tenants[0]!.diagnostics.map((x) => x.summary)).toContainEqual(expect.stringContaining('the account is a guest, which the guest kind owns'));
  });
});

describe('attacking the guest key', () => {
  it('refuses two guests with one address, naming both ids, and plans nothing for it', async () => {
    await start(seed([
      seededGuest('dup@tailspin.com', 'a1a1a1a1-0000-4000-8000-0000000000a1'),
      seededGuest('DUP@tailspin.com', 'a2a2a2a2-0000-4000-8000-0000000000a2', { userPrincipalName: 'dup_tailspin.com#EXT#1@contoso.onmicrosoft.com' }),
    ]));
    const p = await plan(write({ guests: [{ email: 'dup@tailspin.com', displayName: 'Dup' }] }));
    expect(p.code).toBe(1);
    const error = p.plan.tenants[0]!.diagnostics.find((d) => d.severity === 'error')!;
    expect(error.summary).toContain('a1a1a1a1-0000-4000-8000-0000000000a1, a2a2a2a2-0000-4000-8000-0000000000a2');
    expect(p.plan.tenants[0]!.changes).toEqual([]);
  });

  it('restores a declared guest found in the recycle bin, with its id, and refuses two deleted candidates', async () => {
    const gone = seededGuest('ann@tailspin.com', 'a3a3a3a3-0000-4000-8000-0000000000a3', { displayName: 'Ann' });
    const doc = seed();
    doc.tenants[0]!.deletedUsers = [gone];
    await start(doc);
    const dir = write({ guests: [{ email: 'ann@tailspin.com', displayName: 'Ann (Tailspin)' }] });
    const p = await plan(dir);
    expect(changes(p.plan)).toEqual(['create guest:ann@tailspin.com (restore)']);
    expect(p.plan.tenants[0]!.changes[0]!.fields).toEqual([{ path: 'displayName', before: 'Ann', after: 'Ann (Tailspin)' }]);
    await apply(dir);
    expect(guests().map((u) => [u.id, u.props.displayName])).toEqual([['a3a3a3a3-0000-4000-8000-0000000000a3', 'Ann (Tailspin)']]);
    expect((await plan(dir)).code).toBe(0);

    await emu.close();
    const twice = seed();
    twice.tenants[0]!.deletedUsers = [gone, seededGuest('ann@tailspin.com', 'a4a4a4a4-0000-4000-8000-0000000000a4', { userPrincipalName: 'ann_tailspin.com#EXT#2@contoso.onmicrosoft.com' })];
    await start(twice);
    const refused = await plan(dir);
    expect(refused.code).toBe(1);
    expect(refused.plan.tenants[0]!.diagnostics.find((d) => d.severity === 'error')?.summary).toContain('2 deleted objects in the recycle bin have this key (ids a3a3a3a3-0000-4000-8000-0000000000a3, a4a4a4a4-0000-4000-8000-0000000000a4)');
  });

  it('matches a case and Unicode (NFD) variant of the address to the same guest', async () => {
    await start(seed([seededGuest('jos\u00e9@tailspin.com', 'b1b1b1b1-0000-4000-8000-0000000000b1', { userPrincipalName: 'jose_tailspin.com#EXT#@contoso.onmicrosoft.com', displayName: 'José' })]));
    const p = await plan(write({ guests: [{ email: 'JOSE\u0301@Tailspin.com', displayName: 'José' }] }));
    expect(p.code, JSON.stringify(p.plan.tenants[0]!.changes)).toBe(0);
  });

  it('treats a failed read of guests as unknown: the tenant errors and nothing is planned', async () => {
    await start(seed([seededGuest('old@tailspin.com', 'd0d0d0d0-0000-4000-8000-0000000000d0')]));
    expect((await control('faults', { spec: 'nonjson:1', tenantId: TENANT, path: '/v1.0/users' })).status).toBe(204);
    const p = await plan(write({ guests: [{ email: 'new@tailspin.com' }], policy: { prune: { guests: true } } }));
    expect(p.code).toBe(1);
    expect(p.plan.tenants[0]!.status).toBe('error');
    expect(p.plan.tenants[0]!.changes).toEqual([]);
  });

  it('refuses to plan an invitation while the YAML restricts invitations to admins (app-only would be refused)', async () => {
    await start(seed());
    const p = await plan(write({ guests: [{ email: 'new@tailspin.com' }], authorizationPolicy: { allowInvitesFrom: 'adminsAndGuestInviters' } }));
    expect(p.code).toBe(1);
    expect(p.plan.tenants[0]!.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      address: 'guest:new@tailspin.com', summary: expect.stringContaining('allowInvitesFrom is adminsAndGuestInviters: Graph refuses app-only invitations'),
    });
    expect(guests()).toEqual([]);
  });

  it('refuses at validate a guest in the tenant\'s own domain and a message without the invitation email', async () => {
    await start(seed());
    const dir = write({ guests: [{ email: 'eve@contoso.com' }, { email: 'ok@tailspin.com', message: 'Welcome' }] });
    let out = '';
    expect(await runValidate({ dir, repoRoot: root }, { stdout: (t) => (out += t), stderr: (t) => (out += t) })).toBe(1);
    // Each at the line of its field: the email of the first entry, the message of the second.
    const lines = readFileSync(join(dir, 'contoso', 'tenant.yaml'), 'utf8').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(out).toContain(`tenant.yaml:${at('eve@contoso.com')}:`);
    expect(out).toMatch(/guest:eve@contoso\.com: eve@contoso\.com is in the tenant's own domain contoso\.com; declare the person under users/);
    expect(out).toContain(`tenant.yaml:${at('message: Welcome')}:`);
    expect(out).toMatch(/guest:ok@tailspin\.com: message is the invitation email's text, so it needs sendInvitation: true/);
  });
});
