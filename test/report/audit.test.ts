// Audit facts over HTTP: an admin changes a user out of band through the emulator's portal endpoint, and the drift
// report learns who and when from /auditLogs/directoryAudits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_APP } from '../../src/clients/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { auditFacts } from '../../src/report/audit.js';
import { originOf } from '../../src/report/build.js';
import { change } from '../plan/builders.js';
import { clientsFor } from '../support/clients.js';

const TENANT = '3f2c9a7e-0003-4000-8000-000000000003';
const UPN = 'priya.sharma@contosodental.com';

describe('auditFacts', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 'emulator/demo-seed.yaml', throttling: false });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('names the admin who changed the object and when; unknown for objects without audit events', async () => {
    const graph = clientsFor(emulator, TENANT).graph;
    const user = await graph.get<{ id: string }>(`/users/${UPN}?$select=id`);
    const started = new Date().toISOString();
    const res = await fetch(`${emulator.url}/_emulator/tenants/${TENANT}/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: { userPrincipalName: 'admin@contosodental.onmicrosoft.com' }, requests: [{ method: 'PATCH', url: `/users/${UPN}`, body: { jobTitle: 'Portal edit' } }] }),
    });
    expect(res.status).toBe(200);
    const drifted = change('contoso-dental', 1, { address: `user:${UPN}`, action: 'update', before: { id: user.id } });
    const untouched = change('contoso-dental', 2, { address: 'user:nobody', action: 'update', before: { id: '00000000-0000-4000-8000-00000000beef' } });
    const facts = await auditFacts(graph, [drifted, untouched]);
    expect(facts[`user:${UPN}`]?.actor).toBe('admin@contosodental.onmicrosoft.com');
    expect(facts[`user:${UPN}`]?.activity).toBe('Update user');
    expect((facts[`user:${UPN}`]?.time ?? '') >= started.slice(0, 19)).toBe(true);
    expect(facts['user:nobody']).toBeUndefined();
  });

  it('tells tenantform\'s own last write (pending: the YAML moved on) from a change made out of band', async () => {
    const graph = clientsFor(emulator, TENANT).graph;
    const user = await graph.get<{ id: string }>(`/users/${UPN}?$select=id`);
    // The change tenantform's app makes; the drift after it comes from the YAML, not from the tenant.
    await graph.patch(`/users/${UPN}`, { jobTitle: 'Applied by tenantform' });
    const c = change('contoso-dental', 1, { address: `user:${UPN}`, action: 'update', before: { id: user.id } });
    const own = await auditFacts(graph, [c], [EMULATOR_APP.clientId]);
    expect(own[`user:${UPN}`]).toMatchObject({ byTenantform: true, actor: 'app tenantform' });
    expect(originOf(c, own[`user:${UPN}`])).toBe('pending');
    const other = await auditFacts(graph, [c], ['another-app-id']);
    expect(other[`user:${UPN}`]?.byTenantform).toBeUndefined();
    expect(originOf(c, other[`user:${UPN}`])).toBe('out_of_band');
    expect(originOf(change('contoso-dental', 2, { address: 'user:new@x', action: 'create', reason: 'missing' }), undefined)).toBe('pending');
    expect(originOf(change('contoso-dental', 3, { address: 'user:stray@x', action: 'delete', reason: 'pruned' }), undefined)).toBe('out_of_band');
    expect(originOf(change('contoso-dental', 4, { address: 'user:x@x', action: 'update' }), undefined)).toBeUndefined();
  });
});
