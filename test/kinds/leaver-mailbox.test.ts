// The mailbox kind's part of a leaver, as a pure diff: converted in place (never created), left alone once the
// leaver's deletion is due, and a warning where a shared mailbox would still need the license the leaver removes.
import { describe, expect, it } from 'vitest';
import type { MailboxSpec, TenantConfig } from '../../src/config/model.js';
import { diffMailboxes } from '../../src/kinds/mailbox/diff.js';
import type { MailboxLive } from '../../src/kinds/mailbox/state.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const entry: MailboxSpec = { address: 'alice@contoso.com', type: 'shared', hiddenFromAddressLists: true };

function tenant(lifecycle: Record<string, string>): TenantConfig {
  return {
    tenant: { name: 'contoso', tenantId: '6b1a3c6e-0000-4000-8000-000000000001', domains: ['contoso.com'] },
    users: [{ userPrincipalName: 'Alice@contoso.com', lifecycle: { state: 'leaver', since: '2026-11-30', ...lifecycle } }],
    mailboxes: [entry],
  };
}

const live = (archive: boolean): MailboxLive => ({ address: 'alice@contoso.com', id: 'u-1', type: 'user', hiddenFromAddressLists: false, archive });
const diff = (t: TenantConfig, l: MailboxLive[]) => diffMailboxes([entry], l, { tenant: t, now: NOW, prune: false, complete: false, facts: {} });

describe('a leaver\'s mailbox', () => {
  it('is converted in place: an update of type, never a new shared mailbox', () => {
    const out = diff(tenant({}), [live(false)]);
    expect(out.changes).toEqual([expect.objectContaining({ action: 'update', fields: expect.arrayContaining([{ path: 'type', before: 'user', after: 'shared' }]) })]);
    expect(out.diagnostics).toEqual([]);
  });

  it('is not created when the leaver has none, with a warning', () => {
    const out = diff(tenant({}), []);
    expect(out.changes).toEqual([]);
    expect(out.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: expect.stringContaining('there is none to convert') })]);
  });

  it('warns that an archive keeps needing a license', () => {
    expect(diff(tenant({}), [live(true)]).diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: expect.stringContaining('has an archive') })]);
  });

  it('is left alone from deleteAfter on (the deletion takes it), and created by no one after it', () => {
    expect(diff(tenant({ deleteAfter: '2026-12-01' }), [live(false)]).changes).toEqual([]);
    expect(diff(tenant({ deleteAfter: '2026-12-01' }), []).changes).toEqual([]);
    expect(diff(tenant({ deleteAfter: '2026-12-02' }), [live(false)]).changes).toHaveLength(1);
  });
});
