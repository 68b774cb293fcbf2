// Tokens through MSAL: one ConfidentialClientApplication per tenant, tokens cached by MSAL per tenant and resource.
// For the emulator MSAL still does all the work: its network client (MSAL's own extension point)
// sends the login host's requests to the emulator's origin, and the login host is a known authority.
import {
  ConfidentialClientApplication,
  LogLevel,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { type CloudName, type Resource, cloudEndpoints, resourceScope } from './clouds.js';
import type { MutableRequestCounter } from './counter.js';
import type { SignIn } from './credentials.js';
import type { DebugSink } from './middleware/debug.js';

export interface TokenProvider {
  getToken(): Promise<string>;
}

export interface AuthOptions {
  credentials: SignIn;
  /** The certificate configured beside a client secret: SharePoint's tokens are got with it. */
  sharepointCertificate?: () => SignIn | undefined;
  cloud?: CloudName;
  /** Origin of a local emulator (`http://127.0.0.1:N`): token calls go there instead of the login host. */
  emulatorUrl?: string;
  debug?: DebugSink;
  counter?: MutableRequestCounter;
  fetch?: typeof fetch;
  /**
   * The run's clock (the clients' WireClock): when a token lapses is decided on it, not on the machine's. MSAL's cache
   * judges expiry by the machine's clock, so on a moved clock (the emulator's, in simulated time) it would hand out a
   * token the service already counts as expired.
   */
  now?: () => number;
}

/**
 * Tokens of one resource in one tenant. SharePoint's resource is a host of the tenant's (`scope` names it, e.g.
 * `https://contoso-admin.sharepoint.com/.default`), and its REST API refuses app-only tokens got with a client secret,
 * so SharePoint tokens are got with the certificate when the credentials hold one beside the secret.
 */
export type TokenProviders = (tenantId: string, resource: Resource | 'sharepoint', scope?: string) => TokenProvider;

/** Refreshed this long before a token expires, so a call never starts with a token about to lapse (MSAL's own margin). */
const TOKEN_MARGIN_MS = 5 * 60_000;

interface Held {
  token: string;
  /** On the run's clock: the token's lifetime as issued, counted from when it arrived, less the margin. */
  until: number;
}

/** MSAL's `expiresOn` is on the machine's clock; the lifetime it implies is counted on the run's clock instead. */
function held(token: string, expiresOn: Date | null | undefined, now: () => number): Held {
  const lifetimeMs = (expiresOn?.getTime() ?? Date.now()) - Date.now();
  return { token, until: now() + lifetimeMs - TOKEN_MARGIN_MS };
}

/**
 * App+User tokens for one resource in the partner tenant, redeemed from a partner user's refresh token (the Secure
 * Application Model) by the same app registration and credentials; kept until shortly before they expire.
 */
export function createUserTokenProvider(o: AuthOptions, tenantId: string, resource: Resource, refreshToken: string): TokenProvider {
  const loginHost = cloudEndpoints(o.cloud).login;
  const network = o.emulatorUrl ? emulatorNetworkClient(o.emulatorUrl, loginHost, o.fetch ?? fetch, o.counter, o.debug) : undefined;
  const app = new ConfidentialClientApplication(msalConfig(o, loginHost, tenantId, network));
  const now = o.now ?? Date.now;
  let current: Held | undefined;
  let inFlight: Promise<string> | undefined;
  const redeem = async (): Promise<string> => {
    const result = await app.acquireTokenByRefreshToken({ refreshToken, scopes: [resourceScope(o.cloud, resource)], forceCache: false });
    if (!result?.accessToken) throw new Error(`no App+User ${resource} token was issued for tenant ${tenantId}`);
    current = held(result.accessToken, result.expiresOn, now);
    return result.accessToken;
  };
  return {
    getToken() {
      if (current && current.until > now()) return Promise.resolve(current.token);
      inFlight ??= redeem().finally(() => { inFlight = undefined; });
      return inFlight;
    },
  };
}

export function createTokenProviders(o: AuthOptions): TokenProviders {
  const apps = new Map<string, ConfidentialClientApplication>();
  const loginHost = cloudEndpoints(o.cloud).login;
  const network = o.emulatorUrl
    ? emulatorNetworkClient(o.emulatorUrl, loginHost, o.fetch ?? fetch, o.counter, o.debug)
    : undefined;

  const appFor = (tenantId: string, sharepoint: boolean): ConfidentialClientApplication => {
    const certificate = sharepoint ? o.sharepointCertificate?.() : undefined;
    const key = `${tenantId}|${certificate ? 'certificate' : 'main'}`;
    let app = apps.get(key);
    if (!app) {
      app = new ConfidentialClientApplication(msalConfig(certificate ? { ...o, credentials: certificate } : o, loginHost, tenantId, network));
      apps.set(key, app);
    }
    return app;
  };

  // Calls that start together share one token request; later ones get the token held until it lapses on the run's
  // clock. A lapsed token is fetched past MSAL's cache, which would still think it valid on a moved clock.
  const now = o.now ?? Date.now;
  const tokens = new Map<string, Held>();
  const inFlight = new Map<string, Promise<string>>();
  const acquire = async (tenantId: string, resource: Resource | 'sharepoint', key: string, scope?: string): Promise<string> => {
    if (resource === 'sharepoint' && !scope) throw new Error('a SharePoint token names its host');
    const scopes = [scope ?? resourceScope(o.cloud, resource as Resource)];
    const lapsed = tokens.has(key);
    const result = await appFor(tenantId, resource === 'sharepoint').acquireTokenByClientCredential({ scopes, ...(lapsed ? { skipCache: true } : {}) });
    if (!result?.accessToken) throw new Error(`no ${resource} token was issued for tenant ${tenantId}`);
    tokens.set(key, held(result.accessToken, result.expiresOn, now));
    return result.accessToken;
  };
  return (tenantId, resource, scope) => ({
    getToken() {
      const key = `${tenantId.toLowerCase()}|${resource}|${scope ?? ''}`;
      const h = tokens.get(key);
      if (h && h.until > now()) return Promise.resolve(h.token);
      let p = inFlight.get(key);
      if (!p) {
        p = acquire(tenantId, resource, key, scope).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      return p;
    },
  });
}

function msalConfig(o: AuthOptions, loginHost: string, tenantId: string, network?: INetworkModule): Configuration {
  const authority = `https://${loginHost}/${tenantId}`;
  const c = o.credentials;
  const auth: Configuration['auth'] = { clientId: c.clientId, authority };
  if (c.kind === 'secret') auth.clientSecret = c.clientSecret;
  else if (c.kind === 'certificate') {
    auth.clientCertificate = { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKey, x5c: c.x5c };
  } else auth.clientAssertion = () => c.getAssertion();
  if (network) auth.knownAuthorities = [loginHost];
  const sink = o.debug;
  return {
    auth,
    system: {
      ...(network ? { networkClient: network } : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message) => sink?.(`[msal] ${message}`),
      },
    },
  };
}

/** An MSAL network module on fetch that sends every request for the login host to the emulator's origin. */
export function emulatorNetworkClient(
  emulatorUrl: string,
  loginHost: string,
  fetchFn: typeof fetch,
  counter?: MutableRequestCounter,
  debug?: DebugSink,
): INetworkModule {
  const origin = new URL(emulatorUrl).origin;
  const rewrite = (url: string): string => url.replace(new RegExp(`^https://${loginHost.replace(/\./g, '\\.')}`, 'i'), origin);
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const target = rewrite(url);
    const started = performance.now();
    counter?.add('login');
    const res = await fetchFn(target, { method, headers: options?.headers, body: options?.body });
    const text = await res.text();
    debug?.(`[login] ${method} ${target.split('?')[0]} ${res.status} ${Math.round(performance.now() - started)}ms`);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { error: 'invalid_response', error_description: `HTTP ${res.status} from ${target.split('?')[0]}` };
    }
    return { status: res.status, headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
