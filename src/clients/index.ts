// The entry point of the clients: credentials from the environment, and per customer tenant a Graph client, a Graph
// client on the partner tenant (GDAP), and lazily the REST clients of ARM, Partner Center and Exchange, all on one
// middleware chain, one request counter and MSAL. With `emulatorUrl` every call, tokens included, goes to the emulator.
import { createTokenProviders, createUserTokenProvider, type AuthOptions, type TokenProviders } from './auth.js';
export { createTokenProviders, type TokenProvider, type TokenProviders } from './auth.js';
import { type CloudName, type Resource, resourceHost } from './clouds.js';
import { callerOf } from './caller.js';
import { createRequestCounter, type MutableRequestCounter } from './counter.js';
import { type Credentials, credentialsFromEnv, emulatorCredentials, NO_CREDENTIALS, resolveSignIn, sharePointSignIn } from './credentials.js';
import { CredentialsError } from './errors.js';
import { createExchangeClient, type ExchangeApi } from './exchange.js';
import { createGraphClient } from './graph.js';
import { createPacer } from './pacing.js';
import { REAL_CLOCK, type WireClock } from './poll.js';
import type { TransportOptions } from './pipeline.js';
import { createRestClient, type RestApi, type RestService } from './rest.js';
import type { Clients, GraphApi, RequestCounter } from './types.js';

export { credentialsFromEnv, emulatorCredentials, type Credentials };
export { EMULATOR_APP, EMULATOR_CERTIFICATE_PATH } from './credentials.js';
export { sharePointHosts, type SharePointHosts } from './clouds.js';
export { createRestClient, type RestApi, type RestClientOptions, type ListOptions, type RestService } from './rest.js';
export { createGraphClient, type GraphClientOptions } from './graph.js';
export { createRequestCounter, type MutableRequestCounter } from './counter.js';
export { ApiError, CredentialsError } from './errors.js';
export type { CloudName } from './clouds.js';
export type { Caller } from './caller.js';
export type { BatchRequest, BatchResponse, Clients, GraphApi, RequestCounter, RequestOptions } from './types.js';
export type { RetryPolicy } from './retry-policy.js';
export { REAL_CLOCK, type WireClock } from './poll.js';

export interface ClientOptions {
  /** The customer tenant. */
  tenantId: string;
  cloud?: CloudName;
  /** Defaults to the emulator's any-client credentials when `emulatorUrl` is set. */
  credentials?: Credentials;
  /** Origin of a tenantform emulator: MSAL's authority and every service are routed there. */
  emulatorUrl?: string;
  debug?: (line: string) => void;
  /** Shared across tenants to total a run; must come from createRequestCounter(). */
  counter?: RequestCounter;
  /** The partner tenant (GDAP, Partner Center); defaults to `credentials.partnerTenantId` (AZURE_TENANT_ID). */
  partnerTenantId?: string;
  /** Where an OIDC sign-in finds GitHub's token request URL and token; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Retry policy, sleep, randomness, fetch and pacer: tests shrink waits, a run may share one pacer. */
  transport?: Partial<Omit<TransportOptions, 'counter' | 'debug'>>;
  /**
   * What retries, pacing and polls (read-after-create, mailbox provisioning) wait on, and what decides when a token
   * lapses; real timers by default. A test passes one that moves the emulator's clock. `transport.sleep`, when given, is the sleep of all of them.
   */
  clock?: WireClock;
}

export interface TenantClients extends Clients {
  graph: GraphApi;
  counter: MutableRequestCounter;
  /** Graph on the partner tenant; undefined when no partner tenant is known. */
  partnerGraph?: GraphApi;
  arm: RestApi;
  /** Partner Center (partner tenant, global cloud only); undefined otherwise. App+User with a refresh token. */
  partnerCenter?: RestApi;
  /** Whether Partner Center calls are App+User (a partner user's refresh token is configured). */
  partnerCenterAppUser: boolean;
  /** The Exchange admin endpoint as JSON REST, for the Exchange client to wrap (paths `/adminapi/beta/{tenant}/…`). */
  exchangeRest: RestApi;
  /** Exchange Online cmdlets over `exchangeRest`, for the mailbox kinds. */
  exchange: ExchangeApi;
  /** SharePoint's REST API on one of the tenant's SharePoint hosts (`contoso-admin.sharepoint.com`). */
  sharepoint(host: string): RestApi;
  clock: WireClock;
}

const isMutable = (c: RequestCounter): c is MutableRequestCounter => typeof (c as MutableRequestCounter).add === 'function';

export function createClients(o: ClientOptions): TenantClients {
  if (o.counter && !isMutable(o.counter)) throw new TypeError('ClientOptions.counter must come from createRequestCounter()');
  const counter = o.counter ?? createRequestCounter();
  const credentials = o.credentials ?? (o.emulatorUrl ? emulatorCredentials() : undefined);
  if (!credentials) throw new CredentialsError(NO_CREDENTIALS);
  const fetchFn = o.transport?.fetch ?? fetch;
  const base = o.clock ?? REAL_CLOCK;
  const clock: WireClock = { now: () => base.now(), sleep: o.transport?.sleep ?? ((ms) => base.sleep(ms)) };
  const auth: AuthOptions = {
    credentials: resolveSignIn(credentials, o.env, fetchFn),
    sharepointCertificate: () => sharePointSignIn(credentials),
    cloud: o.cloud,
    emulatorUrl: o.emulatorUrl,
    debug: o.debug,
    counter,
    fetch: fetchFn,
    // Tokens lapse on the run's clock: a run in simulated time outlives a token's hour and must sign in again.
    now: clock.now,
  };
  const tokens: TokenProviders = createTokenProviders(auth);
  // The pacer waits for budget on the base clock: a test's no-op retry sleep must not turn its waits into a spin.
  const pacer = createPacer({ now: clock.now, sleep: (ms) => base.sleep(ms) });
  // Concurrent Graph writes share $batch calls: one request per 20 changes instead of one per change.
  const transport = { pacer, coalesceWrites: true, sleep: clock.sleep, ...o.transport, counter, debug: o.debug };
  const partnerTenantId = o.partnerTenantId ?? credentials.partnerTenantId;
  const baseUrl = (resource: Resource): string =>
    o.emulatorUrl ? new URL(o.emulatorUrl).origin : `https://${resourceHost(o.cloud, resource)}`;

  const graphFor = (tenantId: string): GraphApi =>
    createGraphClient({ ...transport, tenantId, baseUrl: baseUrl('graph'), tokenProvider: tokens(tenantId, 'graph') });
  const restFor = (service: RestService, resource: Resource, tenantId: string, headers?: Record<string, string>) =>
    createRestClient({
      ...transport,
      service,
      tenantId,
      baseUrl: baseUrl(resource),
      tokenProvider: tokens(tenantId, resource),
      headers,
    });

  const memo = new Map<string, unknown>();
  const lazy = <T>(key: string, make: () => T): T => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as T;
  };
  const partnerCenterAvailable = o.cloud === undefined || o.cloud === 'global';

  return {
    graph: graphFor(o.tenantId),
    counter,
    clock,
    caller: () => callerOf(credentials.clientId, tokens(o.tenantId, 'graph')),
    get partnerGraph() {
      return partnerTenantId ? lazy('partnerGraph', () => graphFor(partnerTenantId)) : undefined;
    },
    get arm() {
      return lazy('arm', () => restFor('arm', 'arm', o.tenantId));
    },
    get partnerCenter() {
      if (!partnerTenantId || !partnerCenterAvailable) return undefined;
      // With a partner user's refresh token every Partner Center call is App+User, as consents and orders require.
      const refresh = credentials.partnerRefreshToken;
      return lazy('partnerCenter', () => createRestClient({
        ...transport, service: 'partnerCenter', tenantId: partnerTenantId, baseUrl: baseUrl('partner'),
        tokenProvider: refresh ? createUserTokenProvider(auth, partnerTenantId, 'partner', refresh) : tokens(partnerTenantId, 'partner'),
      }));
    },
    get partnerCenterAppUser() {
      return Boolean(credentials.partnerRefreshToken);
    },
    get exchange() {
      return lazy('exchange', () => createExchangeClient({ rest: this.exchangeRest, tenantId: o.tenantId }));
    },
    sharepoint(host: string) {
      // The emulator serves every SharePoint host under its one origin, the host as the first path segment.
      const origin = o.emulatorUrl ? `${new URL(o.emulatorUrl).origin}/${host}` : `https://${host}`;
      return lazy(`sharepoint|${host}`, () => createRestClient({
        ...transport, service: 'sharepoint', tenantId: o.tenantId, baseUrl: origin,
        tokenProvider: tokens(o.tenantId, 'sharepoint', `https://${host}/.default`),
        headers: { Accept: 'application/json;odata=nometadata', 'odata-version': '4.0' },
      }));
    },
    get exchangeRest() {
      return lazy('exchangeRest', () =>
        restFor('exchange', 'exchange', o.tenantId, { Prefer: 'odata.maxpagesize=1000' }),
      );
    },
  };
}
