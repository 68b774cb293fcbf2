// How commands reach tenants. The commands only see a Connector; this file alone decides between the built-in
// emulator, a running emulator and real credentials from the environment.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';

export interface Connector {
  clientsFor(t: LoadedTenant): Promise<Clients>;
  close(): Promise<void>;
}

/** Raised when no connection can be made; the CLI prints the message and exits 1. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

export const EMULATOR_STATE = '.tenantform/emulator.json';
export const EMULATOR_SEED = 'emulator/demo-seed.yaml';

interface Credentials {
  clientId: string;
  secret?: string;
  certificatePath?: string;
  oidc?: boolean;
}

// The shapes of src/clients/index.ts and src/emulator/index.ts that this file uses (fixed in the round-2 interfaces).
interface ClientsModule {
  credentialsFromEnv(env?: NodeJS.ProcessEnv): Credentials | undefined;
  createClients(o: {
    tenantId: string;
    cloud?: 'global' | 'usgov' | 'usgovdod' | 'china';
    credentials?: Credentials;
    emulatorUrl?: string;
    debug?: (line: string) => void;
  }): Clients;
}

interface EmulatorModule {
  startEmulator(o?: { statePath?: string; seed?: string }): Promise<{ url: string; close(): Promise<void> }>;
}

// Loaded lazily: the emulator is only needed with --emulator, and neither module is needed by commands that do not
// connect (show, report merge).
const load = async <T>(spec: string): Promise<T> => (await import(/* @vite-ignore */ spec)) as T;

/** The emulator accepts any client; these only satisfy the token request's required fields. */
const EMULATOR_CREDENTIALS: Credentials = { clientId: 'tenantform-emulator', secret: 'emulator' };

export async function connect(opts: { emulator?: string | boolean; debug?: boolean; env?: NodeJS.ProcessEnv }): Promise<Connector> {
  const env = opts.env ?? process.env;
  const clientsModule = await load<ClientsModule>(new URL('../clients/index.js', import.meta.url).href);
  const debug = opts.debug ? (line: string) => process.stderr.write(`[debug] ${line}\n`) : undefined;
  let emulatorUrl: string | undefined;
  let closeEmulator: (() => Promise<void>) | undefined;
  let credentials: Credentials | undefined;

  if (opts.emulator === true) {
    const { startEmulator } = await load<EmulatorModule>(new URL('../emulator/index.js', import.meta.url).href);
    await mkdir(dirname(EMULATOR_STATE), { recursive: true });
    const seeded = existsSync(EMULATOR_STATE);
    const running = await startEmulator({ statePath: EMULATOR_STATE, ...(seeded ? {} : { seed: EMULATOR_SEED }) });
    emulatorUrl = running.url;
    closeEmulator = () => running.close();
    credentials = EMULATOR_CREDENTIALS;
  } else if (typeof opts.emulator === 'string' && opts.emulator !== '') {
    emulatorUrl = opts.emulator.replace(/\/+$/, '');
    credentials = clientsModule.credentialsFromEnv(env) ?? EMULATOR_CREDENTIALS;
  } else {
    credentials = clientsModule.credentialsFromEnv(env);
    if (!credentials) {
      throw new ConnectError(
        'no credentials: set AZURE_CLIENT_ID and AZURE_TENANT_ID (the partner tenant) with AZURE_CLIENT_CERTIFICATE_PATH or ' +
          'AZURE_CLIENT_SECRET, or run in GitHub Actions with OIDC (id-token: write); or use --emulator to rehearse locally',
      );
    }
  }

  const cache = new Map<string, Clients>();
  return {
    async clientsFor(t) {
      let clients = cache.get(t.name);
      if (!clients) {
        const { tenantId, cloud } = t.config.tenant;
        clients = clientsModule.createClients({ tenantId, cloud, credentials, emulatorUrl, debug });
        cache.set(t.name, clients);
      }
      return clients;
    },
    async close() {
      await closeEmulator?.();
    },
  };
}
