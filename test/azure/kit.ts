// The emulator with the ARM, Partner Center and GDAP routes, and the clients a kind sees (the real Graph and REST
// clients of src/clients), for azure tests. Until the
// Graph service module (emulator branch) is on this branch, a small Graph fixture serves the directory reads the
// kinds make (organization, users, groups, service principals) beside the real GDAP routes.
import { EmulatorServer } from '../../src/emulator/server.js';
import { identityModule } from '../../src/emulator/tokens.js';
import { ApiError, json, type Ctx, type Route, type ServiceModule } from '../../src/emulator/router.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { loadSeed, type SeedDocument } from '../../src/emulator/seed.js';
import { armService } from '../../src/emulator/arm/service.js';
import { stableGuid } from '../../src/emulator/arm/model.js';
import { partnerCenterService } from '../../src/emulator/partner-center/service.js';
import { gdapRoutes } from '../../src/emulator/graph/gdap.js';
import { createGraphClient } from '../../src/clients/graph.js';
import { createRequestCounter } from '../../src/clients/counter.js';
import type { Clients, GraphApi } from '../../src/clients/types.js';
import { createRestClient } from '../../src/clients/rest.js';
import { emulatorToken, type Audience } from './rest.js';

export const PARTNER = '11111111-0000-4000-8000-000000000001';
export const CONTOSO = '6b1a3c6e-0000-4000-8000-000000000001';
export const SUB = '2c6f7a1e-0000-4000-8000-00000000a001';
export const TEST_CLIENT = '7e57c11e-0000-4000-8000-000000000001';
export const DEPLOY_APP = 'de910e00-0000-4000-8000-000000000002';
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';

export function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: CONTOSO, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [{ skuId: E3, skuPartNumber: 'SPE_E3', seats: 10, servicePlans: [] }],
      users: [
        { userPrincipalName: 'alice@contoso.com', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'carol@contoso.com', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
      ],
      groups: [{ displayName: 'Azure Admins', mailNickname: 'azure-admins', type: 'security' }],
      subscriptions: [{
        subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-finance', 'rg-web'],
        roleAssignments: [{ principal: 'bob@contoso.com', role: 'Reader', scope: '/resourceGroups/rg-web' }],
      }],
      apps: [{ clientId: TEST_CLIENT }, { clientId: DEPLOY_APP, displayName: 'Deployer' }],
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

function graphError(ctx: Ctx, err: ApiError) {
  return json(err.status, { error: { code: err.code, message: err.message, innerError: { date: new Date().toISOString(), 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId } } });
}

const eqFilter = (ctx: Ctx, prop: string): string | undefined =>
  new RegExp(`^${prop} eq '(.*)'$`).exec(ctx.query.get('$filter') ?? '')?.[1]?.replace(/''/g, "'").toLowerCase();

const directoryFixture: Route[] = [
  { method: 'GET', pattern: '/v1.0/organization', handler: (ctx) => json(200, { value: [{ id: ctx.tenant?.tenantId, verifiedDomains: [] }] }) },
  { method: 'GET', pattern: '/v1.0/users/:upn', handler: (ctx) => {
    const id = ctx.tenant?.upnIndex.get((ctx.params.upn ?? '').toLowerCase());
    if (!id) throw new ApiError(404, 'Request_ResourceNotFound', `Resource '${ctx.params.upn ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
    return json(200, { id });
  } },
  { method: 'GET', pattern: '/v1.0/groups', handler: (ctx) => {
    const nick = eqFilter(ctx, 'mailNickname');
    const name = eqFilter(ctx, 'displayName');
    const groups = [...(ctx.tenant?.groups.values() ?? [])].filter((g) =>
      (nick === undefined || String(g.props.mailNickname).toLowerCase() === nick) && (name === undefined || String(g.props.displayName).toLowerCase() === name));
    return json(200, { value: groups.map((g) => ({ id: g.id, displayName: g.props.displayName })) });
  } },
  { method: 'GET', pattern: '/v1.0/servicePrincipals', handler: (ctx) => {
    const appId = eqFilter(ctx, 'appId');
    const apps = (ctx.tenant?.apps ?? []).filter((a) => a.clientId.toLowerCase() === appId);
    return json(200, { value: apps.map((a) => ({ id: stableGuid(`sp|${a.clientId}`), appId: a.clientId })) });
  } },
];

export const graphFixture: ServiceModule = {
  name: 'graph', audience: 'https://graph.microsoft.com', faults: true, matches: (p) => p.startsWith('/v1.0/'),
  errorReply: graphError, routes: [...directoryFixture, ...gdapRoutes],
};

export interface AzureWorld {
  server: EmulatorServer;
  url: string;
  clients: (tenantId?: string) => Clients;
  close(): Promise<void>;
}

export function graphFor(url: string, tenantId: string): GraphApi {
  return createGraphClient({
    tenantId, baseUrl: url, counter: createRequestCounter(), sleep: async () => {},
    tokenProvider: { getToken: () => emulatorToken(url, tenantId, 'https://graph.microsoft.com') },
  });
}

export async function startWorld(doc: SeedDocument = seed(), o: { pageSize?: number; replicationDelayMs?: number } = {}): Promise<AzureWorld> {
  // Time stands still unless a test advances it, so a principal created "now" stays inside the replication window.
  const state = stateFromSeed(loadSeed(doc), new ManualClock());
  const modules = [identityModule, graphFixture, armService({ pageSize: o.pageSize }), partnerCenterService({ pageSize: o.pageSize })];
  const server = new EmulatorServer(state, modules, { port: 0, latencyMs: 0, throttling: false, replicationDelayMs: o.replicationDelayMs ?? 0 });
  const url = await server.listen();
  const partnerGraph = graphFor(url, PARTNER);
  const rest = (service: 'arm' | 'partnerCenter', tenantId: string, audience: Audience) => createRestClient({
    service, baseUrl: url, tenantId, sleep: async () => {}, tokenProvider: { getToken: () => emulatorToken(url, tenantId, audience) },
  });
  const partnerCenter = rest('partnerCenter', PARTNER, 'https://api.partnercenter.microsoft.com');
  return {
    server, url,
    clients: (tenantId = CONTOSO) => ({
      graph: graphFor(url, tenantId), counter: createRequestCounter(), arm: rest('arm', tenantId, 'https://management.azure.com'), partnerCenter, partnerGraph,
    }),
    close: () => server.close(),
  };
}
