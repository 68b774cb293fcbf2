// Dynamic distribution groups against the emulator over HTTP through the real clients: custom and precanned filters
// planned, applied and re-planned to zero; the filter compared without the exclusions Exchange appends and ignoring
// case and spacing; drift made out of band; a key in another case; ensure absent and prune; a group that cannot be
// created; a failed read; export re-planning to zero.
// Cmdlets: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-DynamicDistributionGroup.md,
// Set-DynamicDistributionGroup.md, Get-DynamicDistributionGroup.md.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, type TenantClients } from '../../src/clients/index.js';
import { createReadSession } from '../../src/clients/session.js';
import type { DynamicDistributionGroupSpec, LoadedTenant, TenantConfig } from '../../src/config/model.js';
import type { ExportResult, Kind } from '../../src/kinds/contract.js';
import { dynamicDistributionGroupKind } from '../../src/kinds/dynamic-distribution-group/index.js';
import { canonicalFilter, declaredPart } from '../../src/kinds/dynamic-distribution-group/filter.js';
import type { TenantPlan } from '../../src/plan/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorClock } from '../support/clock.js';
import { refusingCmdlet } from '../support/clients.js';
import { applyClean, planWith } from '../support/pipeline.js';
import { startEmulator, TEST_APP, TEST_SECRET } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e9';
const kinds = [dynamicDistributionGroupKind] as Kind[];
let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function start(): Promise<{ tf: TenantClients; admin: TenantClients }> {
  emu = await startEmulator({ seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [] }] }, throttling: false });
  const e = emu;
  const make = (o: Partial<Parameters<typeof createClients>[0]>): TenantClients =>
    createClients({ tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e), ...o });
  return { tf: make({}), admin: make({ credentials: { clientId: TEST_APP, secret: TEST_SECRET } }) };
}

function loaded(groups: DynamicDistributionGroupSpec[], prune = false): LoadedTenant {
  const config: TenantConfig = {
    tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com', 'contoso.onmicrosoft.com'] }, dynamicDistributionGroups: groups,
    ...(prune ? { policy: { prune: { dynamicDistributionGroups: true } } } : {}),
  };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/dynamicDistributionGroups.yaml'], diagnostics: [], locate: () => undefined };
}

const plan = (t: LoadedTenant, clients: TenantClients): Promise<TenantPlan> => planWith(kinds, t, clients);

const apply = (t: LoadedTenant, tp: TenantPlan, clients: TenantClients): Promise<void> => applyClean(kinds, t, tp, clients);

const SALES_FILTER = "(RecipientType -eq 'UserMailbox') -and (Department -eq 'Sales') -and (-not(Name -like 'Temp*'))";
const groups: DynamicDistributionGroupSpec[] = [
  { address: 'sales-all@contoso.com', displayName: 'All Sales', recipientFilter: SALES_FILTER },
  { address: 'finance-all@contoso.com', includedRecipients: ['MailboxUsers', 'MailContacts'], conditional: { department: ['Finance'], company: ['Contoso'] }, hiddenFromAddressLists: true, requireAuthenticatedSenders: false },
];
const row = async (admin: TenantClients, id: string) => (await admin.exchange!.invoke<Record<string, unknown>>('Get-DynamicDistributionGroup', { Identity: id }))[0]!;
const summary = (tp: TenantPlan) => tp.changes.map((c) => `${c.action} ${c.address}`).sort();

describe('dynamic distribution groups', () => {
  it('creates custom and precanned groups, re-plans to zero, and ignores case and spacing of the filter', async () => {
    const { tf, admin } = await start();
    const t = loaded(groups);
    const first = await plan(t, tf);
    expect(first.diagnostics).toEqual([]);
    expect(summary(first)).toEqual(['create dynamicDistributionGroup:finance-all@contoso.com', 'create dynamicDistributionGroup:sales-all@contoso.com']);
    await apply(t, first, tf);
    const sales = await row(admin, 'sales-all@contoso.com');
    // Exchange keeps the filter with its exclusions appended; the group's own -not clause is part of what was declared.
    expect(sales.RecipientFilter).toMatch(/^\(\(\(\(RecipientType -eq 'UserMailbox'\) .* -and \(-not\(Name -like 'Temp\*'\)\)\)\) -and \(-not\(Name -like 'SystemMailbox\{\*'\)\)/);
    expect(await row(admin, 'finance-all@contoso.com')).toMatchObject({ RecipientFilterType: 'Precanned', IncludedRecipients: 'MailboxUsers, MailContacts', ConditionalDepartment: ['Finance'], HiddenFromAddressListsEnabled: true, RequireSenderAuthenticationEnabled: false });
    expect((await plan(t, tf)).changes).toEqual([]);
    const respelled = loaded([{ ...groups[0]!, address: 'Sales-All@Contoso.COM', recipientFilter: `  ((recipienttype -eq 'UserMailbox')   -and (department -eq 'sales') -and (-not(Name -like 'Temp*')))` }, groups[1]!]);
    const again = await plan(respelled, tf);
    expect(again.diagnostics).toEqual([]);
    expect(again.changes).toEqual([]);
  });

  it('detects a filter and conditions changed out of band and puts them back', async () => {
    const { tf, admin } = await start();
    const t = loaded(groups);
    await apply(t, await plan(t, tf), tf);
    await admin.exchange!.invoke('Set-DynamicDistributionGroup', { Identity: 'sales-all@contoso.com', RecipientFilter: "Department -eq 'Marketing'" });
    await admin.exchange!.invoke('Set-DynamicDistributionGroup', { Identity: 'finance-all@contoso.com', ConditionalDepartment: ['Finance', 'Audit'] });
    const drift = await plan(t, tf);
    expect(drift.changes.map((c) => [c.address, c.fields.map((f) => `${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`)])).toEqual([
      ['dynamicDistributionGroup:sales-all@contoso.com', [`recipientFilter: "Department -eq 'Marketing'" -> ${JSON.stringify(SALES_FILTER)}`]],
      ['dynamicDistributionGroup:finance-all@contoso.com', ['conditional.department: ["Audit","Finance"] -> ["Finance"]']],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    await apply(t, drift, tf);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('switches a group from a custom to a precanned filter in place', async () => {
    const { tf, admin } = await start();
    await apply(loaded(groups), await plan(loaded(groups), tf), tf);
    const t = loaded([{ address: 'sales-all@contoso.com', includedRecipients: ['AllRecipients'], conditional: { department: ['Sales'] } }]);
    const tp = await plan(t, tf);
    expect(summary(tp)).toEqual(['update dynamicDistributionGroup:sales-all@contoso.com']);
    await apply(t, tp, tf);
    expect(await row(admin, 'sales-all@contoso.com')).toMatchObject({ RecipientFilterType: 'Precanned', IncludedRecipients: 'AllRecipients', ConditionalDepartment: ['Sales'] });
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('deletes only on ensure: absent or prune; an undeclared group is otherwise left alone', async () => {
    const { tf } = await start();
    await apply(loaded(groups), await plan(loaded(groups), tf), tf);
    const onlySales = loaded([groups[0]!]);
    expect((await plan(onlySales, tf)).changes).toEqual([]);
    const absent = await plan(loaded([groups[0]!, { address: 'finance-all@contoso.com', ensure: 'absent' }]), tf);
    expect(absent.changes.map((c) => `${c.action} ${c.address} (${c.reason})`)).toEqual(['delete dynamicDistributionGroup:finance-all@contoso.com (ensure_absent)']);
    const pruned = await plan(loaded([groups[0]!], true), tf);
    expect(pruned.changes.map((c) => `${c.action} ${c.address} (${c.reason})`)).toEqual(['delete dynamicDistributionGroup:finance-all@contoso.com (pruned)']);
    await apply(loaded([groups[0]!], true), pruned, tf);
    expect((await plan(loaded([groups[0]!], true), tf)).changes).toEqual([]);
  });

  it('refuses to create a group without a filter, naming the entry', async () => {
    const { tf } = await start();
    const tp = await plan(loaded([{ address: 'nofilter@contoso.com', displayName: 'No filter' }]), tf);
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.summary}`)).toEqual([
      'error dynamicDistributionGroups[0]: nofilter@contoso.com does not exist: declare its recipientFilter or includedRecipients to create it',
    ]);
  });

  it('a failed read fails the plan: no group is taken for absent', async () => {
    await start();
    const e = emu!;
    const failing = createClients({
      tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e),
      transport: refusingCmdlet('Get-DynamicDistributionGroup'),
    });
    const tp = await plan(loaded(groups), failing);
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
  });

  it('exports every group, and the export re-plans to zero', async () => {
    const { tf } = await start();
    await apply(loaded(groups), await plan(loaded(groups), tf), tf);
    const out = (await dynamicDistributionGroupKind.export!({ tenant: loaded([]).config, clients: tf, prune: false, session: createReadSession() })) as ExportResult;
    expect(out.items).toEqual([
      { address: 'finance-all@contoso.com', displayName: 'finance-all', includedRecipients: ['MailContacts', 'MailboxUsers'], conditional: { company: ['Contoso'], department: ['Finance'] }, hiddenFromAddressLists: true, requireAuthenticatedSenders: false },
      { address: 'sales-all@contoso.com', displayName: 'All Sales', recipientFilter: SALES_FILTER },
    ]);
    // As written to dynamicDistributionGroups.yaml and read back: plain data.
    const exported = loaded(JSON.parse(JSON.stringify(out.items)) as DynamicDistributionGroupSpec[], true);
    expect((await plan(exported, tf)).changes).toEqual([]);
  });
});

describe('entries the cmdlets would refuse', () => {
  it('are errors at their field, offline and at plan time', async () => {
    const bad: DynamicDistributionGroupSpec[] = [
      { address: 'a@contoso.com', recipientFilter: "Department -eq 'A'", includedRecipients: ['MailboxUsers'] },
      { address: 'b@contoso.com', recipientFilter: "Department -eq 'B'", conditional: { department: ['B'] } },
      { address: 'c@contoso.com', includedRecipients: ['AllRecipients', 'MailUsers'] },
    ];
    const expected = [
      'dynamicDistributionGroups[0].includedRecipients: a@contoso.com: a recipientFilter and includedRecipients cannot be combined: declare a custom filter or a precanned one',
      'dynamicDistributionGroups[1].conditional: b@contoso.com: conditional values belong to a precanned filter: declare includedRecipients with them',
      'dynamicDistributionGroups[2].includedRecipients: c@contoso.com: AllRecipients can only be used by itself',
    ];
    expect(dynamicDistributionGroupKind.validate!(loaded(bad).config).map((d) => `${d.path}: ${d.summary}`)).toEqual(expected);
    const { tf } = await start();
    const tp = await plan(loaded(bad), tf);
    expect(tp.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.summary}`)).toEqual(expected);
    expect(tp.status).toBe('error');
  });
});

describe('identity', () => {
  it('two live groups with one address are an error naming both, and nothing is planned for them', () => {
    const live = ['g-1', 'g-2'].map((id) => ({ address: 'sales-all@contoso.com', id, displayName: 'x', recipientFilter: "City -eq 'Oslo'", includedRecipients: null, hiddenFromAddressLists: false, requireAuthenticatedSenders: true }));
    const out = dynamicDistributionGroupKind.diff([groups[0]!], live, { tenant: loaded([groups[0]!]).config, now: new Date(0), prune: false, complete: true, facts: {} });
    expect(out.changes).toEqual([]);
    expect(out.diagnostics?.map((d) => d.summary).join('\n')).toMatch(/g-1.*g-2/);
  });
});

describe('the stored filter', () => {
  it('keeps a filter of another shape whole, so it shows as a change rather than a guess', () => {
    expect(declaredPart("(((Department -eq 'Sales')) -and (-not(Name -like 'SystemMailbox{*')) -and (-not(RecipientTypeDetailsValue -eq 'MailboxPlan')))")).toBe("Department -eq 'Sales'");
    expect(declaredPart("((Department -eq 'Sales') -and (City -eq 'Oslo'))")).toBe("(Department -eq 'Sales') -and (City -eq 'Oslo')");
    expect(canonicalFilter("(Department -eq 'A') -and (City -eq 'B')")).not.toBe(canonicalFilter("(City -eq 'B') -and (Department -eq 'A')"));
    expect(canonicalFilter("Name -eq 'it''s (here'")).toBe("name -eq 'it''s (here'");
  });
});
