// Requests an Exchange plan costs: the emulator seeded with N shared mailboxes, the kinds' scoped read (what plan
// and apply's stale check both run) for N declared mailboxes, counted per declared area. Run: node dist/bench/exchange.js [N]
import { pathToFileURL } from 'node:url';
import { createTokenProviders } from '../clients/auth.js';
import { createRequestCounter, type MutableRequestCounter } from '../clients/counter.js';
import { emulatorCredentials, resolveSignIn } from '../clients/credentials.js';
import { createExchangeClient, type InvokeTransport } from '../clients/exchange.js';
import { createGraphClient } from '../clients/graph.js';
import { exchangeError, readBody } from '../clients/service-errors.js';
import type { MailboxSpec, TenantConfig } from '../config/model.js';
import { exchangeModule } from '../emulator/exchange/service.js';
import { loadSeed } from '../emulator/seed.js';
import { stateFromSeed } from '../emulator/seeding.js';
import { EmulatorServer } from '../emulator/server.js';
import { identityModule } from '../emulator/tokens.js';
import { readKinds } from '../engine/read.js';
import { calendarPermissionKind } from '../kinds/calendarPermission/index.js';
import type { Kind } from '../kinds/contract.js';
import { mailboxKind } from '../kinds/mailbox/index.js';
import { mailboxPermissionKind } from '../kinds/mailboxPermission/index.js';

const TENANT = '6b1a3c6e-0000-4000-8000-00000000be01';

export interface ExchangeBenchRow { scenario: string; mailboxes: number; requests: number; perMailbox: number; ms: number }

/** A plain fetch transport: the bench measures request counts, not the retry pipeline. */
function transport(base: string, token: () => Promise<string>, counter: MutableRequestCounter): InvokeTransport {
  return {
    async post<T>(path: string, body: unknown, o?: { headers?: Record<string, string> }): Promise<T> {
      counter.add('exchange');
      const res = await fetch(/^https?:/.test(path) ? path : `${base}${path}`, {
        method: 'POST', body: JSON.stringify(body),
        headers: { ...(o?.headers ?? {}), 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      });
      const parsed = await readBody(res);
      if (!res.ok) throw exchangeError('exchange', res.status, res.headers, parsed);
      return parsed as T;
    },
  };
}

const SCENARIOS: { name: string; kinds: Kind[]; spec: (address: string) => MailboxSpec }[] = [
  { name: 'settings (type, name, hidden, protocols)', kinds: [mailboxKind as Kind], spec: (address) => ({ address, type: 'shared', displayName: address, hiddenFromAddressLists: false, protocols: { imap: false } }) },
  { name: 'permissions (fullAccess, sendAs, sendOnBehalf)', kinds: [mailboxPermissionKind as Kind], spec: (address) => ({ address, permissions: { fullAccess: [{ user: 'alice@contoso.com' }], sendAs: ['bob@contoso.com'], sendOnBehalf: ['bob@contoso.com'] } }) },
  { name: 'calendar (English folder name)', kinds: [calendarPermissionKind as Kind], spec: (address) => ({ address, calendar: [{ user: 'Default', access: 'Reviewer' }] }) },
];

export async function benchExchange(n = 2000, print: (line: string) => void = console.log): Promise<ExchangeBenchRow[]> {
  const addresses = Array.from({ length: n }, (_, i) => `shared${i}@contoso.com`);
  const seed = loadSeed({
    tenants: [{
      tenantId: TENANT, displayName: 'Bench', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [],
      users: [{ userPrincipalName: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com' }],
      mailboxes: [{ address: 'alice@contoso.com', type: 'user' }, { address: 'bob@contoso.com', type: 'user' }, ...addresses.map((address) => ({ address, type: 'shared' as const }))],
    }],
  });
  const server = new EmulatorServer(stateFromSeed(seed), [identityModule, exchangeModule()], { port: 0, latencyMs: 0, throttling: false, replicationDelayMs: 0 });
  const url = await server.listen();
  const tokens = createTokenProviders({ credentials: resolveSignIn(emulatorCredentials()), emulatorUrl: url });
  const rows: ExchangeBenchRow[] = [];
  try {
    for (const s of SCENARIOS) {
      const counter = createRequestCounter();
      const exchange = createExchangeClient({ rest: transport(url, () => tokens(TENANT, 'exchange').getToken(), counter), tenantId: TENANT });
      const graph = createGraphClient({ tenantId: TENANT, baseUrl: url, tokenProvider: tokens(TENANT, 'graph'), counter });
      const config: TenantConfig = { tenant: { name: 'bench', tenantId: TENANT, domains: ['contoso.com'] }, mailboxes: addresses.map(s.spec) };
      const started = performance.now();
      const read = await readKinds(config, { graph, counter, exchange }, s.kinds);
      if (!read.ok) throw new Error(read.diagnostics.map((d) => d.summary).join('; '));
      const requests = counter.count('exchange');
      const row = { scenario: s.name, mailboxes: n, requests, perMailbox: requests / n, ms: Math.round(performance.now() - started) };
      rows.push(row);
      print(`exchange plan read, ${n} mailboxes, ${row.scenario}: ${requests} requests (${row.perMailbox.toFixed(3)} per mailbox) in ${row.ms} ms`);
    }
  } finally {
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchExchange(Number(process.argv[2] ?? 2000));
}
