// Requests an Exchange plan costs: the emulator seeded with N shared mailboxes, the kinds' scoped read (what plan
// and apply's stale check both run) for N declared mailboxes, counted per declared area. Run: node dist/bench/exchange.js [N]
import { pathToFileURL } from 'node:url';
import { createClients } from '../clients/index.js';
import { createRequestCounter } from '../clients/counter.js';
import type { MailboxSpec, TenantConfig } from '../config/model.js';
import { startEmulator, type SeedDocument } from '../emulator/index.js';
import { readKinds } from '../engine/read.js';
import { calendarPermissionKind } from '../kinds/calendar-permission/index.js';
import type { Kind } from '../kinds/contract.js';
import { mailboxKind } from '../kinds/mailbox/index.js';
import { mailboxPermissionKind } from '../kinds/mailbox-permission/index.js';
import { withBenchApps } from './access.js';

const TENANT = '6b1a3c6e-0000-4000-8000-00000000be01';

export interface ExchangeBenchRow { scenario: string; mailboxes: number; requests: number; perMailbox: number; ms: number }

const SCENARIOS: { name: string; kinds: Kind[]; spec: (address: string) => MailboxSpec }[] = [
  { name: 'settings (type, name, hidden, protocols)', kinds: [mailboxKind as Kind], spec: (address) => ({ address, type: 'shared', displayName: address, hiddenFromAddressLists: false, protocols: { imap: false } }) },
  { name: 'permissions (fullAccess, sendAs, sendOnBehalf)', kinds: [mailboxPermissionKind as Kind], spec: (address) => ({ address, permissions: { fullAccess: [{ user: 'alice@contoso.com' }], sendAs: ['bob@contoso.com'], sendOnBehalf: ['bob@contoso.com'] } }) },
  { name: 'calendar (folder name found, then its permissions)', kinds: [calendarPermissionKind as Kind], spec: (address) => ({ address, calendar: [{ user: 'Default', access: 'Reviewer' }] }) },
];

export async function benchExchange(n = 2000, print: (line: string) => void = console.log): Promise<ExchangeBenchRow[]> {
  const addresses = Array.from({ length: n }, (_, i) => `shared${i}@contoso.com`);
  const seed: SeedDocument = {
    tenants: [{
      tenantId: TENANT, displayName: 'Bench', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [],
      users: [{ userPrincipalName: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com' }],
      mailboxes: [{ address: 'alice@contoso.com', type: 'user' }, { address: 'bob@contoso.com', type: 'user' }, ...addresses.map((address) => ({ address, type: 'shared' as const }))],
    }],
  };
  const emulator = await startEmulator({ seed: withBenchApps(seed), throttling: false });
  const rows: ExchangeBenchRow[] = [];
  try {
    for (const s of SCENARIOS) {
      const counter = createRequestCounter();
      const clients = createClients({ tenantId: TENANT, emulatorUrl: emulator.url, counter });
      const config: TenantConfig = { tenant: { name: 'bench', tenantId: TENANT, domains: ['contoso.com'] }, mailboxes: addresses.map(s.spec) };
      const started = performance.now();
      const read = await readKinds(config, clients, s.kinds);
      if (!read.ok) throw new Error(read.diagnostics.map((d) => d.summary).join('; '));
      const requests = counter.count('exchange');
      const row = { scenario: s.name, mailboxes: n, requests, perMailbox: requests / n, ms: Math.round(performance.now() - started) };
      rows.push(row);
      print(`exchange plan read, ${n} mailboxes, ${row.scenario}: ${requests} requests (${row.perMailbox.toFixed(3)} per mailbox) in ${row.ms} ms`);
    }
  } finally {
    await emulator.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchExchange(Number(process.argv[2] ?? 2000));
}
