// Pure diffs of the Exchange kinds, with small builders of declared and live objects.
import { describe, expect, it } from 'vitest';
import type { MailboxSpec, TenantConfig } from '../../src/config/model.js';
import { diffCalendar, type CalendarLive } from '../../src/kinds/calendar-permission/index.js';
import { contactKind, type ContactLive } from '../../src/kinds/contact/index.js';
import type { DiffContext } from '../../src/kinds/contract.js';
import { distributionGroupKind, type GroupLive } from '../../src/kinds/distribution-group/index.js';
import { listChange } from '../../src/kinds/exchange/common.js';
import { mailboxKind } from '../../src/kinds/mailbox/index.js';
import { desiredFlat, graphReplies, sizeIn, type MailboxLive } from '../../src/kinds/mailbox/state.js';
import { mailboxPermissionKind, type PermissionLive } from '../../src/kinds/mailbox-permission/index.js';

const tenant: TenantConfig = { tenant: { name: 'contoso', tenantId: 't', domains: ['contoso.com'] } };
const ctx = (o: Partial<DiffContext> = {}): DiffContext => ({ tenant, now: new Date('2026-11-22T10:00:00Z'), prune: false, complete: false, facts: {}, ...o });

function liveMailbox(o: Partial<MailboxLive> = {}): MailboxLive {
  return {
    address: 'support@contoso.com', id: 'u1', type: 'shared', displayName: 'Support', aliases: ['support@contoso.onmicrosoft.com'],
    hiddenFromAddressLists: false, 'forwarding.to': null, 'forwarding.keepCopy': false, archive: false, litigationHold: false,
    'room.capacity': null, 'limits.maxSendSizeKB': 35840, ...o,
  };
}

describe('mailbox diff', () => {
  it('is empty when the declared fields match, whatever else differs', () => {
    const d: MailboxSpec = { address: 'Support@contoso.com', type: 'shared', displayName: 'Support', limits: { maxSendSizeKB: 35840 } };
    expect(mailboxKind.diff([d], [liveMailbox({ litigationHold: true })], ctx()).changes).toEqual([]);
  });

  it('keeps the tenant address unless aliases list one, and adds/removes the rest', () => {
    const d: MailboxSpec = { address: 'support@contoso.com', aliases: ['help@contoso.com'] };
    const [c] = mailboxKind.diff([d], [liveMailbox({ aliases: ['old@contoso.com', 'support@contoso.onmicrosoft.com'] })], ctx()).changes;
    expect(c!.fields).toEqual([{ path: 'aliases', before: ['old@contoso.com', 'support@contoso.onmicrosoft.com'], after: ['help@contoso.com', 'support@contoso.onmicrosoft.com'], added: ['help@contoso.com'], removed: ['old@contoso.com'] }]);
  });

  it('creates shared mailboxes, waits for user mailboxes and refuses to delete a user mailbox', () => {
    const r = mailboxKind.diff([
      { address: 'new@contoso.com', type: 'shared' }, { address: 'alice@contoso.com', protocols: { pop: false } },
      { address: 'bob@contoso.com', ensure: 'absent' },
    ], [liveMailbox({ address: 'bob@contoso.com', type: 'user' })], ctx());
    expect(r.changes.map((c) => [c.action, c.address, c.reason])).toEqual([
      ['create', 'mailbox:new@contoso.com', 'missing'], ['create', 'mailbox:alice@contoso.com', 'mailbox_not_provisioned'],
    ]);
    expect(r.diagnostics?.[0]).toMatchObject({ severity: 'error', path: 'mailboxes[2].ensure', address: 'mailbox:bob@contoso.com' });
  });

  it('prunes only shared and resource mailboxes', () => {
    const live = [liveMailbox(), liveMailbox({ address: 'alice@contoso.com', type: 'user' })];
    const r = mailboxKind.diff([], live, ctx({ prune: true, complete: true }));
    expect(r.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['delete mailbox:support@contoso.com']);
    expect(r.unmanaged).toBe(2);
  });

  it('maps auto-reply and sizes between the YAML and the services', () => {
    const flat = desiredFlat({ address: 'a@contoso.com', autoReply: { status: 'scheduled', start: '2026-12-20T08:00:00Z', end: '2026-12-27T08:00:00Z' } });
    expect(graphReplies(flat)).toMatchObject({ status: 'scheduled', scheduledStartDateTime: { dateTime: '2026-12-20T08:00:00.000', timeZone: 'UTC' } });
    expect(graphReplies(desiredFlat({ address: 'a@contoso.com', autoReply: { status: 'enabled' } })).status).toBe('alwaysEnabled');
    expect(sizeIn('49 GB (52,613,349,376 bytes)', 'MB')).toBe(50176);
    expect(sizeIn('Unlimited', 'MB')).toBeNull();
  });
});

describe('permission diffs', () => {
  const live: PermissionLive = { address: 'support@contoso.com', fullAccess: ['alice@contoso.com', 'dave@contoso.com'], sendAs: [], sendOnBehalf: [] };

  it('removes undeclared trustees when authoritative, only adds when additive', () => {
    expect(listChange('x', ['Alice@contoso.com'], ['alice@contoso.com', 'dave@contoso.com'])).toMatchObject({ added: [], removed: ['dave@contoso.com'] });
    expect(listChange('x', ['bob@contoso.com'], ['dave@contoso.com'], true)).toMatchObject({ added: ['bob@contoso.com'], removed: [] });
    const d: MailboxSpec = { address: 'support@contoso.com', permissions: { mode: 'additive', fullAccess: [{ user: 'alice@contoso.com' }] } };
    expect(mailboxPermissionKind.diff([d], [live], ctx()).changes).toEqual([]);
  });

  it('depends on the mailbox and on every trustee', () => {
    const d: MailboxSpec = { address: 'support@contoso.com', permissions: { sendAs: ['bob@contoso.com'] } };
    const [c] = mailboxPermissionKind.diff([d], [live], ctx()).changes;
    expect(c!.dependsOn).toEqual(['mailbox:support@contoso.com', 'user:bob@contoso.com']);
    expect(c!.fields.map((f) => f.path)).toEqual(['sendAs']);
  });

  it('leaves Default and Anonymous alone unless declared; named users are authoritative', () => {
    const l: CalendarLive = { address: 'bob@contoso.com', folder: 'Kalender', entries: { Default: 'AvailabilityOnly', Anonymous: 'None', 'carol@contoso.com': 'Owner' } };
    const c = diffCalendar({ address: 'bob@contoso.com', calendar: [{ user: 'alice@contoso.com', access: 'Reviewer' }] }, l);
    expect(c!.fields).toEqual([
      { path: 'calendar[alice@contoso.com]', before: undefined, after: 'Reviewer' }, { path: 'calendar[carol@contoso.com]', before: 'Owner' },
    ]);
    expect(diffCalendar({ address: 'bob@contoso.com', calendar: [{ user: 'default', access: 'AvailabilityOnly' }], permissions: { mode: 'additive' } }, l)).toBeUndefined();
  });
});

describe('distribution group and contact diffs', () => {
  const group: GroupLive = {
    mailNickname: 'sales', displayName: 'Sales', primarySmtpAddress: 'sales@contoso.com', type: 'distribution', hiddenFromAddressLists: false,
    requireAuthenticatedSenders: true, members: ['alice@contoso.com'], owners: [], acceptFrom: [], rejectFrom: [],
  };

  it('replaces a group whose type changes, updates members otherwise', () => {
    const [replace] = distributionGroupKind.diff([{ mailNickname: 'sales', type: 'mailEnabledSecurity' }], [group], ctx()).changes;
    expect(replace).toMatchObject({ action: 'replace', destructive: true, reason: 'type_changed' });
    const [update] = distributionGroupKind.diff([{ mailNickname: 'Sales', type: 'distribution', members: ['group:Finance'] }], [group], ctx()).changes;
    expect(update!.fields).toEqual([{ path: 'members', before: ['alice@contoso.com'], after: ['group:finance'], added: ['group:finance'], removed: ['alice@contoso.com'] }]);
    expect(update!.dependsOn).toEqual(['group:finance', 'distributionGroup:finance']);
  });

  it('deletes contacts declared absent and prunes only when asked', () => {
    const live: ContactLive = { address: 'p@fabrikam.com', name: 'P', displayName: 'P', hiddenFromAddressLists: false };
    expect(contactKind.diff([{ address: 'P@fabrikam.com', ensure: 'absent' }], [live], ctx()).changes[0]).toMatchObject({ action: 'delete', reason: 'ensure_absent' });
    expect(contactKind.diff([], [live], ctx()).changes).toEqual([]);
    expect(contactKind.diff([], [live], ctx({ prune: true, complete: true })).changes[0]).toMatchObject({ action: 'delete', reason: 'pruned' });
  });
});
