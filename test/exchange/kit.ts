// Test kit for Exchange: the whole emulator (`startEmulator` with every default module: tokens, Graph, Exchange,
// ARM, Partner Center) and the real clients from `createClients`, so the Exchange kinds talk to the same Graph
// that the Entra kinds do.
import { createClients, type TenantClients } from '../../src/clients/index.js';
import { createRequestCounter, type MutableRequestCounter } from '../../src/clients/counter.js';
import type { ExchangeApi } from '../../src/clients/exchange.js';
import { exchangeOf } from '../../src/emulator/exchange/model.js';
import { type Clock, type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument, SeedTenant } from '../../src/emulator/seed.js';
import type { Clients } from '../../src/clients/types.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import { applyPlan, type ApplySummary } from '../../src/engine/apply.js';
import { planTenant } from '../../src/engine/plan-tenant.js';
import type { Kind } from '../../src/kinds/contract.js';
import { sealPlan } from '../../src/plan/digest.js';
import { PLAN_FORMAT_VERSION, type Plan, type TenantPlan } from '../../src/plan/types.js';
import { getTenant } from '../../src/emulator/state.js';
import { emulatorClock } from '../support/clock.js';
import { TEST_APP, TEST_SECRET, withWorldApps } from '../support/world.js';

export const TENANT_ID = '6b1a3c6e-0000-4000-8000-0000000000e1';
export const E3 = {
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
        { userPrincipalName: 'dave@contoso.com', displayName: 'Dave (no licence)', usageLocation: 'SE' },
      ],
      ...extra,
    }],
  };
}

export interface ExchangeHarness {
  url: string;
  emulator: RunningEmulator;
  clients(counter?: MutableRequestCounter): TenantClients & { exchange: ExchangeApi };
  testAppClients(): TenantClients;
  close(): Promise<void>;
  tenant(): NonNullable<ReturnType<typeof getTenant>>;
}

export interface HarnessOptions {
  /** Shortens Exchange's mailbox provisioning delay for this tenant. */
  mailboxProvisioningDelayMs?: number;
  tenantId?: string;
  /**
   * The emulator's clock (e.g. a ManualClock the test advances past the provisioning delay); real time by default.
   * The clients' waits advance it either way, so none of them passes real time.
   */
  clock?: Clock;
  /** Eventual consistency of Graph reads (the emulator's default when absent); 0 for tests of the mirror itself. */
  replicationDelayMs?: number;
}

export async function startExchange(seed: SeedDocument = contosoSeed(), o: HarnessOptions = {}): Promise<ExchangeHarness> {
  const emulator = await startEmulator({ seed: withWorldApps(seed), throttling: false, clock: o.clock, replicationDelayMs: o.replicationDelayMs });
  const tenantId = o.tenantId ?? TENANT_ID;
  const tenant = () => getTenant(emulator.state, tenantId)!;
  if (o.mailboxProvisioningDelayMs !== undefined) exchangeOf(tenant()).provisioningDelayMs = o.mailboxProvisioningDelayMs;
  return {
    url: emulator.url, emulator, tenant,
    close: () => emulator.close(),
    clients: (counter = createRequestCounter()) => createClients({ tenantId, emulatorUrl: emulator.url, counter, clock: emulatorClock(emulator) }),
    /** Clients signed in as the test app with every grant, for reading what tenantform's own grants do not cover. */
    testAppClients: () => createClients({ tenantId, emulatorUrl: emulator.url, credentials: { clientId: TEST_APP, secret: TEST_SECRET }, clock: emulatorClock(emulator) }),
  };
}

type Loaded = { name: string; dir: string; config: TenantConfig; files: string[]; diagnostics: []; locate: () => undefined };

/** A loaded tenant built in code, for tests that do not read YAML files. */
export function tenantOf(sections: Partial<TenantConfig>, tenantId = TENANT_ID, domains = ['contoso.com', 'contoso.onmicrosoft.com']): Loaded {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId, domains }, ...sections };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/tenant.yaml'], diagnostics: [], locate: () => undefined };
}

export function planWith(kinds: Kind[], loaded: LoadedTenant, clients: Clients): Promise<TenantPlan> {
  return planTenant({ loaded, clients, kinds });
}

export function applyWith(kinds: Kind[], loaded: LoadedTenant, tp: TenantPlan, clients: Clients): Promise<ApplySummary> {
  const p: Plan = sealPlan({
    formatVersion: PLAN_FORMAT_VERSION, createdAt: '', source: { commit: null, dirty: false }, tenants: [tp],
    summary: { create: 0, update: 0, delete: 0, replace: 0, tenants: 1, errored: 0 },
  });
  return applyPlan({ plan: p, tenants: [loaded], clientsFor: async () => clients, kinds, log: () => undefined });
}
