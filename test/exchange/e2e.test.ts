// Plan and apply of the Exchange kinds against the emulator over HTTP: from a fresh tenant, from drift made out of
// band, type changes and removals, the wait for a user mailbox, and the service's own error text.
import { afterEach, describe, expect, it } from 'vitest';
import type { Clients } from '../../src/clients/types.js';
import type { TenantConfig } from '../../src/config/model.js';
import { applyPlan, type ApplySummary } from '../../src/engine/apply.js';
import { planTenant } from '../../src/engine/plan-tenant.js';
import { createCalendarPermissionKind } from '../../src/kinds/calendarPermission/index.js';
import { contactKind } from '../../src/kinds/contact/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { distributionGroupKind } from '../../src/kinds/distributionGroup/index.js';
import { createMailboxKind } from '../../src/kinds/mailbox/index.js';
import { createMailboxPermissionKind } from '../../src/kinds/mailboxPermission/index.js';
import { PLAN_FORMAT_VERSION, type Plan, type TenantPlan } from '../../src/plan/types.js';
import { startExchange, TENANT_ID, type ExchangeHarness } from './kit.js';

const wait = { waitMs: 3000, pollMs: 50 };
const kinds = [createMailboxKind(wait), contactKind, distributionGroupKind, createMailboxPermissionKind(wait), createCalendarPermissionKind(wait)] as Kind[];

let h: ExchangeHarness | undefined;
afterEach(async () => h?.close());

function tenant(sections: Partial<TenantConfig>) {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId: TENANT_ID, domains: ['contoso.com', 'contoso.onmicrosoft.com'] }, ...sections };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/tenant.yaml'], diagnostics: [], locate: () => undefined };
}

async function plan(config: ReturnType<typeof tenant>, clients: Clients): Promise<TenantPlan> {
  return planTenant({ loaded: config, clients, kinds });
}

async function apply(config: ReturnType<typeof tenant>, tp: TenantPlan, clients: Clients): Promise<ApplySummary> {
  const p: Plan = { formatVersion: PLAN_FORMAT_VERSION, createdAt: '', source: { commit: null, dirty: false }, tenants: [tp], summary: { create: 0, update: 0, delete: 0, replace: 0, tenants: 1, errored: 0 } };
  return applyPlan({ plan: p, tenants: [config], clientsFor: async () => clients, kinds, log: () => undefined });
}

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
    h = await startExchange();
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
    h = await startExchange();
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
    h = await startExchange();
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
    h = await startExchange(undefined, { mailboxProvisioningDelayMs: 400 });
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
    h = await startExchange();
    const clients = h.clients();
    const config = tenant({ mailboxes: [{ address: 'alice@contoso.com', limits: { maxSendSizeKB: 204800 } }] });
    const summary = await apply(config, await plan(config, clients), clients);
    expect(summary.tenants[0]!.failed[0]!.error).toBe(
      "exchange 400 DataValidationException: The value of property 'MaxSendSize' must be less than or equal to 150 MB (157,286,400 bytes).",
    );
  });
});
