// Scoped reads over HTTP: a few declared users in a large tenant cost batched GETs, many cost pages of 999, and the
// answer is the same either way (present ones found, absent ones absent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestCounter } from '../../src/clients/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { TenantConfig } from '../../src/config/model.js';
import { createReadSession } from '../../src/clients/session.js';
import { readUsers } from '../../src/kinds/shared/users.js';
import { withTenantform } from '../support/access.js';
import { clientsFor } from '../support/clients.js';

const TENANT = '6b1a3c6e-0000-4000-8000-00000000c0de';
const USERS = 2500;
const upn = (i: number): string => `p${i}@scoped.example`;

describe('readScoped', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({
      throttling: false,
      seed: withTenantform({ tenants: [{ tenantId: TENANT, displayName: 'Scoped', domains: ['scoped.example'], skus: [], users: Array.from({ length: USERS }, (_, i) => ({ userPrincipalName: upn(i) })) }] }),
    });
  });
  afterAll(async () => emu.close());

  async function read(declared: string[]): Promise<{ found: string[]; requests: number }> {
    const counter = createRequestCounter();
    const clients = clientsFor(emu, TENANT, { counter });
    const tenant: TenantConfig = { tenant: { name: 'scoped', tenantId: TENANT, domains: ['scoped.example'] }, users: declared.map((userPrincipalName) => ({ userPrincipalName })) };
    const users = await readUsers(clients.graph, createReadSession(), tenant, false);
    return { found: users.map((u) => u.userPrincipalName).sort(), requests: counter.count('graph') };
  }

  it('reads a few users by batched GETs, absent ones absent', async () => {
    const declared = [upn(3), upn(2400), 'ghost@scoped.example'];
    expect(await read(declared)).toEqual({ found: [upn(2400), upn(3)], requests: 1 });
  });

  it('reads most of a tenant in pages of 999 instead of 100 batches', async () => {
    const declared = [...Array.from({ length: 2000 }, (_, i) => upn(i)), 'ghost@scoped.example'];
    const r = await read(declared);
    expect(r.found).toHaveLength(2000);
    expect(r.requests).toBe(3);
  });

  it('abandons the list for batched GETs once paging costs as much as batching the rest', async () => {
    const declared = Array.from({ length: 45 }, (_, i) => upn(i * 55));
    const r = await read(declared);
    expect(r.found).toHaveLength(45);
    expect(r.requests).toBeLessThanOrEqual(2 * Math.ceil(45 / 20));
  });
});
