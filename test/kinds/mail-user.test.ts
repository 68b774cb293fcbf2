// Mail users against the emulator over HTTP through the real clients: created with their initial password from the
// secret source (never in the plan), re-planned to zero; drift made out of band; a key in another case and Unicode
// form; ensure absent and prune; one that cannot be created; a failed read; export re-planning to zero; the user
// kind leaving a mail user's account alone and refusing a `users` entry for it.
// Cmdlets: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-MailUser.md,
// Set-MailUser.md, Get-MailUser.md, Remove-MailUser.md.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, type TenantClients } from '../../src/clients/index.js';
import { createReadSession } from '../../src/clients/session.js';
import type { LoadedTenant, MailUserSpec, TenantConfig } from '../../src/config/model.js';
import type { ExportResult, Kind } from '../../src/kinds/contract.js';
import { mailUserKind } from '../../src/kinds/mail-user/index.js';
import { userKind } from '../../src/kinds/user/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { sealPlan } from '../../src/plan/digest.js';
import { PLAN_FORMAT_VERSION, type TenantPlan } from '../../src/plan/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorClock } from '../support/clock.js';
import { refusingCmdlet } from '../support/clients.js';
import { planWith } from '../support/pipeline.js';
import { startEmulator, TEST_APP, TEST_SECRET } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000ea';
const PASSWORD = 'Initial-Secret-9f2!';
const kinds = [mailUserKind] as Kind[];
let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function start(): Promise<{ tf: TenantClients; admin: TenantClients }> {
  emu = await startEmulator({ seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [] }] }, throttling: false });
  const e = emu;
  const make = (o: Partial<Parameters<typeof createClients>[0]>): TenantClients =>
    createClients({ tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e), ...o });
  return { tf: make({}), admin: make({ credentials: { clientId: TEST_APP, secret: TEST_SECRET } }) };
}

function loaded(mailUsers: MailUserSpec[], extra: Partial<TenantConfig> = {}): LoadedTenant {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com', 'contoso.onmicrosoft.com'] }, mailUsers, ...extra };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/mailUsers.yaml'], diagnostics: [], locate: () => undefined };
}

const plan = (t: LoadedTenant, clients: TenantClients, use = kinds): Promise<TenantPlan> => planWith(use, t, clients);

async function apply(t: LoadedTenant, tp: TenantPlan, clients: TenantClients): Promise<void> {
  const p = sealPlan({
    formatVersion: PLAN_FORMAT_VERSION, createdAt: '', source: { commit: null, dirty: false }, tenants: [tp],
    summary: { create: 0, update: 0, delete: 0, replace: 0, tenants: 1, errored: 0 },
  });
  const summary = await applyPlan({ plan: p, tenants: [t], clientsFor: async () => clients, kinds, log: () => undefined, secret: () => PASSWORD });
  expect(summary.tenants[0]!.failed).toEqual([]);
}

const ed: MailUserSpec = { userPrincipalName: 'ed.meadows@contoso.com', displayName: 'Ed Meadows', externalEmailAddress: 'ed@tailspintoys.com', aliases: ['ed@contoso.com'] };
const row = async (admin: TenantClients, id: string) => (await admin.exchange!.invoke<Record<string, unknown>>('Get-MailUser', { Identity: id }))[0]!;
const summary = (tp: TenantPlan) => tp.changes.map((c) => `${c.action} ${c.address}`).sort();

describe('mail users', () => {
  it('creates one with its account, keeps the password out of the plan, and re-plans to zero', async () => {
    const { tf, admin } = await start();
    const t = loaded([ed]);
    const first = await plan(t, tf);
    expect(first.diagnostics).toEqual([]);
    expect(summary(first)).toEqual(['create mailUser:ed.meadows@contoso.com']);
    expect(JSON.stringify(first)).not.toContain(PASSWORD);
    expect(first.changes[0]!.fields.find((f) => f.path === 'password')).toEqual({ path: 'password', sensitive: true });
    await apply(t, first, tf);
    expect(await row(admin, 'ed.meadows@contoso.com')).toMatchObject({
      RecipientTypeDetails: 'MailUser', DisplayName: 'Ed Meadows', ExternalEmailAddress: 'SMTP:ed@tailspintoys.com',
      PrimarySmtpAddress: 'ed.meadows@contoso.com', EmailAddresses: ['SMTP:ed.meadows@contoso.com', 'smtp:ed@contoso.com'],
    });
    // The Entra account New-MailUser made, as Graph shows it once replicated.
    emu!.state.clock.advance(60_000);
    const users = await admin.graph.list<Record<string, unknown>>('/users?$select=userPrincipalName,accountEnabled');
    expect(users.filter((u) => u.userPrincipalName === 'ed.meadows@contoso.com')).toEqual([expect.objectContaining({ accountEnabled: true })]);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('matches the key ignoring case and Unicode normalisation', async () => {
    const { tf } = await start();
    const nfc = { ...ed, userPrincipalName: 'zoë@contoso.com' };
    await apply(loaded([nfc]), await plan(loaded([nfc]), tf), tf);
    const nfd = loaded([{ ...ed, userPrincipalName: 'ZOE\u0308@Contoso.COM' }]);
    const again = await plan(nfd, tf);
    expect(again.diagnostics).toEqual([]);
    expect(again.changes).toEqual([]);
  });

  it('detects a forwarding target, name and addresses changed out of band and puts them back', async () => {
    const { tf, admin } = await start();
    const t = loaded([ed]);
    await apply(t, await plan(t, tf), tf);
    await admin.exchange!.invoke('Set-MailUser', { Identity: 'ed.meadows@contoso.com', ExternalEmailAddress: 'ed@fabrikam.net', DisplayName: 'Ed M', EmailAddresses: ['SMTP:ed.meadows@contoso.com', 'smtp:eddie@contoso.com'] });
    const drift = await plan(t, tf);
    expect(drift.changes.map((c) => c.fields.map((f) => `${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`))).toEqual([[
      'displayName: "Ed M" -> "Ed Meadows"', 'externalEmailAddress: "ed@fabrikam.net" -> "ed@tailspintoys.com"', 'aliases: ["eddie@contoso.com"] -> ["ed@contoso.com"]',
    ]]);
    await apply(t, drift, tf);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('deletes only on ensure: absent or prune, and the account goes with it', async () => {
    const { tf, admin } = await start();
    const other = { ...ed, userPrincipalName: 'ann@contoso.com', aliases: [] };
    await apply(loaded([ed, other]), await plan(loaded([ed, other]), tf), tf);
    expect((await plan(loaded([ed]), tf)).changes).toEqual([]);
    const absent = await plan(loaded([ed, { userPrincipalName: 'ann@contoso.com', ensure: 'absent' }]), tf);
    expect(absent.changes.map((c) => `${c.action} ${c.address} (${c.reason})`)).toEqual(['delete mailUser:ann@contoso.com (ensure_absent)']);
    const pruneAll = loaded([ed], { policy: { prune: { mailUsers: true } } });
    const pruned = await plan(pruneAll, tf);
    expect(pruned.changes.map((c) => `${c.action} ${c.address} (${c.reason})`)).toEqual(['delete mailUser:ann@contoso.com (pruned)']);
    await apply(pruneAll, pruned, tf);
    expect((await plan(pruneAll, tf)).changes).toEqual([]);
    emu!.state.clock.advance(60_000);
    const users = await admin.graph.list<Record<string, unknown>>('/users?$select=userPrincipalName');
    expect(users.map((u) => u.userPrincipalName)).not.toContain('ann@contoso.com');
  });

  it('refuses to create one without a forwarding target, naming the field', async () => {
    const { tf } = await start();
    const tp = await plan(loaded([{ userPrincipalName: 'nobody@contoso.com' }]), tf);
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.summary}`)).toEqual([
      'error mailUsers[0].externalEmailAddress: nobody@contoso.com does not exist: declare its externalEmailAddress to create it',
    ]);
  });

  it('a failed read fails the plan: no mail user is taken for absent', async () => {
    await start();
    const e = emu!;
    const failing = createClients({
      tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e),
      transport: refusingCmdlet('Get-MailUser'),
    });
    const tp = await plan(loaded([ed]), failing);
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
  });

  it('exports every mail user, and the export re-plans to zero', async () => {
    const { tf } = await start();
    await apply(loaded([ed]), await plan(loaded([ed]), tf), tf);
    const out = (await mailUserKind.export!({ tenant: loaded([]).config, clients: tf, prune: false, session: createReadSession() })) as ExportResult;
    expect(out.items).toEqual([{ userPrincipalName: 'ed.meadows@contoso.com', displayName: 'Ed Meadows', externalEmailAddress: 'ed@tailspintoys.com', aliases: ['ed@contoso.com'] }]);
    const exported = loaded(JSON.parse(JSON.stringify(out.items)) as MailUserSpec[], { policy: { prune: { mailUsers: true } } });
    expect((await plan(exported, tf)).changes).toEqual([]);
  });
});

describe('ownership', () => {
  it('the user kind neither prunes nor manages a declared mail user\'s account', async () => {
    const { tf } = await start();
    await apply(loaded([ed]), await plan(loaded([ed]), tf), tf);
    const both = loaded([ed], { policy: { prune: { users: true } } });
    const tp = await plan(both, tf, [userKind, mailUserKind] as Kind[]);
    expect(tp.changes.filter((c) => c.address.includes('ed.meadows'))).toEqual([]);
  });

  it('the user kind neither prunes nor counts an undeclared mail user\'s account', async () => {
    const { tf } = await start();
    await apply(loaded([ed]), await plan(loaded([ed]), tf), tf);
    emu!.state.clock.advance(60_000);
    const tp = await plan(loaded([], { policy: { prune: { users: true } } }), tf, [userKind] as Kind[]);
    expect(tp.status).not.toBe('error');
    expect(tp.changes.filter((c) => c.address.includes('ed.meadows'))).toEqual([]);
  });

  it('a users entry naming a mail user is refused with the way out', () => {
    const t = loaded([ed], { users: [{ userPrincipalName: 'Ed.Meadows@contoso.com', displayName: 'Ed' }] });
    expect(mailUserKind.validate!(t.config).map((d) => `${d.path}: ${d.summary}`)).toEqual([
      'users[0].userPrincipalName: Ed.Meadows@contoso.com is declared in mailUsers: its account is the mail user\'s; remove it from users (declare its displayName on the mail user)',
    ]);
  });
});

describe('identity', () => {
  it('two live mail users with one UPN are an error naming both, and nothing is planned for them', () => {
    const live = ['u-1', 'u-2'].map((id) => ({ userPrincipalName: 'ed.meadows@contoso.com', id, displayName: 'x', externalEmailAddress: 'x@y.com', aliases: [] }));
    const out = mailUserKind.diff([ed], live, { tenant: loaded([ed]).config, now: new Date(0), prune: false, complete: true, facts: {} });
    expect(out.changes).toEqual([]);
    expect(out.diagnostics?.map((d) => d.summary).join('\n')).toMatch(/u-1.*u-2/);
  });
});
