// Fixtures of the Entra end-to-end tests: a seeded emulator tenant, a loaded YAML tenant, and plan/apply through the
// real engine and clients over HTTP.
import { createClients } from '../../src/clients/index.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import { applyPlan, type ApplySummary } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { TenantState } from '../../src/emulator/state.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan, TenantPlan } from '../../src/plan/types.js';
import { emulatorClock } from '../support/clock.js';

export const TENANT = '6b1a3c6e-0000-4000-8000-000000000001';
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const EXO = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
export const VISIO = 'c5928f49-12ba-48f7-ada3-0d743a3601d5';
export const DAVE_ID = '0d0d0d0d-0000-4000-8000-00000000d0d0';

export function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [
        { skuId: E3, skuPartNumber: 'SPE_E3', seats: 5, servicePlans: [
          { servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
          { servicePlanId: YAMMER, servicePlanName: 'YAMMER_ENTERPRISE' },
        ] },
        { skuId: VISIO, skuPartNumber: 'VISIOCLIENT', seats: 1, servicePlans: [{ servicePlanId: 'aaaaaaaa-0000-4000-8000-000000000001', servicePlanName: 'VISIO_CLIENT_SUBSCRIPTION' }] },
      ],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE' },
        { userPrincipalName: 'olduser@contoso.com', displayName: 'Old User' },
      ],
      deletedUsers: [{ id: DAVE_ID, userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Buyer' }],
      groups: [{ displayName: 'Finance', mailNickname: 'finance', members: ['bob@contoso.com', 'carol@contoso.com'] }],
      directoryRoleAssignments: [{ role: 'Helpdesk Administrator', principal: 'carol@contoso.com' }],
    }],
  };
}

export function loadedTenant(sections: Omit<TenantConfig, 'tenant'>): LoadedTenant {
  const config: TenantConfig = { tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com'] }, ...sections };
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/tenant.yaml'], diagnostics: [], locate: () => undefined };
}

export function driver(emu: RunningEmulator) {
  // Every wait of the clients (retries, read-after-create under the emulator's default eventual consistency) moves the
  // emulator's clock instead of passing real time.
  const clientsFor = () => createClients({ tenantId: TENANT, emulatorUrl: emu.url, clock: emulatorClock(emu) });
  return {
    async plan(t: LoadedTenant): Promise<Plan> {
      return planRun({ tenants: [t], clientsFor, kinds });
    },
    async apply(plan: Plan, t: LoadedTenant): Promise<ApplySummary> {
      return applyPlan({ plan, tenants: [t], clientsFor, kinds, log: () => {}, secret: (name) => { throw new Error(`no ${name}`); } });
    },
  };
}

export const only = (plan: Plan): TenantPlan => plan.tenants[0]!;

export const summary = (tp: TenantPlan): string[] => tp.changes.map((c) => `${c.action} ${c.address} (${c.reason})`);

export function tenantState(emu: RunningEmulator): TenantState {
  return emu.state.tenants.get(TENANT)!;
}

export function userByUpn(emu: RunningEmulator, upn: string) {
  const t = tenantState(emu);
  return t.users.get(t.upnIndex.get(upn) ?? '');
}
