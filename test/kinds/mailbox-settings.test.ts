// The mailbox's per-mailbox settings against the emulator over HTTP through the real clients: regional settings,
// policy assignments (a policy the tenant lacks is a plan error naming it; a name in another case is the tenant's
// policy), delivery restrictions, audit and MailTip — plan, apply, re-plan to zero, drift made out of band, a failed
// policy read (unknown, never "no such policy"), and export re-planning to zero.
// Cmdlets: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Set-Mailbox.md,
// Set-MailboxRegionalConfiguration.md, Get-RetentionPolicy.md, New-RetentionPolicy.md, New-SharingPolicy.md.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, type TenantClients } from '../../src/clients/index.js';
import { createReadSession } from '../../src/clients/session.js';
import type { LoadedTenant, MailboxSpec, TenantConfig } from '../../src/config/model.js';
import type { ExportResult, Kind } from '../../src/kinds/contract.js';
import { createMailboxKind } from '../../src/kinds/mailbox/index.js';
import { resolvePolicies } from '../../src/kinds/mailbox/settings.js';
import type { TenantPlan } from '../../src/plan/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { emulatorClock } from '../support/clock.js';
import { refusingCmdlet } from '../support/clients.js';
import { applyClean, planWith } from '../support/pipeline.js';
import { startEmulator, TEST_APP, TEST_SECRET } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e7';
const E3 = {
  skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', seats: 10,
  servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }],
};
const seed = (): SeedDocument => ({
  tenants: [{
    tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [E3],
    users: ['alice', 'bob', 'carol'].map((u) => ({ userPrincipalName: `${u}@contoso.com`, displayName: u, licenses: [{ sku: 'SPE_E3' }] })),
    mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
    distributionGroups: [{ address: 'sales@contoso.com', displayName: 'Sales', alias: 'sales' }],
  }],
});

const kinds = [createMailboxKind({ waitMs: 3000, pollMs: 50 })] as Kind[];
let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function start(): Promise<{ tf: TenantClients; admin: TenantClients }> {
  emu = await startEmulator({ seed: seed(), throttling: false });
  const e = emu;
  const make = (o: Partial<Parameters<typeof createClients>[0]>): TenantClients =>
    createClients({ tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e), ...o });
  return { tf: make({}), admin: make({ credentials: { clientId: TEST_APP, secret: TEST_SECRET } }) };
}

function loaded(mailboxes: MailboxSpec[]): LoadedTenant {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com', 'contoso.onmicrosoft.com'] }, mailboxes };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/mailboxes.yaml'], diagnostics: [], locate: () => undefined };
}

const plan = (t: LoadedTenant, clients: TenantClients): Promise<TenantPlan> => planWith(kinds, t, clients);

const apply = (t: LoadedTenant, tp: TenantPlan, clients: TenantClients): Promise<void> => applyClean(kinds, t, tp, clients);

const settings: MailboxSpec[] = [
  {
    address: 'support@contoso.com', type: 'shared',
    regional: { language: 'de-de', timeZone: 'W. Europe Standard Time', dateFormat: 'dd.MM.yyyy', timeFormat: 'HH:mm' },
    policies: { retention: 'finance 7 years', sharing: 'Default Sharing Policy' },
    deliveryRestrictions: { acceptFrom: ['alice@contoso.com', 'group:sales'], requireAuthenticatedSenders: true },
    auditEnabled: false, mailTip: 'This mailbox is answered within a day',
  },
  { address: 'bob@contoso.com', policies: { roleAssignment: 'Default Role Assignment Policy' }, deliveryRestrictions: { rejectFrom: ['carol@contoso.com'] } },
];

describe('mailbox settings', () => {
  it('plans, applies and re-plans to zero; the policy is planned with the tenant spelling', async () => {
    const { tf, admin } = await start();
    await admin.exchange!.invoke('New-RetentionPolicy', { Name: 'Finance 7 Years' });
    const t = loaded(settings);
    const first = await plan(t, tf);
    expect(first.diagnostics).toEqual([]);
    const support = first.changes.find((c) => c.address === 'mailbox:support@contoso.com')!;
    expect(Object.fromEntries(support.fields.map((f) => [f.path, f.after]))).toMatchObject({
      'regional.language': 'de-DE', 'policies.retention': 'Finance 7 Years', auditEnabled: false,
      'deliveryRestrictions.acceptFrom': ['alice@contoso.com', 'group:sales'], mailTip: 'This mailbox is answered within a day',
    });
    expect(support.fields.map((f) => f.path)).not.toContain('policies.sharing');
    await apply(t, first, tf);
    const [row] = await admin.exchange!.invoke<Record<string, unknown>>('Get-Mailbox', { Identity: 'support@contoso.com' });
    expect(row).toMatchObject({ RetentionPolicy: 'Finance 7 Years', AuditEnabled: false, MailTip: '<html><body>This mailbox is answered within a day</body></html>' });
    const [regional] = await admin.exchange!.invoke<Record<string, unknown>>('Get-MailboxRegionalConfiguration', { Identity: 'support@contoso.com' });
    expect(regional).toMatchObject({ Language: 'de-DE', TimeZone: 'W. Europe Standard Time', DateFormat: 'dd.MM.yyyy', TimeFormat: 'HH:mm' });
    const again = await plan(t, tf);
    expect(again.changes).toEqual([]);
    expect(again.status).toBe('in_sync');
  });

  it('detects settings changed out of band and puts them back', async () => {
    const { tf, admin } = await start();
    await admin.exchange!.invoke('New-RetentionPolicy', { Name: 'Finance 7 Years' });
    await admin.exchange!.invoke('New-SharingPolicy', { Name: 'Partners', Domains: ['fabrikam.com:CalendarSharingFreeBusySimple'] });
    const t = loaded(settings);
    await apply(t, await plan(t, tf), tf);
    const ex = admin.exchange!;
    await ex.invoke('Set-Mailbox', { Identity: 'support@contoso.com', SharingPolicy: 'Partners', AuditEnabled: true, AcceptMessagesOnlyFromSendersOrMembers: ['bob@contoso.com'] });
    await ex.invoke('Set-MailboxRegionalConfiguration', { Identity: 'support@contoso.com', TimeZone: 'Pacific Standard Time' });
    const drift = await plan(t, tf);
    const fields = drift.changes.find((c) => c.address === 'mailbox:support@contoso.com')?.fields.map((f) => `${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`);
    expect(fields?.sort()).toEqual([
      'auditEnabled: true -> false',
      'deliveryRestrictions.acceptFrom: ["bob@contoso.com"] -> ["alice@contoso.com","group:sales"]',
      'policies.sharing: "Partners" -> "Default Sharing Policy"',
      'regional.timeZone: "Pacific Standard Time" -> "W. Europe Standard Time"',
    ]);
    await apply(t, drift, tf);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('refuses a policy the tenant does not have, naming it at its field, and plans the rest', async () => {
    const { tf } = await start();
    const t = loaded([{ address: 'bob@contoso.com', policies: { retention: 'Finanse 7 years', addressBook: 'School A' }, auditEnabled: false }]);
    const tp = await plan(t, tf);
    expect(tp.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.summary}`)).toEqual([
      'error mailboxes[0].policies.retention: RetentionPolicy "Finanse 7 years" does not exist in the tenant (Get-RetentionPolicy lists "Default MRM Policy")',
      'error mailboxes[0].policies.addressBook: AddressBookPolicy "School A" does not exist in the tenant (Get-AddressBookPolicy lists none)',
    ]);
    expect(tp.changes.flatMap((c) => c.fields.map((f) => f.path))).toEqual(['auditEnabled']);
  });

  it('a policy name two policies share but for case is refused, naming both', () => {
    const names = { retention: [{ name: 'Finance', isDefault: false }, { name: 'FINANCE', isDefault: false }] };
    const r = resolvePolicies({ 'policies.retention': 'finance' }, names, 'mailboxes[0]', 'mailbox:bob@contoso.com');
    expect(r.want).not.toHaveProperty(['policies.retention']);
    expect(r.diagnostics.map((d) => `${d.path}: ${d.summary}`)).toEqual([
      'mailboxes[0].policies.retention: RetentionPolicy "finance" names 2 policies ("Finance", "FINANCE"); tenantform will not guess which one',
    ]);
  });

  it('a failed policy read fails the plan instead of calling the policy missing', async () => {
    await start();
    const e = emu!;
    const failing = createClients({
      tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e),
      transport: refusingCmdlet('Get-SharingPolicy'),
    });
    const tp = await plan(loaded([{ address: 'bob@contoso.com', policies: { sharing: 'Default Sharing Policy' } }]), failing);
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics.map((d) => d.summary).join('\n')).not.toMatch(/does not exist/);
  });

  it('exports the settings, and the export re-plans to zero', async () => {
    const { tf, admin } = await start();
    await admin.exchange!.invoke('New-RetentionPolicy', { Name: 'Finance 7 Years' });
    const t = loaded(settings);
    await apply(t, await plan(t, tf), tf);
    const kind = kinds[0]!;
    const out = (await kind.export!({ tenant: t.config, clients: tf, prune: false, session: createReadSession() })) as ExportResult;
    const support = out.items.find((i) => i.address === 'support@contoso.com')!;
    expect(support).toMatchObject({
      regional: { language: 'de-DE', timeZone: 'W. Europe Standard Time', dateFormat: 'dd.MM.yyyy', timeFormat: 'HH:mm' },
      policies: { retention: 'Finance 7 Years' }, auditEnabled: false, mailTip: 'This mailbox is answered within a day',
      deliveryRestrictions: { acceptFrom: ['alice@contoso.com', 'group:sales'], requireAuthenticatedSenders: true },
    });
    expect(support).not.toHaveProperty('policies.sharing');
    // As written to mailboxes.yaml and read back: plain data.
    const exported = loaded(JSON.parse(JSON.stringify(out.items)) as MailboxSpec[]);
    const replan = await plan(exported, tf);
    expect(replan.diagnostics).toEqual([]);
    expect(replan.changes).toEqual([]);
  });
});
