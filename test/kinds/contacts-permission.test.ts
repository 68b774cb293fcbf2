// Delegates of a mailbox's contacts folder (kind contactsPermission) against the emulator over HTTP through the real
// clients, on the calendar kind's code: the folder is found by type under its localized name (`Kontakte` in a German
// mailbox), entries are planned, applied and re-planned to zero, drift made out of band is put back, and export
// re-plans to zero. Cmdlets: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/
// Add-MailboxFolderPermission.md ("The following roles apply specifically to calendar folders: AvailabilityOnly,
// LimitedDetails"), Get-MailboxFolderStatistics.md (-FolderScope Contacts).
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, type TenantClients } from '../../src/clients/index.js';
import { createReadSession } from '../../src/clients/session.js';
import type { LoadedTenant, MailboxSpec, TenantConfig } from '../../src/config/model.js';
import { createCalendarPermissionKind, createContactsPermissionKind } from '../../src/kinds/calendar-permission/index.js';
import type { ExportResult, Kind } from '../../src/kinds/contract.js';
import type { TenantPlan } from '../../src/plan/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorClock } from '../support/clock.js';
import { applyClean, planWith } from '../support/pipeline.js';
import { startEmulator, TEST_APP, TEST_SECRET } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000eb';
const E3 = {
  skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', seats: 10,
  servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }],
};
const wait = { waitMs: 3000, pollMs: 50 };
const contacts = createContactsPermissionKind(wait);
const kinds = [contacts, createCalendarPermissionKind(wait)] as Kind[];
let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function start(): Promise<{ tf: TenantClients; admin: TenantClients }> {
  emu = await startEmulator({
    seed: {
      tenants: [{
        tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [E3],
        users: [
          { userPrincipalName: 'anna@contoso.com', displayName: 'Anna', licenses: [{ sku: 'SPE_E3' }], preferredLanguage: 'de-DE' },
          { userPrincipalName: 'sofia@contoso.com', displayName: 'Sofia', licenses: [{ sku: 'SPE_E3' }] },
          { userPrincipalName: 'erik@contoso.com', displayName: 'Erik', licenses: [{ sku: 'SPE_E3' }] },
        ],
      }],
    },
    throttling: false,
  });
  const e = emu;
  const make = (o: Partial<Parameters<typeof createClients>[0]>): TenantClients =>
    createClients({ tenantId: TENANT, emulatorUrl: e.url, clock: emulatorClock(e), ...o });
  return { tf: make({}), admin: make({ credentials: { clientId: TEST_APP, secret: TEST_SECRET } }) };
}

function loaded(mailboxes: MailboxSpec[]): LoadedTenant {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com'] }, mailboxes };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/mailboxes.yaml'], diagnostics: [], locate: () => undefined };
}
const plan = (t: LoadedTenant, clients: TenantClients): Promise<TenantPlan> => planWith(kinds, t, clients);
const apply = (t: LoadedTenant, tp: TenantPlan, clients: TenantClients): Promise<void> => applyClean(kinds, t, tp, clients);

const anna: MailboxSpec = {
  address: 'anna@contoso.com',
  contactsFolder: [{ user: 'sofia@contoso.com', access: 'Editor' }, { user: 'Default', access: 'Reviewer' }],
  calendar: [{ user: 'sofia@contoso.com', access: 'Editor' }],
};

describe('contacts folder delegates', () => {
  it('finds the localized folder, applies the entries beside the calendar, and re-plans to zero', async () => {
    const { tf, admin } = await start();
    const t = loaded([anna]);
    const first = await plan(t, tf);
    expect(first.diagnostics).toEqual([]);
    const change = first.changes.find((c) => c.kind === 'contactsPermission')!;
    expect(change).toMatchObject({
      address: 'contactsPermission:anna@contoso.com', action: 'update', before: { folder: 'Kontakte' },
      ops: { op: 'contactsFolder', add: [{ user: 'sofia@contoso.com', access: 'Editor' }], set: [{ user: 'Default', access: 'Reviewer' }], remove: [] },
    });
    expect(first.changes.map((c) => c.kind).sort()).toEqual(['calendarPermission', 'contactsPermission']);
    await apply(t, first, tf);
    const rows = await admin.exchange!.invoke<{ User: { DisplayName: string }; AccessRights: string[] }>('Get-MailboxFolderPermission', { Identity: 'anna@contoso.com:\\Kontakte' });
    expect(rows.map((r) => [r.User.DisplayName, r.AccessRights[0]])).toEqual([['Default', 'Reviewer'], ['Anonymous', 'None'], ['Sofia', 'Editor']]);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('removes a delegate added out of band and puts a changed one back', async () => {
    const { tf, admin } = await start();
    const t = loaded([anna]);
    await apply(t, await plan(t, tf), tf);
    await admin.exchange!.invoke('Add-MailboxFolderPermission', { Identity: 'anna@contoso.com:\\Kontakte', User: 'erik@contoso.com', AccessRights: ['Owner'] });
    await admin.exchange!.invoke('Set-MailboxFolderPermission', { Identity: 'anna@contoso.com:\\Kontakte', User: 'sofia@contoso.com', AccessRights: ['Reviewer'] });
    const drift = await plan(t, tf);
    expect(drift.changes.map((c) => [c.address, c.fields.map((f) => `${f.path}: ${String(f.before)} -> ${String(f.after)}`)])).toEqual([
      ['contactsPermission:anna@contoso.com', ['contactsFolder[sofia@contoso.com]: Reviewer -> Editor', 'contactsFolder[erik@contoso.com]: Owner -> undefined']],
    ]);
    await apply(t, drift, tf);
    expect((await plan(t, tf)).changes).toEqual([]);
  });

  it('exports the delegates, and the export re-plans to zero', async () => {
    const { tf } = await start();
    const t = loaded([anna]);
    await apply(t, await plan(t, tf), tf);
    const out = (await contacts.export!({ tenant: t.config, clients: tf, prune: false, session: createReadSession() })) as ExportResult;
    expect(out.items).toEqual([{ address: 'anna@contoso.com', contactsFolder: [{ user: 'Default', access: 'Reviewer' }, { user: 'sofia@contoso.com', access: 'Editor' }] }]);
    const exported = loaded(JSON.parse(JSON.stringify(out.items)) as MailboxSpec[]);
    expect((await planWith([contacts], exported, tf)).changes).toEqual([]);
  });
});
