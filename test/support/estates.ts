// The partner's estates: Contoso beside other customers under the CSP partner, as the end-to-end, Azure, consent
// and GitOps tests see them. Ids and SKUs come from seed.ts; the folders that manage these tenants from folders.ts.
import type { SeedDocument } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import { allGrants } from '../../src/kinds/permissions.js';
import type { Folder } from './folders.js';
import { ADMIN, CONTOSO, CONTOSO_DOMAINS, e3, entraTenant, EXCHANGE_PLAN, FABRIKAM, NORTHWIND, PARTNER, SUB, visio } from './seed.js';

/** Contoso (with an admin, a Visio user and a subscription), Fabrikam (no customer of the partner) and Northwind. */
export function cliEstate(): SeedDocument {
  const contoso = entraTenant();
  contoso.skus = [e3(5), visio()];
  contoso.users = [
    { userPrincipalName: ADMIN, displayName: 'Contoso Admin' },
    ...(contoso.users ?? []).map((u) => (u.userPrincipalName === 'carol@contoso.com' ? { ...u, licenses: [{ sku: 'VISIOCLIENT' }] } : u)),
  ];
  contoso.subscriptions = [{ subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-finance'] }];
  return {
    tenants: [
      contoso,
      {
        tenantId: FABRIKAM, displayName: 'Fabrikam', domains: ['fabrikam.com'], skus: [e3(1)],
        users: [{ userPrincipalName: 'fay@fabrikam.com', displayName: 'Fay Fors', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }],
      },
      { tenantId: NORTHWIND, displayName: 'Northwind', domains: ['northwind.com'], skus: [e3(1)] },
    ],
    // Fabrikam is seeded but not a customer of the partner: its folder is flagged by the tenant links.
    partner: {
      tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      customers: [{ tenantId: CONTOSO, companyName: 'Contoso Ltd', domain: 'contoso.com' }, { tenantId: NORTHWIND, companyName: 'Northwind Traders', domain: 'northwind.com' }],
    },
  };
}

export const BREAKGLASS = 'breakglass@contoso.onmicrosoft.com';

/** The estate with security defaults on in Contoso and a breakglass account there. */
export function securitySeed(): SeedDocument {
  const s = cliEstate();
  const t = s.tenants[0]!;
  t.securityDefaults = true;
  t.users = [...(t.users ?? []), { userPrincipalName: BREAKGLASS, displayName: 'Breakglass' }];
  return s;
}

/** A service principal of Contoso that the Azure tests assign roles to. */
export const DEPLOY_APP = 'de910e00-0000-4000-8000-000000000002';

/** Contoso with a subscription (Bob reads rg-web) under a partner that sells it E3 and has a customer without a tenant. */
export function azureSeed(): SeedDocument {
  return {
    tenants: [{
      tenantId: CONTOSO, displayName: 'Contoso', domains: [...CONTOSO_DOMAINS],
      skus: [e3(10, [])],
      users: ['alice', 'bob', 'carol'].map((n) => ({ userPrincipalName: `${n}@contoso.com`, usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] })),
      groups: [{ displayName: 'Azure Admins', mailNickname: 'azure-admins', type: 'security' }],
      subscriptions: [{
        subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-finance', 'rg-web'],
        roleAssignments: [{ principal: 'bob@contoso.com', role: 'Reader', scope: '/resourceGroups/rg-web' }],
      }],
      servicePrincipals: [{ appId: DEPLOY_APP, displayName: 'Deployer' }],
    }],
    partner: {
      tenantId: PARTNER, displayName: 'Fabrikam CSP', domains: ['fabrikamcsp.onmicrosoft.com'], mpnId: '4711001',
      skus: [], groups: [{ displayName: 'Partner Helpdesk Agents', type: 'security' }, { displayName: 'Partner Admins', type: 'security' }],
      customers: [
        { tenantId: CONTOSO, companyName: 'Contoso Ltd', subscriptions: [
          { offerName: 'Microsoft 365 E3', offerId: 'CFQ7TTC0LFLZ:0001', skuPartNumber: 'SPE_E3', quantity: 10 },
        ] },
        { tenantId: '6b1a3c6e-0000-4000-8000-000000000099', companyName: 'Orphan Inc' },
      ],
      gdapRelationships: [],
    },
  };
}

/** The partner's multi-tenant app, and the refresh tokens of its Admin Agent and of a partner user who is none. */
export const APP = 'a0000000-0000-4000-8000-00000000000a';
export const APP_SECRET = 'partner-app-secret';
export const AGENT_RT = 'rt-agent-0000000000000000000000';
export const HELPER_RT = 'rt-helper-000000000000000000000';
/** A second customer, with no GDAP relationship. */
export const OTHER = '6b1a3c6e-0000-4000-8000-0000000000c2';
/** The first-party apps consent grants name: Microsoft Graph and Office 365 Exchange Online. */
export const GRAPH_APP = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP = '00000002-0000-0ff1-ce00-000000000000';

/** A partner with one customer, an Admin Agent who holds `roles` (Cloud Application Administrator) there through GDAP. */
export function consentSeed(o: { gdapStatus?: string; roles?: string[]; adminAgent?: boolean } = {}): SeedDocument {
  const roles = o.roles ?? ['Cloud Application Administrator'];
  const customer = (tenantId: string, name: string) => ({ tenantId, displayName: name, domains: [`${name.toLowerCase()}.onmicrosoft.com`], skus: [] });
  return {
    tenants: [customer(CONTOSO, 'Contoso'), customer(OTHER, 'Fabrikam')],
    partner: {
      tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      // The strict emulator answers Partner Center only for an app granted its API permission (user_impersonation).
      apps: [{ clientId: APP, displayName: 'tenantform', clientSecret: APP_SECRET, roles: ['user_impersonation'] }],
      users: [{ userPrincipalName: 'agent@partner.onmicrosoft.com' }, { userPrincipalName: 'helper@partner.onmicrosoft.com' }],
      groups: [
        { displayName: 'AdminAgents', members: o.adminAgent === false ? [] : ['agent@partner.onmicrosoft.com'] },
        { displayName: 'Consenters', members: ['agent@partner.onmicrosoft.com', 'helper@partner.onmicrosoft.com'] },
      ],
      gdapRelationships: [{
        displayName: 'contoso-onboarding', customerTenantId: CONTOSO, status: o.gdapStatus ?? 'active', roles,
        accessAssignments: [{ group: 'Consenters', roles }],
      }],
      refreshTokens: [
        { token: AGENT_RT, user: 'agent@partner.onmicrosoft.com', clientId: APP },
        { token: HELPER_RT, user: 'helper@partner.onmicrosoft.com', clientId: APP },
      ],
    },
  };
}

/** The consent partner with a customer that has a licence catalogue and users to manage. */
export function onboardingSeed(o: Parameters<typeof consentSeed>[0] = {}): SeedDocument {
  const s = consentSeed(o);
  const contoso = s.tenants[0]!;
  contoso.domains = [...CONTOSO_DOMAINS];
  contoso.skus = [e3(5, [EXCHANGE_PLAN])];
  contoso.users = [{ userPrincipalName: ADMIN, displayName: 'Contoso Admin' }];
  // The partner tenant grants the app what `tenantform permissions` lists there for every kind, and
  // Application.Read.All, which doctor's client secret check reads the app's registration with.
  const g = allGrants(kinds);
  s.partner!.apps![0]!.roles = [...g.partnerGraph, ...g.partnerCenter, 'Application.Read.All'];
  s.partner!.customers = [{ tenantId: CONTOSO, companyName: 'Contoso Ltd', domain: 'contoso.com' }];
  return s;
}

/** The GitOps estate: six customers with one user each; Partner Center lists five of them and one without a folder. */
export const ESTATE = ['alpine', 'birch', 'cedar', 'dune', 'elm', 'fjord'] as const;
export const idOf = (i: number): string => `6b1a3c6e-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`;
/** A customer of the partner with no folder: unlinked. */
export const ORPHAN = { tenantId: idOf(99), companyName: 'Orphan Oy', domain: 'orphan.com' };

export function estateSeed(): SeedDocument {
  return {
    tenants: ESTATE.map((name, i) => ({
      tenantId: idOf(i), displayName: name, domains: [`${name}.com`], skus: [],
      users: [{ userPrincipalName: `ann@${name}.com`, displayName: 'Ann', jobTitle: 'Clerk' }],
    })),
    partner: {
      tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      // fjord is left out: its folder names a tenant that is not a customer.
      customers: [...ESTATE.slice(0, 5).map((name, i) => ({ tenantId: idOf(i), companyName: name, domain: `${name}.com` })), ORPHAN],
    },
  };
}

/** Every folder declares Ann; birch and elm want another job title (drift). */
export function estateFolders(): Folder[] {
  return ESTATE.map((name, i) => ({
    name, tenantId: idOf(i), domains: [`${name}.com`],
    sections: { users: [{ userPrincipalName: `ann@${name}.com`, displayName: 'Ann', jobTitle: name === 'birch' || name === 'elm' ? 'Manager' : 'Clerk' }] },
  }));
}
