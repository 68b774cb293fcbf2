// Read-after-create against the emulator's eventual consistency (on by default, as in Entra: Microsoft's
// "404 error when managing objects using Microsoft Graph",
// https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/404-not-found-error-manage-objects-microsoft-graph,
// source MicrosoftDocs/SupportArticles-docs support/entra/entra-id/app-integration/404-not-found-error-manage-objects-
// microsoft-graph.md, says a just-created object can answer 404 for a while, up to several minutes). The emulator's
// clock stands still but for the clients' waits, so each verdict is the same on any machine.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { awaitReadable, READBACK_SCHEDULE } from '../../src/clients/poll.js';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { DEFAULT_REPLICATION_DELAY_MS, replicationDelayOf } from '../../src/emulator/replication.js';
import { emulatorClock } from '../support/clock.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000a1';
const seed = { tenants: [{ tenantId: TENANT, displayName: 'Fabrikam', domains: ['fabrikam.com'], skus: [] }] };

let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function world(o: { replicationDelayMs?: number; replicationSeed?: number } = {}) {
  emu = await startEmulator({ seed, throttling: false, clock: new ManualClock(), ...o });
  const waits: number[] = [];
  const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, clock: emulatorClock(emu, waits) });
  const create = (nick: string) =>
    clients.graph.post<{ id: string }>('/groups', { displayName: nick, mailNickname: nick, mailEnabled: false, securityEnabled: true, groupTypes: [] });
  return { clients, waits, create };
}

describe('read-after-create under eventual consistency', () => {
  it('is on by default: a new group answers 404 until its own delay has passed, then reads back', async () => {
    const w = await world();
    const { id } = await w.create('finance');
    const delay = replicationDelayOf({ replicationDelayMs: DEFAULT_REPLICATION_DELAY_MS }, id);
    expect(delay).toBeGreaterThanOrEqual(DEFAULT_REPLICATION_DELAY_MS / 4);
    await expect(w.clients.graph.get(`/groups/${id}`)).rejects.toMatchObject({ status: 404 });
    expect((await w.clients.graph.list<{ id: string }>("/groups?$filter=mailNickname eq 'finance'")).map((g) => g.id)).toEqual([]);
    expect(await awaitReadable(w.clients.graph, `/groups/${id}?$select=id`, w.clients.clock)).toBe(true);
    // It waited on the emulator's clock, by the schedule, just past the object's own delay.
    const waited = w.waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(delay);
    expect(waited - (w.waits.at(-1) ?? 0)).toBeLessThan(delay);
    expect(w.waits).toEqual(READBACK_SCHEDULE.slice(0, w.waits.length));
    expect((await w.clients.graph.list<{ id: string }>("/groups?$filter=mailNickname eq 'finance'")).map((g) => g.id)).toEqual([id]);
  });

  it('each object has its own delay from the seed; the same seed gives the same delays', () => {
    const ids = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
    const r = { replicationDelayMs: 4000, replicationSeed: 7 };
    const delays = ids.map((id) => replicationDelayOf(r, id));
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(delays.every((d) => d >= 1000 && d <= 4000)).toBe(true);
    expect(ids.map((id) => replicationDelayOf({ ...r }, id))).toEqual(delays);
    expect(ids.map((id) => replicationDelayOf({ replicationDelayMs: 0 }, id))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('gives up after the schedule when replication takes longer, reporting "not yet" rather than failing', async () => {
    const w = await world({ replicationDelayMs: 600_000 });
    const { id } = await w.create('slow');
    expect(await awaitReadable(w.clients.graph, `/groups/${id}?$select=id`, w.clients.clock)).toBe(false);
    expect(w.waits).toEqual([...READBACK_SCHEDULE]);
  });

  it('a read that fails otherwise is an error, not "not yet"', async () => {
    const w = await world();
    // `$top` above 999 is a 400 Request_UnsupportedQuery: the poll ends with it at once.
    await expect(awaitReadable(w.clients.graph, '/groups?$top=1000', w.clients.clock)).rejects.toMatchObject({ status: 400 });
    expect(w.waits).toEqual([]);
  });

  it('replicationDelayMs 0 switches it off: what a test that needs instant consistency says explicitly', async () => {
    const w = await world({ replicationDelayMs: 0 });
    const { id } = await w.create('instant');
    expect(await w.clients.graph.get<{ id: string }>(`/groups/${id}?$select=id`)).toMatchObject({ id });
    expect(w.waits).toEqual([]);
  });
});
