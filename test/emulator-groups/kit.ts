// Test kit for the group, membership, delta, $batch and role routes: the emulator (default modules) seeded and
// listening on 127.0.0.1, a token, small fetch helpers, plus tenantform's Graph client (on @microsoft/microsoft-graph-client) pointed at the same origin.
import { createGraphClient } from '../../src/clients/graph.js';
import { createRequestCounter } from '../../src/clients/counter.js';
import type { GraphApi } from '../../src/clients/types.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument, SeedTenant } from '../../src/emulator/seed.js';
import { appToken, TEST_APP, withWorldApps } from '../support/world.js';

export const TENANT = '6b1a3c6e-0000-4000-8000-000000000001';
export const E3 = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
export const EXO = '9aaf7827-d63c-4b61-89c3-182f06f82e5c';

export function baseTenant(extra: Partial<SeedTenant> = {}): SeedTenant {
  return {
    tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
    skus: [{ skuId: E3, skuPartNumber: 'SPE_E3', seats: 10, servicePlans: [{ servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE' }] }],
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', department: 'Finance', jobTitle: 'Controller' },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', department: 'Sales' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol', department: 'Finance Ops' },
    ],
    ...extra,
  };
}

export interface Res { status: number; body: Record<string, unknown>; headers: Headers }

export class Harness {
  token = '';
  clientId = TEST_APP;
  constructor(readonly emu: RunningEmulator, readonly url: string) {}

  static async start(seed: SeedDocument = { tenants: [baseTenant()] }, opts: { throttling?: boolean; replicationDelayMs?: number } = {}): Promise<Harness> {
    const emu = await startEmulator({ seed: withWorldApps(seed), throttling: opts.throttling ?? false, replicationDelayMs: opts.replicationDelayMs ?? 0 });
    const h = new Harness(emu, emu.url);
    h.token = await appToken(h.url, TENANT, h.clientId);
    return h;
  }

  get tenant() {
    const t = this.emu.state.tenants.get(TENANT);
    if (!t) throw new Error('no tenant');
    return t;
  }

  userId(upn: string): string {
    const id = this.tenant.upnIndex.get(upn);
    if (!id) throw new Error(`no user ${upn}`);
    return id;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const url = path.startsWith('http') ? path : `${this.url}/v1.0${path}`;
    const res = await fetch(url, {
      method, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }

  /** tenantform's Graph client (on @microsoft/microsoft-graph-client), retries shrunk to stay fast. */
  client(): GraphApi {
    return createGraphClient({
      tenantId: TENANT, baseUrl: this.url, counter: createRequestCounter(), sleep: async () => undefined,
      tokenProvider: { getToken: async () => this.token },
    });
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

export function errorOf(res: Res): { code: string; message: string } {
  return (res.body as { error: { code: string; message: string } }).error;
}

export const ref = (id: string): string => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;
