// Starting the emulator in-process (tests, `--emulator`) or from `tenantform emulator`: state from a state file
// if one exists, else from the seed; persisted back to the state file on every change.
import { randomBytes } from 'node:crypto';
import { EmulatorServer } from './server.js';
import { loadSeed, type SeedDocument } from './seed.js';
import { stateFromSeed } from './seeding.js';
import { loadStateFile } from './store.js';
import type { EmulatorState } from './state.js';
import type { ServiceModule } from './router.js';
import { defaultModules } from './modules.js';
import { controlModule } from './control.js';
import { generateTlsMaterial, writeCaFile } from './tls.js';
import { toClock, type Clock, type TimeSource } from './clock.js';
import { DEFAULT_REPLICATION_DELAY_MS } from './replication.js';

export interface EmulatorOptions {
  port?: number; seed?: string | SeedDocument; statePath?: string; latencyMs?: number;
  faults?: string; throttling?: boolean; modules?: ServiceModule[];
  /**
   * Eventual consistency: the longest a new directory object stays invisible to reads (each gets its own delay, from a
   * quarter of this up, drawn from `replicationSeed`). On by default, as in Entra; 0 makes every write readable at once.
   */
  replicationDelayMs?: number;
  replicationSeed?: number;
  /** Serve HTTPS with a CA and server certificate generated at start. */
  tls?: boolean;
  /** With `tls`: where to write the CA certificate (PEM) for NODE_EXTRA_CA_CERTS. */
  caOut?: string;
  /**
   * The emulator's time: a Clock (e.g. a test's ManualClock, which it then advances) or a function of milliseconds;
   * real time by default. Throttling, delays, token lifetimes, timestamps and GDAP expiry all read it.
   */
  clock?: Clock | TimeSource;
}

export interface RunningEmulator {
  url: string; state: EmulatorState; server: EmulatorServer; close(): Promise<void>;
  /** With `tls`: the CA certificate (PEM) that signed the server certificate, and the file it was written to. */
  caCert?: string; caPath?: string;
}

function initialState(o: EmulatorOptions): { state: EmulatorState; fresh: boolean } {
  const clock = toClock(o.clock);
  const loaded = o.statePath ? loadStateFile(o.statePath, clock) : undefined;
  if (loaded) return { state: loaded, fresh: false };
  if (o.seed !== undefined) return { state: stateFromSeed(loadSeed(o.seed), clock), fresh: true };
  return { state: { tenants: new Map(), signingKey: randomBytes(32).toString('base64url'), clock }, fresh: true };
}

export async function startEmulator(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { state, fresh } = initialState(o);
  const modules: ServiceModule[] = [];
  const tls = o.tls ? await generateTlsMaterial() : undefined;
  const server = new EmulatorServer(state, modules, {
    port: o.port ?? 0, latencyMs: o.latencyMs ?? 0, faults: o.faults, throttling: o.throttling ?? true,
    replicationDelayMs: o.replicationDelayMs ?? DEFAULT_REPLICATION_DELAY_MS, replicationSeed: o.replicationSeed,
    statePath: o.statePath, tls,
  });
  modules.push(controlModule(() => server, () => modules), ...(o.modules ?? defaultModules()));
  const url = await server.listen();
  if (fresh && o.statePath) {
    server.changed();
    server.flush();
  }
  if (tls && o.caOut) writeCaFile(o.caOut, tls);
  const caInfo = tls ? { caCert: tls.caCert, ...(o.caOut ? { caPath: o.caOut } : {}) } : {};
  return { url, state, server, close: () => server.close(), ...caInfo };
}

export type { SeedDocument } from './seed.js';
export type { ServiceModule } from './router.js';
export { Clock, ManualClock } from './clock.js';
