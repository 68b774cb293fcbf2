// The declarative leaver, through the built CLI against the emulator over HTTP: one `lifecycle:` on a user plans
// every off-boarding step, apply makes them, and the next plan is empty. Microsoft's pages:
// - microsoft-graph-docs-contrib api-reference/v1.0/api/user-revokesigninsessions.md (signInSessionsValidFromDateTime
//   reset to the time of the call), user-update.md (accountEnabled), user-assignlicense.md (removeLicenses),
//   group-delete-members.md, user-delete.md.
// - Exchange cmdlet reference: Set-Mailbox -Type Shared, Add-MailboxPermission -AccessRights FullAccess,
//   Get-MailboxStatistics; learn.microsoft.com/microsoft-365/admin/email/convert-user-mailbox-to-shared-mailbox
//   (convert first, then remove the license: an unlicensed user mailbox is removed after 30 days).
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { Plan } from '../../src/plan/types.js';
import type { DriftReport } from '../../src/report/types.js';
import { CLI_MAIN } from '../support/examples.js';
import { appToken, startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000c1';
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';

interface Run { code: number; stdout: string; stderr: string }

async function tenantform(cwd: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [CLI_MAIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [{ skuId: E3, skuPartNumber: 'SPE_E3', seats: 5, servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }] }],
      users: [
        // Signed in since long before the day they left: their sessions are valid from their account's creation.
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', usageLocation: 'SE', manager: 'bob@contoso.com', createdDateTime: '2024-01-15T08:00:00Z', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
      ],
      groups: [
        { displayName: 'Finance', mailNickname: 'finance', members: ['alice@contoso.com', 'bob@contoso.com'] },
        { displayName: 'Alumni', mailNickname: 'alumni', members: ['alice@contoso.com'] },
      ],
      mailboxes: [{ address: 'alice@contoso.com', type: 'user', itemCount: 4200, totalItemSizeMB: 310 }, { address: 'bob@contoso.com', type: 'user' }],
    }],
  };
}

const ADMIN = 'admin@contoso.onmicrosoft.com';
const REPLY = 'Alice has left Contoso; please write to bob@contoso.com.';

/** Alice off-boarded already (by an earlier apply, or by hand): the leaver's YAML plans nothing for her. */
function offboarded(): SeedDocument {
  const s = seed();
  const t = s.tenants[0]!;
  t.users = [
    { userPrincipalName: ADMIN, displayName: 'Contoso Admin' },
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', usageLocation: 'SE', manager: 'bob@contoso.com', accountEnabled: false, createdDateTime: '2025-07-01T00:00:00Z' },
    t.users![1]!,
  ];
  t.groups = [t.groups![0]!, t.groups![1]!];
  t.groups[0]!.members = ['bob@contoso.com'];
  t.mailboxes = [
    { address: 'alice@contoso.com', type: 'shared', hiddenFromAddressLists: true, itemCount: 4200, totalItemSizeMB: 310,
      permissions: { fullAccess: [{ user: 'bob@contoso.com' }] }, autoReply: { status: 'enabled', internalMessage: REPLY, externalMessage: REPLY, externalAudience: 'all' } },
    t.mailboxes![1]!,
  ];
  return s;
}

function leaverYaml(extra = ''): string {
  return `tenant: { name: contoso, tenantId: ${TENANT}, domains: [contoso.com, contoso.onmicrosoft.com] }
users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice Andersson
    usageLocation: SE
    manager: bob@contoso.com
    licenses: [{ sku: SPE_E3 }]
    lifecycle:
      state: leaver
      since: 2025-06-01
      autoReply: Alice has left Contoso; please write to bob@contoso.com.
      keepGroups: [alumni]${extra}
  - { userPrincipalName: bob@contoso.com, displayName: Bob Berg, usageLocation: SE, licenses: [{ sku: SPE_E3 }] }
groups:
  - { mailNickname: finance, displayName: Finance, members: [alice@contoso.com, bob@contoso.com] }
  - { mailNickname: alumni, displayName: Alumni, members: [alice@contoso.com] }
`;
}

function workspace(yaml: string): { root: string; dir: string; write: (y: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-leaver-'));
  execFileSync('git', ['init', '-q', root]);
  const dir = join(root, 'tenants');
  mkdirSync(join(dir, 'contoso'), { recursive: true });
  const write = (y: string) => writeFileSync(join(dir, 'contoso', 'tenant.yaml'), y);
  write(yaml);
  return { root, dir, write };
}

async function graph(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${await appToken(emu.url, TENANT)}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function cmdlet(emu: RunningEmulator, name: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${emu.url}/adminapi/beta/${TENANT}/InvokeCommand`, {
    method: 'POST', headers: { authorization: `Bearer ${await appToken(emu.url, TENANT, 'app-1', 'https://outlook.office365.com/.default')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: name, Parameters: parameters } }),
  });
  return ((await res.json()) as { value: Record<string, unknown>[] }).value;
}

const changesOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Plan).tenants[0]!.changes;

describe('a leaver declared in YAML', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('plans every step in order, applies them, keeps the mail, and plans nothing more', { timeout: 180_000 }, async () => {
    emu = await startEmulator({ seed: seed() });
    const { root, dir } = workspace(leaverYaml());
    const planFile = join(root, 'plan.json');
    const plan = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--out', planFile]);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = changesOf(planFile);
    const at = (address: string) => changes.find((c) => c.address === address)!;
    const user = at('user:alice@contoso.com');
    const revoke = at('revokeSessions:alice@contoso.com');
    const mailbox = at('mailbox:alice@contoso.com');
    const grant = at('mailboxPermission:alice@contoso.com');
    const license = at('license:alice@contoso.com/SPE_E3');
    const groups = at('membership:finance');
    expect(user.fields).toEqual([{ path: 'accountEnabled', before: true, after: false }]);
    expect(revoke).toMatchObject({ reason: 'leaver_sessions', dependsOn: [user.id] });
    expect(mailbox.fields.map((f) => [f.path, f.before, f.after])).toEqual(expect.arrayContaining([
      ['type', 'user', 'shared'], ['hiddenFromAddressLists', false, true], ['autoReply.status', 'disabled', 'enabled'],
    ]));
    expect(mailbox.dependsOn).toEqual([user.id]);
    expect(grant.fields).toEqual([expect.objectContaining({ path: 'fullAccess', added: ['bob@contoso.com'] })]);
    expect(grant.dependsOn).toContain(mailbox.id);
    // The licenses and the groups go only once the mailbox is shared; the kept group is not touched.
    expect(license).toMatchObject({ action: 'delete', dependsOn: [mailbox.id] });
    expect(groups.fields).toEqual([expect.objectContaining({ path: 'members', removed: ['user:alice@contoso.com'] })]);
    expect(groups.dependsOn).toContain(mailbox.id);
    expect(changes.find((c) => c.address === 'membership:alumni')).toBeUndefined();
    expect(changes).toHaveLength(6);
    expect(plan.stdout).toContain('revokeSessions:alice@contoso.com');
    // The review shows each step's order: the license goes "after" the mailbox's conversion.
    expect(plan.stdout).toContain(`# license:alice@contoso.com/SPE_E3 will be destroyed (${license.id}, not declared, after ${mailbox.id})`);

    const apply = await tenantform(root, ['apply', planFile, '--auto-approve', '--dir', dir, '--emulator', emu.url, '--log', join(root, 'apply.jsonl')]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const done = readFileSync(join(root, 'apply.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { address?: string; status?: string })
      .filter((e) => e.status === 'completed').map((e) => e.address);
    const order = (a: string) => done.indexOf(a);
    expect(order('user:alice@contoso.com')).toBeLessThan(order('revokeSessions:alice@contoso.com'));
    expect(order('user:alice@contoso.com')).toBeLessThan(order('mailbox:alice@contoso.com'));
    expect(order('mailbox:alice@contoso.com')).toBeLessThan(order('license:alice@contoso.com/SPE_E3'));
    expect(order('mailbox:alice@contoso.com')).toBeLessThan(order('membership:finance'));

    const u = await graph(emu, 'GET', '/users/alice@contoso.com?$select=accountEnabled,assignedLicenses,signInSessionsValidFromDateTime');
    expect(u).toMatchObject({ accountEnabled: false, assignedLicenses: [] });
    expect(Date.parse(String(u.signInSessionsValidFromDateTime))).toBeGreaterThan(Date.parse('2025-06-01T00:00:00Z'));
    const [box] = await cmdlet(emu, 'Get-Mailbox', { Identity: 'alice@contoso.com' });
    expect(box).toMatchObject({ RecipientTypeDetails: 'SharedMailbox', HiddenFromAddressListsEnabled: true });
    const [stats] = await cmdlet(emu, 'Get-MailboxStatistics', { Identity: 'alice@contoso.com' });
    expect(stats).toMatchObject({ ItemCount: 4200, TotalItemSize: '310 MB (325,058,560 bytes)' });
    const rights = await cmdlet(emu, 'Get-MailboxPermission', { Identity: 'alice@contoso.com' });
    expect(rights.map((r) => r.User)).toContain('bob@contoso.com');
    const replies = await graph(emu, 'GET', '/users/alice@contoso.com/mailboxSettings?$select=automaticRepliesSetting');
    expect(replies.automaticRepliesSetting).toMatchObject({ status: 'alwaysEnabled', externalReplyMessage: 'Alice has left Contoso; please write to bob@contoso.com.' });
    const membersOf = async (nick: string) => {
      const [g] = (await graph(emu!, 'GET', `/groups?$filter=mailNickname eq '${nick}'&$select=id`)).value as { id: string }[];
      return ((await graph(emu!, 'GET', `/groups/${g!.id}/members?$select=userPrincipalName`)).value as { userPrincipalName: string }[]).map((m) => m.userPrincipalName);
    };
    expect(await membersOf('finance')).toEqual(['bob@contoso.com']);
    expect(await membersOf('alumni')).toEqual(['alice@contoso.com']);

    const again = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const twice = await tenantform(root, ['apply', '--auto-approve', '--dir', dir, '--emulator', emu.url]);
    expect(twice.code, twice.stdout + twice.stderr).toBe(0);
    expect(twice.stdout).not.toMatch(/revokeSessions:/);
  });

  it('is re-disabled, its new sessions revoked, after an out-of-band re-enable, which drift names with its actor', { timeout: 180_000 }, async () => {
    emu = await startEmulator({ seed: offboarded() });
    const { root, dir } = workspace(leaverYaml());
    const clean = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode']);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    // Export knows no leaver: it writes the account as it is (disabled, unlicensed, a shared mailbox), which plans clean.
    const exported = join(root, 'exported', 'contoso');
    const ex = await tenantform(root, ['export', '--tenant', 'contoso', '--dir', dir, '--out', exported, '--emulator', emu.url]);
    expect(ex.code, ex.stdout + ex.stderr).toBe(0);
    const replan = await tenantform(root, ['plan', '--dir', join(root, 'exported'), '--emulator', emu.url, '--detailed-exitcode']);
    expect(replan.code, replan.stdout + replan.stderr).toBe(0);

    const res = await fetch(`${emu.url}/_emulator/tenants/${TENANT}/changes`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: { userPrincipalName: ADMIN }, requests: [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { accountEnabled: true } }] }),
    });
    expect(res.status).toBe(200);
    const out = join(root, 'drift');
    const drift = await tenantform(root, ['drift', '--dir', dir, '--emulator', emu.url, '--out-dir', out, '--detailed-exitcode']);
    expect(drift.code, drift.stdout + drift.stderr).toBe(2);
    const report = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftReport;
    const alice = report.tenants[0]!.objects.find((o) => o.address === 'user:alice@contoso.com')!;
    expect(alice.fields).toEqual([expect.objectContaining({ path: 'accountEnabled', desired: false, live: true })]);
    expect(alice.facts).toMatchObject({ actor: ADMIN, activity: 'Update user' });

    const planFile = join(root, 'plan.json');
    expect((await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--out', planFile])).code).toBe(0);
    expect(changesOf(planFile).map((c) => c.address)).toEqual(['user:alice@contoso.com', 'revokeSessions:alice@contoso.com']);
    expect((await tenantform(root, ['apply', planFile, '--auto-approve', '--dir', dir, '--emulator', emu.url])).code).toBe(0);
    expect((await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode'])).code).toBe(0);
  });

  it('plans nothing before deleteAfter, and from that day the deletion alone, counted under maxDeletes', { timeout: 180_000 }, async () => {
    emu = await startEmulator({ seed: offboarded() });
    const { root, dir, write } = workspace(leaverYaml('\n      deleteAfter: 2099-12-31'));
    const early = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode']);
    expect(early.code, early.stdout + early.stderr).toBe(0);

    write(`${leaverYaml('\n      deleteAfter: 2025-12-31')}policy: { maxDeletes: 0 }\n`);
    const refused = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/maxDeletes/);

    write(leaverYaml('\n      deleteAfter: 2025-12-31'));
    const planFile = join(root, 'plan.json');
    const due = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--out', planFile]);
    expect(due.code, due.stdout + due.stderr).toBe(0);
    expect(changesOf(planFile)).toEqual([expect.objectContaining({ address: 'user:alice@contoso.com', action: 'delete', reason: 'retention_ended' })]);
    expect(due.stdout).toContain('retention ended');
    expect((await tenantform(root, ['apply', planFile, '--auto-approve', '--dir', dir, '--emulator', emu.url])).code).toBe(0);

    // The user is in deleted items, restorable for 30 days; its shared mailbox went with it.
    const deleted = await graph(emu, 'GET', '/directory/deletedItems/microsoft.graph.user?$select=userPrincipalName');
    expect(JSON.stringify(deleted.value)).toContain('alice@contoso.com');
    expect((await cmdlet(emu, 'Get-Mailbox', { ResultSize: 'Unlimited' })).map((m) => m.PrimarySmtpAddress)).toEqual(['bob@contoso.com']);
    const after = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode']);
    expect(after.code, after.stdout + after.stderr).toBe(0);
  });
});
