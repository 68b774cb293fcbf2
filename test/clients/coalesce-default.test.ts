// createClients coalesces concurrent Graph writes into `$batch` calls by default, against the emulator over HTTP.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClients, createRequestCounter } from '../../src/clients/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { withTenantform } from '../support/access.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000c0a1e';
let emu: RunningEmulator;

beforeAll(async () => {
  const users = Array.from({ length: 40 }, (_, i) => ({ userPrincipalName: `u${i}@contoso.com`, displayName: `U ${i}` }));
  emu = await startEmulator({ seed: withTenantform({ tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], users }] }) });
});
afterAll(() => emu.close());

it('sends 40 concurrent PATCHes as two $batch calls, each write still answered on its own', async () => {
  const counter = createRequestCounter();
  const { graph } = createClients({ tenantId: TENANT, emulatorUrl: emu.url, counter });
  await graph.list('/organization');
  const before = counter.count('graph');
  await Promise.all(Array.from({ length: 40 }, (_, i) => graph.patch(`/users/u${i}@contoso.com`, { jobTitle: `Title ${i}` })));
  expect(counter.count('graph') - before).toBe(2);
  const u7 = await graph.get<{ jobTitle: string }>('/users/u7@contoso.com?$select=jobTitle');
  expect(u7.jobTitle).toBe('Title 7');
  await expect(graph.patch('/users/nobody@contoso.com', { jobTitle: 'x' })).rejects.toMatchObject({ status: 404 });
});
