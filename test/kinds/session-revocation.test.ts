// The session-revocation kind against the emulator over HTTP: planned by the state Graph keeps
// (signInSessionsValidFromDateTime, microsoft-graph-docs-contrib api-reference/v1.0/api/user-revokesigninsessions.md),
// so revoking twice revokes once; a failed read is unknown, never "already revoked"; the plan's time decides.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { createReadSession } from '../../src/clients/session.js';
import type { LifecycleSpec, TenantConfig } from '../../src/config/model.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { FetchContext } from '../../src/kinds/contract.js';
import { sessionRevocationKind as kind } from '../../src/kinds/session-revocation/index.js';
import { readUsers } from '../../src/kinds/shared/users.js';
import type { Change } from '../../src/plan/types.js';
import { emulatorClock } from '../support/clock.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000c1';
const NOW = new Date('2026-12-01T10:00:00Z');
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function world(createdDateTime = '2024-01-15T08:00:00Z', accountEnabled = false) {
  emu = await startEmulator({
    throttling: false,
    seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', createdDateTime, accountEnabled },
    ] }] },
  });
  const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, clock: emulatorClock(emu) });
  return { emu, clients };
}

function config(lifecycle: Partial<LifecycleSpec>): TenantConfig {
  return {
    tenant: { name: 'contoso', tenantId: TENANT, domains: ['contoso.com'] },
    // Declared in another case than the directory's: the same user.
    users: [{ userPrincipalName: 'Alice@Contoso.com', lifecycle: { state: 'leaver', since: '2025-06-01', ...lifecycle } }],
  };
}

async function plan(w: Awaited<ReturnType<typeof world>>, tenant: TenantConfig, now = NOW) {
  const ctx: FetchContext = { tenant, clients: w.clients, prune: false, session: createReadSession() };
  const { live } = await kind.fetch(ctx, kind.select(tenant));
  return kind.diff(kind.select(tenant), live, { tenant, now, prune: false, complete: false, facts: {} });
}

describe('sessionRevocation', () => {
  it('revokes sessions valid from before the day the user left, once: the second plan finds them valid from after it', async () => {
    const w = await world();
    const first = await plan(w, config({}));
    expect(first.changes).toHaveLength(1);
    expect(first.changes[0]).toMatchObject({ address: 'revokeSessions:alice@contoso.com', reason: 'leaver_sessions', dependsOn: ['user:alice@contoso.com'] });
    const change: Change = { ...first.changes[0]!, id: 'contoso/1', dependsOn: [], liveFingerprint: null, destructive: false };
    const ids = { resolve: async (address: string) => Promise.reject(new Error(`apply resolved ${address}: the plan carries the id`)), record: () => undefined };
    await kind.apply(change, { tenant: config({}), clients: w.clients, ids, session: createReadSession(), secret: (name) => name });
    expect((await plan(w, config({}))).changes).toEqual([]);
  });

  it('plans nothing for sessions already valid from after that day, unless the account can sign in again', async () => {
    const w = await world('2025-07-01T00:00:00Z');
    expect((await plan(w, config({}))).changes).toEqual([]);
    await w.emu.close();
    const enabled = await world('2025-07-01T00:00:00Z', true);
    expect((await plan(enabled, config({}))).changes).toHaveLength(1);
  });

  it('refuses a leaving day still to come, and plans nothing for a leaver whose deletion is due', async () => {
    const w = await world();
    const future = await plan(w, config({ since: '2027-01-01' }));
    expect(future.changes).toEqual([]);
    expect(future.diagnostics?.[0]).toMatchObject({ severity: 'error', path: 'users[0].lifecycle.since' });
    expect((await plan(w, config({ deleteAfter: '2026-12-01' }))).changes).toEqual([]);
    expect((await plan(w, config({ deleteAfter: '2026-12-02' }))).changes).toHaveLength(1);
  });

  it('fails the read when the sessions cannot be read: unknown, never "nothing to revoke"', async () => {
    const w = await world();
    const tenant = config({});
    const session = createReadSession();
    await readUsers(w.clients.graph, session, tenant, false);
    await fetch(`${w.emu.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: '503:1', path: '/v1.0/$batch' }) });
    await expect(kind.fetch({ tenant, clients: w.clients, prune: false, session }, kind.select(tenant))).rejects.toThrow();
  });
});
