// Plan and apply of the Exchange kinds against the emulator over HTTP: from a fresh tenant, from drift made out of
// band, type changes and removals, the wait for a user mailbox, and the service's own error text.
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/model.js';
import { createCalendarPermissionKind } from '../../src/kinds/calendar-permission/index.js';
import { contactKind } from '../../src/kinds/contact/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { distributionGroupKind } from '../../src/kinds/distribution-group/index.js';
import { createMailboxKind } from '../../src/kinds/mailbox/index.js';
import { createMailboxPermissionKind } from '../../src/kinds/mailbox-permission/index.js';
import type { Clients } from '../../src/clients/types.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { check, readCsdl } from '../emulator/csdl.js';
import { ApiError } from '../../src/clients/errors.js';
import { ManualClock } from '../../src/emulator/index.js';
import { DEFAULT_REPLICATION_DELAY_MS } from '../../src/emulator/replication.js';
import { startWorld, type World } from '../support/clients.js';
import { applyWith, planWith } from '../support/pipeline.js';
import { CONTOSO, mailSeed } from '../support/seed.js';
import { mailTenant } from '../support/folders.js';

const wait = { waitMs: 3000, pollMs: 50 };
const kinds = [createMailboxKind(wait), contactKind, distributionGroupKind, createMailboxPermissionKind(wait), createCalendarPermissionKind(wait)] as Kind[];

let h: World | undefined;
afterEach(async () => h?.close());

const tenant = (sections: Partial<TenantConfig>) => mailTenant(sections);
const plan = (config: ReturnType<typeof tenant>, clients: Clients) => planWith(kinds, config, clients);
const apply = (config: ReturnType<typeof tenant>, tp: TenantPlan, clients: Clients) => applyWith(kinds, config, tp, clients);

const full: Partial<TenantConfig> = {
  mailboxes: [
    {
      address: 'support@contoso.com', type: 'shared', displayName: 'Support', aliases: ['helpdesk@contoso.com'], hiddenFromAddressLists: true,
      forwarding: { to: 'ops@contoso.com', keepCopy: true }, limits: { maxSendSizeKB: 20480, prohibitSendQuotaMB: 49000 },
      protocols: { imap: false, pop: false, owa: true }, archive: true, litigationHold: true,
      permissions: { fullAccess: [{ user: 'alice@contoso.com', autoMapping: false }], sendAs: ['bob@contoso.com'], sendOnBehalf: ['carol@contoso.com'] },
      calendar: [{ user: 'Default', access: 'Reviewer' }, { user: 'alice@contoso.com', access: 'Editor' }],
      autoReply: { status: 'enabled', internalMessage: 'We are on it', externalAudience: 'none' },
    },
    { address: 'room1@contoso.com', type: 'room', displayName: 'Room 1', room: { capacity: 8, bookingWindowInDays: 90, automateProcessing: 'AutoAccept' } },
    { address: 'bob@contoso.com', protocols: { pop: false }, calendar: [{ user: 'alice@contoso.com', access: 'Reviewer' }] },
  ],
  groups: [
    { mailNickname: 'sales', displayName: 'Sales', type: 'distribution', members: ['alice@contoso.com', 'bob@contoso.com'], owners: ['alice@contoso.com'], deliveryRestrictions: { requireAuthenticatedSenders: false, acceptFrom: ['carol@contoso.com'] } },
    { mailNickname: 'secure', displayName: 'Secure', type: 'mailEnabledSecurity', members: ['carol@contoso.com', 'group:sales'] },
  ],
  contacts: [{ address: 'partner@fabrikam.com', displayName: 'Fabrikam Partner', company: 'Fabrikam' }],
};

describe('Exchange kinds end to end', () => {
  it('plans and applies everything on a fresh tenant, then re-plans to zero', async () => {
    h = await startWorld(mailSeed());
    const clients = h.clients();
    const config = tenant(full);
    const first = await plan(config, clients);
    expect(first.diagnostics).toEqual([]);
    expect(first.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
      'create calendarPermission:support@contoso.com', 'create contact:partner@fabrikam.com', 'create distributionGroup:sales',
      'create distributionGroup:secure', 'create mailbox:room1@contoso.com', 'create mailbox:support@contoso.com',
      'create mailboxPermission:support@contoso.com', 'update calendarPermission:bob@contoso.com', 'update mailbox:bob@contoso.com',
    ]);
    const summary = await apply(config, first, clients);
    expect(summary.tenants[0]!.failed).toEqual([]);
    expect(summary.status).toBe('success');
    const again = await plan(config, clients);
    expect(again.changes).toEqual([]);
    expect(again.status).toBe('in_sync');
    const bob = await clients.exchange.invoke<{ AccessRights: string[] }>('Get-MailboxFolderPermission', { Identity: 'bob@contoso.com:\\Kalender', User: 'alice@contoso.com' });
    expect(bob[0]!.AccessRights).toEqual(['Reviewer']);
  });

  it('removes a permission added out of band and re-adds one removed out of band', async () => {
    h = await startWorld(mailSeed());
    const clients = h.clients();
    const config = tenant(full);
    await apply(config, await plan(config, clients), clients);
    const ex = clients.exchange;
    await ex.invoke('Add-MailboxPermission', { Identity: 'support@contoso.com', User: 'dave@contoso.com', AccessRights: ['FullAccess'] });
    await ex.invoke('Remove-RecipientPermission', { Identity: 'support@contoso.com', Trustee: 'bob@contoso.com', AccessRights: ['SendAs'] });
    await ex.invoke('Add-MailboxFolderPermission', { Identity: 'bob@contoso.com:\\Kalender', User: 'carol@contoso.com', AccessRights: ['Owner'] });
    await ex.invoke('Remove-DistributionGroupMember', { Identity: 'sales', Member: 'bob@contoso.com' });
    await ex.invoke('Set-CASMailbox', { Identity: 'support@contoso.com', ImapEnabled: true });
    const drift = await plan(config, clients);
    const fields = drift.changes.flatMap((c) => c.fields.map((f) => `${c.address} ${f.path} +${JSON.stringify(f.added ?? f.after ?? null)} -${JSON.stringify(f.removed ?? null)}`));
    expect(fields.sort()).toEqual([
      'calendarPermission:bob@contoso.com calendar[carol@contoso.com] +null -null',
      'distributionGroup:sales members +["bob@contoso.com"] -[]',
      'mailbox:support@contoso.com protocols.imap +false -null',
      'mailboxPermission:support@contoso.com fullAccess +[] -["dave@contoso.com"]',
      'mailboxPermission:support@contoso.com sendAs +["bob@contoso.com"] -[]',
    ]);
    expect((await apply(config, drift, clients)).status).toBe('success');
    expect((await plan(config, clients)).changes).toEqual([]);
  });

  it('converts types, replaces a group whose type changed and removes what is declared absent', async () => {
    h = await startWorld(mailSeed());
    const clients = h.clients();
    await apply(tenant(full), await plan(tenant(full), clients), clients);
    const changed = tenant({
      mailboxes: [{ address: 'support@contoso.com', type: 'room', room: { capacity: 12 } }, { address: 'room1@contoso.com', ensure: 'absent' }],
      groups: [{ mailNickname: 'sales', type: 'mailEnabledSecurity', members: ['alice@contoso.com', 'bob@contoso.com'] }],
      contacts: [{ address: 'partner@fabrikam.com', ensure: 'absent' }],
    });
    const p = await plan(changed, clients);
    expect(p.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
      'delete contact:partner@fabrikam.com', 'delete mailbox:room1@contoso.com', 'replace distributionGroup:sales', 'update mailbox:support@contoso.com',
    ]);
    expect((await apply(changed, p, clients)).status).toBe('success');
    expect((await plan(changed, clients)).changes).toEqual([]);
  });

  it('waits for the mailbox of a user licensed moments ago, and fails clearly for one that never comes', async () => {
    // The emulator's time stands still but for the clients' waits: dave's mailbox comes after 8 polls of 50 ms of
    // emulated time, however slow the machine, and ghost's wait ends after 3 s of it.
    h = await startWorld(mailSeed(), { mailboxProvisioningDelayMs: 400, clock: new ManualClock() });
    const clients = h.clients();
    const t = h.tenant();
    const dave = t.users.get(t.upnIndex.get('dave@contoso.com')!)!;
    dave.licenses = [{ skuId: t.skus[0]!.skuId, disabledPlans: [] }];
    t.version += 1;
    const config = tenant({ mailboxes: [{ address: 'dave@contoso.com', protocols: { imap: false } }, { address: 'ghost@contoso.com', litigationHold: true }] });
    const p = await plan(config, clients);
    expect(p.changes.map((c) => c.reason)).toEqual(['mailbox_not_provisioned', 'mailbox_not_provisioned']);
    const summary = await apply(config, p, clients);
    expect(summary.tenants[0]!.completed).toHaveLength(1);
    expect(summary.tenants[0]!.failed[0]!.error).toMatch(/the mailbox ghost@contoso.com does not exist in Exchange Online after waiting 3 s/);
    const [cas] = await clients.exchange.invoke<{ ImapEnabled: boolean }>('Get-CASMailbox', { Identity: 'dave@contoso.com' });
    expect(cas!.ImapEnabled).toBe(false);
  });

  it('reports the service message when a cmdlet fails', async () => {
    h = await startWorld(mailSeed());
    const clients = h.clients();
    const config = tenant({ mailboxes: [{ address: 'alice@contoso.com', limits: { maxSendSizeKB: 204800 } }] });
    const summary = await apply(config, await plan(config, clients), clients);
    expect(summary.tenants[0]!.failed[0]!.error).toBe(
      "exchange 400 DataValidationException: The value of property 'MaxSendSize' must be less than or equal to 150 MB (157,286,400 bytes)." +
        ` (Set-Mailbox: POST /adminapi/beta/${CONTOSO}/InvokeCommand)`,
    );
  });
});

describe('values as data', () => {
  it("round-trips identities with ' & / # and a German calendar, and sends Graph the CSDL's automaticRepliesSetting", async () => {
    h = await startWorld(mailSeed({
      users: [
        { userPrincipalName: "o'brien@contoso.com", displayName: "Orla O'Brien", licenses: [{ sku: 'SPE_E3' }], preferredLanguage: 'de-DE' },
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', licenses: [{ sku: 'SPE_E3' }] },
      ],
    }));
    const clients = h.clients();
    const config = tenant({
      mailboxes: [
        {
          address: "o'brien@contoso.com", calendar: [{ user: 'alice@contoso.com', access: 'Editor' }],
          autoReply: { status: 'scheduled', start: '2026-12-23T16:00:00+01:00', end: '2027-01-06T07:00:00+01:00', externalAudience: 'contactsOnly', internalMessage: "Back in January & 'soon'" },
        },
        { address: 'r&d#1@contoso.com', type: 'shared', displayName: 'R&D / #1 mailbox', permissions: { fullAccess: [{ user: "o'brien@contoso.com" }], sendAs: ["o'brien@contoso.com"] } },
      ],
      groups: [{ mailNickname: 'rnd1', displayName: 'R&D / #1', type: 'distribution', members: ["o'brien@contoso.com", 'r&d#1@contoso.com'], owners: ["o'brien@contoso.com"] }],
    });
    const first = await plan(config, clients);
    expect(first.diagnostics).toEqual([]);
    const summary = await apply(config, first, clients);
    expect(summary.tenants[0]!.failed).toEqual([]);
    expect((await plan(config, clients)).changes).toEqual([]);

    const [calendar] = await clients.exchange.invoke<{ AccessRights: string[] }>('Get-MailboxFolderPermission', { Identity: "o'brien@contoso.com:\\Kalender", User: 'alice@contoso.com' });
    expect(calendar!.AccessRights).toEqual(['Editor']);
    // The distribution group reaches Graph through replication: this reader waits it out on the emulator's clock.
    h.state.clock.advance(DEFAULT_REPLICATION_DELAY_MS);
    const [group] = await clients.graph.list<{ displayName: string; id: string }>("/groups?$filter=mailNickname eq 'rnd1'&$select=id,displayName");
    expect(group!.displayName).toBe('R&D / #1');
    const obrien = await clients.graph.get<{ id: string }>(`/users/${encodeURIComponent("o'brien@contoso.com")}?$select=id`);
    const settings = await clients.graph.get<{ automaticRepliesSetting: unknown }>(`/users/${obrien.id}/mailboxSettings`);
    expect(check(readCsdl(), 'automaticRepliesSetting', settings.automaticRepliesSetting)).toEqual([]);
    expect(settings.automaticRepliesSetting).toMatchObject({
      status: 'scheduled', externalAudience: 'contactsOnly', internalReplyMessage: "Back in January & 'soon'",
      scheduledStartDateTime: { dateTime: '2026-12-23T15:00:00.000', timeZone: 'UTC' },
    });
  });

  it('refuses an auto-reply status that is not in the CSDL enum with OData\'s message', async () => {
    h = await startWorld(mailSeed());
    const { graph } = h.clients();
    const alice = await graph.get<{ id: string }>('/users/alice@contoso.com?$select=id');
    const err = await graph.patch(`/users/${alice.id}/mailboxSettings`, { automaticRepliesSetting: { status: 'enabled' } }).then(() => undefined, (e: unknown) => e as ApiError);
    expect(err?.detail).toBe("Requested value 'enabled' was not found.");
  });
});
