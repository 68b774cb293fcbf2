// The test world's ids and catalogue, and the seeds of Contoso, the customer most tests manage. Every seed names its
// tenants, SKUs and service plans from here, so that "Contoso" or "E3" is one id across the whole suite. SKU and
// service plan ids are Microsoft's own, from "Product names and service plan identifiers for licensing"
// (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference); the made-up ones say so.
import type { SeedDocument, SeedServicePlan, SeedSku, SeedTenant, SeedUser } from '../../src/emulator/seed.js';

/** Contoso, the customer tenant of every single-tenant world, and the other customers of the estates. */
export const CONTOSO = '6b1a3c6e-0000-4000-8000-000000000001';
export const FABRIKAM = '6b1a3c6e-0000-4000-8000-0000000000f2';
export const NORTHWIND = '6b1a3c6e-0000-4000-8000-0000000000a3';
/** The CSP partner's own tenant. */
export const PARTNER = '11111111-0000-4000-8000-000000000001';
/** Contoso's Azure subscription (CSP). */
export const SUB = '2c6f7a1e-0000-4000-8000-00000000a001';
/** A user of Contoso's recycle bin. */
export const DAVE_ID = '0d0d0d0d-0000-4000-8000-00000000d0d0';
export const ADMIN = 'admin@contoso.onmicrosoft.com';
export const CONTOSO_DOMAINS = ['contoso.com', 'contoso.onmicrosoft.com'];

/** SKUs: Microsoft 365 E3 (SPE_E3), Visio Plan 2 (VISIOCLIENT), Exchange Online (Plan 1), Workplace Analytics. */
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const VISIO = 'c5928f49-12ba-48f7-ada3-0d743a3601d5';
export const EXCHANGE_STANDARD = '4b9405b0-7788-4568-add1-99614e613b69';
export const WORKPLACE_ANALYTICS = 'c7df2760-2c81-4ef7-b578-5b5392b571df';

/** Service plans: Exchange Online (Plan 2 and Plan 1), Yammer Enterprise, Teams. */
export const EXO = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
export const EXO_STANDARD = '9aaf7827-d63c-4b61-89c3-182f06f82e5c';
export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
export const TEAMS = '57ff2da0-773e-42df-b2af-ffb7a2317929';
/** Made up: the tests only need VISIOCLIENT to carry some plan. */
export const VISIO_PLAN = 'aaaaaaaa-0000-4000-8000-000000000001';

export const EXCHANGE_PLAN: SeedServicePlan = { servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE' };
export const YAMMER_PLAN: SeedServicePlan = { servicePlanId: YAMMER, servicePlanName: 'YAMMER_ENTERPRISE' };

/** Microsoft 365 E3 with `seats`, carrying Exchange and Yammer unless told otherwise. */
export function e3(seats: number, servicePlans: SeedServicePlan[] = [EXCHANGE_PLAN, YAMMER_PLAN]): SeedSku {
  return { skuId: E3, skuPartNumber: 'SPE_E3', seats, servicePlans };
}

export function visio(seats = 1): SeedSku {
  return { skuId: VISIO, skuPartNumber: 'VISIOCLIENT', seats, servicePlans: [{ servicePlanId: VISIO_PLAN, servicePlanName: 'VISIO_CLIENT_SUBSCRIPTION' }] };
}

const NAMES: Record<string, string> = { alice: 'Alice Andersson', bob: 'Bob Berg', carol: 'Carol Carlsson', olduser: 'Old User' };

/** A Contoso user by first name (`alice` → alice@contoso.com, "Alice Andersson"), with any other properties. */
export function person(name: string, extra: Partial<SeedUser> = {}): SeedUser {
  return { userPrincipalName: `${name}@contoso.com`, displayName: NAMES[name] ?? name, ...extra };
}

/** Contoso as the Entra tests find it: licensed and unlicensed users, one in the recycle bin, a group, a role. */
export function entraTenant(): SeedTenant {
  return {
    tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS],
    skus: [e3(5), visio()],
    users: [
      person('alice', { jobTitle: 'Analyst', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }),
      person('bob'),
      person('carol', { usageLocation: 'SE' }),
      person('olduser'),
    ],
    deletedUsers: [{ id: DAVE_ID, userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Buyer' }],
    groups: [{ displayName: 'Finance', mailNickname: 'finance', members: ['bob@contoso.com', 'carol@contoso.com'] }],
    directoryRoleAssignments: [{ role: 'Helpdesk Administrator', principal: 'carol@contoso.com' }],
  };
}

export function entraSeed(): SeedDocument {
  return { tenants: [entraTenant()] };
}

/** The emulator tests' Contoso: few seats, a manager, a group that assigns a licence. */
export function smallSeed(): SeedDocument {
  return {
    tenants: [{
      tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS],
      skus: [e3(3), visio()],
      users: [
        person('alice', { jobTitle: 'Controller', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }),
        person('bob', { manager: 'alice@contoso.com' }),
        person('carol', { usageLocation: 'SE' }),
      ],
      groups: [{ displayName: 'Licensed', mailNickname: 'licensed', members: ['carol@contoso.com'], licenses: [{ sku: 'SPE_E3' }] }],
    }],
  };
}

/** Contoso for the group, membership and query routes: users in departments whose names share words. */
export function groupsTenant(extra: Partial<SeedTenant> = {}): SeedTenant {
  return {
    tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS],
    skus: [e3(10, [EXCHANGE_PLAN])],
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', department: 'Finance', jobTitle: 'Controller' },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', department: 'Sales' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol', department: 'Finance Ops' },
    ],
    ...extra,
  };
}

/** Contoso for the Exchange tests: three licensed users (so three mailboxes), one without a licence. */
export function mailSeed(extra: Partial<SeedTenant> = {}): SeedDocument {
  return {
    tenants: [{
      tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS], skus: [e3(10, [EXCHANGE_PLAN])],
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
