// The calendar folder's localized name is looked up once per mailbox and run (Get-MailboxFolderStatistics
// -FolderScope Calendar), through the run's read session: apply's re-derivation and apply share it. Each run looks it
// up afresh, so a name the mailbox no longer has (its language changed since) is never trusted.
import { afterEach, expect, it } from 'vitest';
import type { ExchangeApi } from '../../src/clients/exchange.js';
import { createCalendarPermissionKind } from '../../src/kinds/calendar-permission/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { exchangeOf } from '../../src/emulator/exchange/model.js';
import { startWorld, type World } from '../support/clients.js';
import { applyWith, planWith } from '../support/pipeline.js';
import { mailTenant } from '../support/folders.js';
import { mailSeed } from '../support/seed.js';

const kinds = [createCalendarPermissionKind({ waitMs: 3000, pollMs: 50 })] as Kind[];
let h: World | undefined;
afterEach(async () => h?.close());

/** The real clients, with each cmdlet the kinds send written down on its way to the emulator. */
function counting(h: World) {
  const clients = h.clients();
  const sent: string[] = [];
  const real = clients.exchange;
  const exchange: ExchangeApi = { warnings: real.warnings, invoke: (cmdlet, params) => (sent.push(cmdlet), real.invoke(cmdlet, params)) };
  return { clients: { ...clients, exchange }, sent, lookups: () => sent.filter((c) => c === 'Get-MailboxFolderStatistics').length };
}

const config = mailTenant({
  mailboxes: [
    { address: 'bob@contoso.com', calendar: [{ user: 'alice@contoso.com', access: 'Reviewer' }] },
    { address: 'carol@contoso.com', calendar: [{ user: 'Default', access: 'LimitedDetails' }] },
  ],
});

it('each run looks each calendar up once: apply\'s re-derivation and apply share one Get-MailboxFolderStatistics per mailbox', async () => {
  h = await startWorld(mailSeed());
  const c = counting(h);
  const plan = await planWith(kinds, config, c.clients);
  expect(plan.changes.map((x) => x.address).sort()).toEqual(['calendarPermission:bob@contoso.com', 'calendarPermission:carol@contoso.com']);
  expect(c.lookups()).toBe(2);
  const summary = await applyWith(kinds, config, plan, c.clients);
  expect(summary.tenants[0]!.failed).toEqual([]);
  expect(c.lookups()).toBe(4);
  const again = await planWith(kinds, config, c.clients);
  expect(again.changes).toEqual([]);
  expect(c.lookups()).toBe(6);
  // Bob's mailbox is German: the permissions were read and written on his real calendar, not on `bob:\Calendar`.
  const rows = await c.clients.exchange.invoke<{ AccessRights: string[] }>('Get-MailboxFolderPermission', { Identity: 'bob@contoso.com:\\Kalender', User: 'alice@contoso.com' });
  expect(rows[0]!.AccessRights).toEqual(['Reviewer']);
});

it('a calendar renamed since the last run (the mailbox language changed) is read under its new name', async () => {
  h = await startWorld(mailSeed());
  const c = counting(h);
  await planWith(kinds, config, c.clients);
  // As Set-MailboxRegionalConfiguration -LocalizeDefaultFolderName would after a change to Dutch.
  const bob = exchangeOf(h.tenant()).mailboxes.find((m) => m.primary === 'bob@contoso.com')!;
  bob.calendarName = 'Agenda';
  bob.calendar.push({ user: 'alice@contoso.com', rights: ['Reviewer'] });
  const plan = await planWith(kinds, config, c.clients);
  expect(plan.diagnostics).toEqual([]);
  expect(plan.changes.map((x) => x.address)).toEqual(['calendarPermission:carol@contoso.com']);
  expect(c.lookups()).toBe(4);
  expect(c.sent.filter((x) => x === 'Get-MailboxFolderPermission')).toHaveLength(4);
});
