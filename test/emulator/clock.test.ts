// The emulator's one clock: token lifetimes, replication delay, timestamps and GDAP expiry follow it, so these
// tests move time forward (in process, or over HTTP with POST /_emulator/clock) and never wait for it.
import { afterEach, describe, expect, it } from 'vitest';
import { Clock, ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { loadSeed } from '../../src/emulator/seed.js';
import { relationships } from '../../src/emulator/graph/gdap-model.js';
import { replicationDelayOf } from '../../src/emulator/replication.js';
import { errorOf, graph, token } from '../support/http.js';
import { CONTOSO, smallSeed } from '../support/seed.js';
import { startSmall } from '../support/world.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const newUser = (nick: string) => ({
  accountEnabled: true, displayName: nick, mailNickname: nick, userPrincipalName: `${nick}@contoso.com`,
  passwordProfile: { password: 'Secret-123!' },
});

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const moveOverHttp = async (body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${emu!.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('Clock', () => {
  it('stands still as a ManualClock until advanced, and refuses to go back', () => {
    const clock = new ManualClock(T0);
    expect(clock.now()).toBe(T0);
    clock.advance(1500);
    expect([clock.now(), clock.iso()]).toEqual([T0 + 1500, '2026-03-02T08:00:01.500Z']);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    const fromSource = new Clock(() => 42);
    fromSource.advance(8);
    expect(fromSource.now()).toBe(50);
  });
});

describe('token lifetime', () => {
  it('expires a token issued at t at t + 3599 s, with the service’s 401', async () => {
    const clock = new ManualClock(T0);
    emu = await startSmall({ clock });
    const bearer = await token(emu.url);
    const claims = JSON.parse(Buffer.from(bearer.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect([claims.iat, claims.exp]).toEqual([T0 / 1000, T0 / 1000 + 3599]);
    const call = graph(emu.url, bearer);
    clock.advance(3_599_000);
    expect((await call('GET', '/users')).status).toBe(200);
    clock.advance(1);
    const late = await call('GET', '/users');
    expect(late.status).toBe(401);
    expect(errorOf(late)).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' });
  });
});

describe('replication delay', () => {
  it('hides a new user until the clock passes the delay, moved over HTTP', async () => {
    emu = await startSmall({ replicationDelayMs: 30_000, clock: new ManualClock(T0) });
    const call = graph(emu.url, await token(emu.url));
    const created = await call('POST', '/users', newUser('fresh'));
    expect(created.status).toBe(201);
    // This object's own delay: between a quarter of the maximum and all of it, from the seed.
    const delay = replicationDelayOf({ replicationDelayMs: 30_000 }, String(created.body.id));
    expect(delay).toBeGreaterThanOrEqual(7_500);
    expect((await moveOverHttp({ advanceMs: delay - 1 })).status).toBe(200);
    expect((await call('GET', '/users/fresh@contoso.com')).status).toBe(404);
    await moveOverHttp({ advanceMs: 1 });
    expect((await call('GET', '/users/fresh@contoso.com')).status).toBe(200);
  });

  it('answers where the clock stands, and refuses a negative or non-numeric advance', async () => {
    emu = await startSmall({ clock: new ManualClock(T0) });
    expect(await moveOverHttp({ advanceMs: 60_000 })).toEqual({ status: 200, body: { now: '2026-03-02T08:01:00.000Z', nowMs: T0 + 60_000 } });
    expect((await moveOverHttp({ advanceMs: -1 })).status).toBe(400);
    expect((await moveOverHttp({ advanceMs: '5' })).status).toBe(400);
    expect(emu.state.clock.now()).toBe(T0 + 60_000);
  });
});

describe('timestamps', () => {
  it('stamps creation, deletion and the audit log with the clock’s time', async () => {
    const clock = new ManualClock(T0);
    emu = await startSmall({ clock });
    const call = graph(emu.url, await token(emu.url));
    const created = await call('POST', '/users', newUser('stamped'));
    expect((await call('GET', '/users/stamped@contoso.com?$select=createdDateTime')).body.createdDateTime).toBe('2026-03-02T08:00:00.000Z');
    clock.advance(90_000);
    await call('DELETE', `/users/${String(created.body.id)}`);
    const deleted = await call('GET', `/directory/deletedItems/${String(created.body.id)}`);
    expect(deleted.body.deletedDateTime).toBe('2026-03-02T08:01:30.000Z');
    const audits = (await call('GET', '/auditLogs/directoryAudits')).body.value as { activityDisplayName: string; activityDateTime: string }[];
    expect(audits.find((a) => a.activityDisplayName === 'Add user')?.activityDateTime).toBe('2026-03-02T08:00:00.000Z');
    expect(audits.find((a) => a.activityDisplayName === 'Delete user')?.activityDateTime).toBe('2026-03-02T08:01:30.000Z');
  });

  it('still takes a bare function of milliseconds, as the throttle’s clock option did', async () => {
    emu = await startSmall({ clock: () => T0 });
    const call = graph(emu.url, await token(emu.url));
    await call('POST', '/users', newUser('legacy'));
    expect((await call('GET', '/users/legacy@contoso.com?$select=createdDateTime')).body.createdDateTime).toBe('2026-03-02T08:00:00.000Z');
  });
});

describe('GDAP expiry', () => {
  it('expires an active relationship once the clock reaches its endDateTime', () => {
    const clock = new ManualClock(T0);
    const seed = smallSeed();
    seed.partner = {
      tenantId: '6b1a3c6e-0000-4000-8000-0000000000ff', displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      customers: [{ tenantId: CONTOSO }],
      gdapRelationships: [{ displayName: 'contoso-helpdesk', customerTenantId: CONTOSO, roles: [HELPDESK], endDateTime: '2026-03-03T08:00:00Z' }],
    };
    const state = stateFromSeed(loadSeed(seed), clock);
    expect(relationships(state)[0]?.status).toBe('active');
    clock.advance(86_400_000 - 1);
    expect(relationships(state)[0]?.status).toBe('active');
    clock.advance(1);
    expect(relationships(state)[0]?.status).toBe('expired');
  });
});
