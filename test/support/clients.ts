// The product's clients against the emulator, built the way a kind gets them (`createClients`: MSAL against the
// emulator's token endpoint, the real Graph, ARM, Partner Center and Exchange clients, retries and paging), and a
// started world that hands them out. Every wait of these clients moves the emulator's clock (`emulatorClock`), so no
// test passes real time waiting for a retry, a replica or a mailbox.
import { expect } from 'vitest';
import { ApiError } from '../../src/clients/errors.js';
import { createClients, type TenantClients } from '../../src/clients/index.js';
import type { MutableRequestCounter } from '../../src/clients/counter.js';
import type { ClientOptions } from '../../src/clients/index.js';
import { armService } from '../../src/emulator/arm/service.js';
import { exchangeModule } from '../../src/emulator/exchange/service.js';
import { exchangeOf } from '../../src/emulator/exchange/model.js';
import { graphService } from '../../src/emulator/graph/service.js';
import { ManualClock, startEmulator as startBare, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { partnerCenterService } from '../../src/emulator/partner-center/service.js';
import { loadSeed, type SeedDocument } from '../../src/emulator/seed.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { getTenant, type TenantState } from '../../src/emulator/state.js';
import { identityModule } from '../../src/emulator/tokens.js';
import { emulatorClock } from './clock.js';
import { azureSeed } from './estates.js';
import { CONTOSO } from './seed.js';
import { omnipotentApp, startEmulator, TEST_APP, TEST_SECRET, withTenantform } from './world.js';

export interface ClientsOptions {
  counter?: MutableRequestCounter;
  transport?: ClientOptions['transport'];
  debug?: (line: string) => void;
  /** Sign in as the test app with every grant instead of tenantform's app (which holds what its kinds declare). */
  asTestApp?: boolean;
  /** Sign in as this app instead (e.g. one granted exactly what `tenantform permissions` lists). */
  credentials?: ClientOptions['credentials'];
}

/** Clients for a customer tenant; the seed's partner tenant (if any) is reached for GDAP and Partner Center. */
export function clientsFor(emu: RunningEmulator, tenantId = CONTOSO, o: ClientsOptions = {}): TenantClients {
  return createClients({
    tenantId, emulatorUrl: emu.url, clock: emulatorClock(emu), partnerTenantId: emu.state.partner?.tenantId,
    counter: o.counter, transport: o.transport, debug: o.debug,
    credentials: o.asTestApp ? { clientId: TEST_APP, secret: TEST_SECRET } : o.credentials,
  });
}

/** A transport that answers 403 to every Exchange call of one cmdlet and passes the rest on: a read that fails. */
export function refusingCmdlet(cmdlet: string): NonNullable<ClientOptions['transport']> {
  return {
    fetch: async (input, init) => (typeof init?.body === 'string' && init.body.includes(cmdlet)
      ? new Response(JSON.stringify({ error: { code: 'Forbidden', message: 'denied' } }), { status: 403, headers: { 'content-type': 'application/json' } })
      : fetch(input, init)),
  };
}

/** The ApiError a call of the clients rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

export interface WorldOptions extends Omit<EmulatorOptions, 'seed'> {
  /** The tenant `clients()` and `tenant()` are for; Contoso by default. */
  tenantId?: string;
  /** Page size of ARM and Partner Center collections, to make a test read across continuation pages. */
  pageSize?: number;
  /** Exchange's mailbox provisioning delay in the tenant. */
  mailboxProvisioningDelayMs?: number;
  /**
   * Registers tenantform's app and only the first test app, not the whole test world's: for tests that count who
   * holds a role (each test app with every grant is an Owner of every subscription).
   */
  onlyTestApp?: boolean;
}

export interface World extends RunningEmulator {
  tenantId: string;
  /** tenantform's clients for the world's tenant (or another). */
  clients(counter?: MutableRequestCounter, tenantId?: string): TenantClients;
  /** Clients signed in as the test app with every grant, for reading what tenantform's own grants do not cover. */
  testAppClients(tenantId?: string): TenantClients;
  /** The emulator's state of the world's tenant. */
  tenant(): TenantState;
}

/**
 * The emulator on `seed` with the test world's apps; throttling is off unless asked for (the conformance tests pin
 * the limits), everything else is the emulator's default unless given.
 */
export async function startWorld(seed: SeedDocument, o: WorldOptions = {}): Promise<World> {
  const { tenantId = CONTOSO, pageSize, mailboxProvisioningDelayMs, onlyTestApp, ...options } = o;
  const modules = pageSize === undefined ? undefined
    : [identityModule, graphService(), exchangeModule(), armService({ pageSize }), partnerCenterService({ pageSize })];
  const start = onlyTestApp ? startBare : startEmulator;
  const doc = onlyTestApp ? withApp(withTenantform(loadSeed(seed)), omnipotentApp(TEST_APP)) : seed;
  const emu = await start({ ...options, seed: doc, throttling: o.throttling ?? false, modules: o.modules ?? modules });
  const tenant = (): TenantState => {
    const t = getTenant(emu.state, tenantId);
    if (!t) throw new Error(`the seed has no tenant ${tenantId}`);
    return t;
  };
  if (mailboxProvisioningDelayMs !== undefined) exchangeOf(tenant()).provisioningDelayMs = mailboxProvisioningDelayMs;
  return {
    ...emu, tenantId, tenant,
    clients: (counter, id = tenantId) => clientsFor(emu, id, { counter }),
    testAppClients: (id = tenantId) => clientsFor(emu, id, { asTestApp: true }),
  };
}

/**
 * The Azure and Partner Center world (azureSeed). Time stands still unless a test advances it, so a principal created
 * "now" stays inside the replication window a test sets; replication is immediate otherwise.
 */
export function startAzure(o: WorldOptions = {}): Promise<World> {
  return startWorld(azureSeed(), { clock: new ManualClock(), replicationDelayMs: 0, onlyTestApp: true, ...o });
}
