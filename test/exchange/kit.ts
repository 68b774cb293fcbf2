// Test kit for Exchange: an emulator with the token endpoint, the Exchange module and the two Graph calls the
// Exchange kinds make (organization, mailboxSettings), plus real clients on top: MSAL tokens, the Graph client and
// a small fetch-based RestApi until the shared createRestClient is on this branch.
import { createTokenProviders } from '../../src/clients/auth.js';
import { createRequestCounter, type MutableRequestCounter } from '../../src/clients/counter.js';
import { emulatorCredentials, resolveSignIn } from '../../src/clients/credentials.js';
import { createExchangeClient, type ExchangeApi, type InvokeTransport } from '../../src/clients/exchange.js';
import { createGraphClient } from '../../src/clients/graph.js';
import { exchangeError, readBody } from '../../src/clients/service-errors.js';
import type { Clients } from '../../src/clients/types.js';
import { exchangeModule, type ExchangeModuleOptions } from '../../src/emulator/exchange/service.js';
import { ApiError, json, jsonBody, type Ctx, type Route, type ServiceModule } from '../../src/emulator/router.js';
import { loadSeed, type SeedDocument, type SeedTenant } from '../../src/emulator/seed.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { EmulatorServer } from '../../src/emulator/server.js';
import { getTenant } from '../../src/emulator/state.js';
import { AUDIENCES, identityModule } from '../../src/emulator/tokens.js';

export const TENANT_ID = '6b1a3c6e-0000-4000-8000-0000000000e1';
const E3 = {
  skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', seats: 10,
  servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }],
};

export function contosoSeed(extra: Partial<SeedTenant> = {}): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT_ID, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [E3],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', licenses: [{ sku: 'SPE_E3' }], preferredLanguage: 'de-DE' },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Chen', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'dave@contoso.com', displayName: 'Dave (no licence)' },
      ],
      ...extra,
    }],
  };
}

/** Graph's organization and mailboxSettings, enough for the Exchange kinds' Graph reads ($batch included). */
function settingsOf(ctx: Ctx) {
  const tenant = ctx.tenant!;
  const key = (ctx.params.id ?? '').toLowerCase();
  const user = tenant.users.get(key) ?? tenant.users.get(tenant.upnIndex.get(key) ?? '');
  if (!user) throw new ApiError(404, 'Request_ResourceNotFound', `Resource '${ctx.params.id}' does not exist or one of its queried reference-property objects are not present.`);
  if (!user.hasMailbox) throw new ApiError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  user.mailboxSettings ??= {};
  user.mailboxSettings.automaticRepliesSetting ??= {
    status: 'disabled', externalAudience: 'all', internalReplyMessage: '', externalReplyMessage: '',
    scheduledStartDateTime: { dateTime: '2026-01-01T00:00:00.0000000', timeZone: 'UTC' },
    scheduledEndDateTime: { dateTime: '2026-01-02T00:00:00.0000000', timeZone: 'UTC' },
  };
  return user.mailboxSettings;
}

const graphRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/organization', handler: (ctx) => json(200, { value: [{ id: ctx.tenant!.tenantId, verifiedDomains: [] }] }) },
  { method: 'GET', pattern: '/v1.0/users/:id/mailboxSettings', handler: (ctx) => json(200, settingsOf(ctx)) },
  {
    method: 'PATCH', pattern: '/v1.0/users/:id/mailboxSettings', write: true, handler: (ctx) => {
      Object.assign(settingsOf(ctx), jsonBody(ctx));
      return json(200, settingsOf(ctx));
    },
  },
  {
    method: 'POST', pattern: '/v1.0/$batch', handler: async (ctx) => {
      const { requests } = jsonBody(ctx) as { requests: { id: string; method: string; url: string; body?: unknown }[] };
      const responses = [];
      for (const r of requests) {
        const inner: Ctx = { ...ctx, method: r.method, path: `/v1.0${r.url.split('?')[0]}`, rawBody: r.body ? JSON.stringify(r.body) : '', resHeaders: {} };
        const reply = await ctx.core.dispatch(inner, graphStub);
        responses.push({ id: r.id, status: reply.status, body: reply.body });
      }
      return json(200, { responses });
    },
  },
];

export const graphStub: ServiceModule = {
  name: 'graph', faults: false, audience: AUDIENCES.graph, matches: (p) => p.startsWith('/v1.0/'), routes: graphRoutes,
  errorReply: (_ctx, err) => json(err.status, { error: { code: err.code, message: err.message } }),
};

export interface ExchangeHarness {
  url: string;
  server: EmulatorServer;
  clients(counter?: MutableRequestCounter): Clients & { exchange: ExchangeApi };
  close(): Promise<void>;
  tenant(): NonNullable<ReturnType<typeof getTenant>>;
}

export async function startExchange(seed: SeedDocument = contosoSeed(), o: ExchangeModuleOptions = {}): Promise<ExchangeHarness> {
  const state = stateFromSeed(loadSeed(seed));
  const server = new EmulatorServer(state, [identityModule, exchangeModule(o), graphStub], {
    port: 0, latencyMs: 0, throttling: false, replicationDelayMs: 0,
  });
  const url = await server.listen();
  const tokens = createTokenProviders({ credentials: resolveSignIn(emulatorCredentials()), emulatorUrl: url });
  return {
    url, server,
    tenant: () => getTenant(state, TENANT_ID)!,
    close: () => server.close(),
    clients(counter = createRequestCounter()) {
      const graph = createGraphClient({ tenantId: TENANT_ID, baseUrl: url, tokenProvider: tokens(TENANT_ID, 'graph'), counter, sleep: async () => undefined });
      const rest = restClient(url, () => tokens(TENANT_ID, 'exchange').getToken(), counter);
      return { graph, counter, exchange: createExchangeClient({ rest, tenantId: TENANT_ID }) };
    },
  };
}

/** A minimal RestApi on fetch with the shared Exchange error parser. */
export function restClient(base: string, token: () => Promise<string>, counter: MutableRequestCounter): InvokeTransport {
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
