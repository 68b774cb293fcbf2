// The emulator (all its services: Graph, ARM, Partner Center, Exchange) and the clients a kind sees (the real Graph
// and REST clients of src/clients), for azure tests. The test app holds every grant (Owner on the subscription).
import { EmulatorServer } from '../../src/emulator/server.js';
import { identityModule } from '../../src/emulator/tokens.js';
import { graphService } from '../../src/emulator/graph/service.js';
import { exchangeModule } from '../../src/emulator/exchange/service.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { loadSeed, type SeedDocument } from '../../src/emulator/seed.js';
import { armService } from '../../src/emulator/arm/service.js';
import { partnerCenterService } from '../../src/emulator/partner-center/service.js';
import { createGraphClient } from '../../src/clients/graph.js';
import { createRequestCounter } from '../../src/clients/counter.js';
import type { Clients, GraphApi } from '../../src/clients/types.js';
import { createRestClient } from '../../src/clients/rest.js';
import { emulatorToken, type Audience } from './rest.js';
import { omnipotentApp, TEST_APP, TEST_SECRET, withTenantform } from '../support/world.js';

export const PARTNER = '11111111-0000-4000-8000-000000000001';
export const CONTOSO = '6b1a3c6e-0000-4000-8000-000000000001';
export const SUB = '2c6f7a1e-0000-4000-8000-00000000a001';
export const TEST_CLIENT = TEST_APP;
export const TEST_CLIENT_SECRET = TEST_SECRET;
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
  const state = stateFromSeed(withApp(withTenantform(loadSeed(doc)), omnipotentApp(TEST_CLIENT, TEST_CLIENT_SECRET)), new ManualClock());
  const modules = [identityModule, graphService(), exchangeModule(), armService({ pageSize: o.pageSize }), partnerCenterService({ pageSize: o.pageSize })];
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
