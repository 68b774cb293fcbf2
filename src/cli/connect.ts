// How commands reach tenants. The commands only see a Connector; this file alone decides between the built-in
// emulator, a running emulator and real credentials from the environment.
import { createPacer } from '../clients/pacing.js';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createClients, createRequestCounter, credentialsFromEnv, CredentialsError, emulatorCredentials, type Credentials } from '../clients/index.js';
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';

export interface Connector {
  clientsFor(t: LoadedTenant): Promise<Clients>;
  close(): Promise<void>;
  /**
   * The app ids tenantform works as: the one signed in with, and the writing app's when another job applies
   * (`AZURE_CLIENT_ID_WRITE`), so drift can tell its own writes from changes made out of band.
   */
  ownApps?: string[];
  /** How tenantform signs in, for `doctor`: never a secret, only its kind. */
  identity?: Identity;
}

export interface Identity {
  clientId: string;
  credential: 'client secret' | 'certificate' | 'GitHub Actions OIDC' | 'emulator';
  /** A partner user's refresh token is configured: Partner Center calls are App+User. */
  appUser: boolean;
  /** The certificate's end of validity (ISO), when signing in with one. */
  certificateExpires?: string;
  /** A client secret is all there is: SharePoint, which takes certificate tokens only, cannot be reached. */
  secretOnly?: boolean;
}

function identityOf(c: Credentials, emulator: boolean): Identity {
  const credential = c.secret ? (emulator && c.secret === 'emulator' ? 'emulator' : 'client secret') : c.certificatePath ? 'certificate' : 'GitHub Actions OIDC';
  let certificateExpires: string | undefined;
  if (c.certificatePath && credential !== 'emulator') {
    try {
      certificateExpires = new Date(new X509Certificate(readFileSync(c.certificatePath)).validTo).toISOString();
    } catch {
      certificateExpires = undefined;
    }
  }
  const secretOnly = Boolean(c.secret) && !c.certificatePath;
  return { clientId: c.clientId, credential, appUser: Boolean(c.partnerRefreshToken), ...(certificateExpires ? { certificateExpires } : {}), ...(secretOnly ? { secretOnly } : {}) };
}

/** Raised when no connection can be made; the CLI prints the message and exits 1. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

export const EMULATOR_STATE = '.tenantform/emulator.json';
export const EMULATOR_SEED = 'emulator/demo-seed.yaml';

/** Credentials from the environment; a half-configured environment is a connection error, not "no credentials". */
function envCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  try {
    return credentialsFromEnv(env);
  } catch (error) {
    if (error instanceof CredentialsError) throw new ConnectError(error.message);
    throw error;
  }
}

export async function connect(opts: { emulator?: string | boolean; debug?: boolean; env?: NodeJS.ProcessEnv; shards?: number }): Promise<Connector> {
  const env = opts.env ?? process.env;
  const debug = opts.debug ? (line: string) => process.stderr.write(`[debug] ${line}\n`) : undefined;
  let emulatorUrl: string | undefined;
  let closeEmulator: (() => Promise<void>) | undefined;
  let credentials: Credentials | undefined;
  let partnerTenantId: string | undefined;

  if (opts.emulator === true) {
    // Loaded only here: a run against real tenants never loads the emulator.
    const { startEmulator } = await import('../emulator/index.js');
    await mkdir(dirname(EMULATOR_STATE), { recursive: true });
    const seeded = existsSync(EMULATOR_STATE);
    const running = await startEmulator({ statePath: EMULATOR_STATE, ...(seeded ? {} : { seed: EMULATOR_SEED }) });
    emulatorUrl = running.url;
    closeEmulator = () => running.close();
    credentials = emulatorCredentials();
    partnerTenantId = running.state.partner?.tenantId;
  } else if (typeof opts.emulator === 'string' && opts.emulator !== '') {
    emulatorUrl = opts.emulator.replace(/\/+$/, '');
    credentials = envCredentials(env) ?? emulatorCredentials();
    partnerTenantId = credentials.partnerTenantId ?? (await emulatorPartner(emulatorUrl));
  } else {
    credentials = envCredentials(env);
    if (!credentials) {
      throw new ConnectError(
        'no credentials: set AZURE_CLIENT_ID and AZURE_TENANT_ID (the partner tenant) with AZURE_CLIENT_CERTIFICATE_PATH or ' +
          'AZURE_CLIENT_SECRET, or run in GitHub Actions with OIDC (id-token: write); or use --emulator to rehearse locally',
      );
    }
  }

  // One counter for the run, so --debug and benchmarks see the total over all tenants.
  const counter = createRequestCounter();
  // One pacer for the run: each tenant keeps its own buckets in it, and all share the app's budget across tenants,
  // of which a shard of N spends 1/N.
  const transport = { pacer: createPacer(), appShare: 1 / (opts.shards ?? 1) };
  const cache = new Map<string, Clients>();
  const ownApps = [credentials?.clientId, env.AZURE_CLIENT_ID_WRITE].filter((id): id is string => typeof id === 'string' && id !== '');
  return {
    ownApps,
    ...(credentials ? { identity: identityOf(credentials, emulatorUrl !== undefined) } : {}),
    async clientsFor(t) {
      let clients = cache.get(t.name);
      if (!clients) {
        const { tenantId, cloud } = t.config.tenant;
        clients = createClients({ tenantId, cloud, credentials, emulatorUrl, debug, counter, env, partnerTenantId, transport });
        cache.set(t.name, clients);
      }
      return clients;
    },
    async close() {
      await closeEmulator?.();
    },
  };
}

/** The partner tenant a running emulator was seeded with, from its control endpoint (none if it has none). */
async function emulatorPartner(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/_emulator/stats`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { partner?: { tenantId?: string } | null };
    return body.partner?.tenantId ?? undefined;
  } catch {
    throw new ConnectError(`cannot reach the emulator at ${url}`);
  }
}
