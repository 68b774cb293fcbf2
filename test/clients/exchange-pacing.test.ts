// Adaptive pacing of Exchange's admin API against the emulator's throttling model. Microsoft publishes no rate for
// InvokeCommand (Exchange throttles by budgets that recharge over time:
// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange; the REST
// cmdlets of the V3 module retry "transient failures" themselves:
// https://learn.microsoft.com/powershell/exchange/exchange-online-powershell-v2, "REST API connections"), so the
// client finds the rate from the service's 429s and honours each Retry-After exactly. The emulator's model (100
// cmdlets per 10 s per tenant, src/emulator/exchange/throttling.ts) is not known to the client; the verdicts are the
// model's floor: all cmdlets answered, few refused, and the time taken close to what the budget allows. Time is the
// emulator's clock, moved only by the clients' waits, so every verdict is the same on any machine.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, createRequestCounter } from '../../src/clients/index.js';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { EXCHANGE_CMDLETS_PER_10S } from '../../src/emulator/exchange/throttling.js';
import { emulatorClock } from '../support/clock.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000a8';
const seed = {
  tenants: [{
    tenantId: TENANT, displayName: 'Paced', domains: ['paced.onmicrosoft.com'], skus: [],
    mailboxes: [{ address: 'shared@paced.onmicrosoft.com', type: 'shared' as const }],
  }],
};

let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function world() {
  emu = await startEmulator({ seed, throttling: true, clock: new ManualClock() });
  const counter = createRequestCounter();
  const lines: string[] = [];
  const clock = emulatorClock(emu);
  const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, counter, clock, debug: (l) => lines.push(l) });
  const started = clock.now();
  const refused = () => lines.filter((l) => l.startsWith('[exchange]') && / 429 /.test(l)).length;
  return { clients, counter, refused, elapsedMs: () => clock.now() - started };
}

const read = (w: Awaited<ReturnType<typeof world>>, n: number) =>
  Promise.all(Array.from({ length: n }, () => w.clients.exchange.invoke('Get-Mailbox', { Identity: 'shared@paced.onmicrosoft.com' })));

describe('Exchange pacing without a published limit', () => {
  it('reads 1,000 cmdlets with few 429s, in close to the time the tenant\'s budget allows', async () => {
    const w = await world();
    const rows = await read(w, 1000);
    expect(rows.every((r) => r.length === 1)).toBe(true);
    // The burst of 100 is spent at once, then 10 a second: 90 s is the floor on the emulator's clock.
    const floorMs = ((1000 - EXCHANGE_CMDLETS_PER_10S) / EXCHANGE_CMDLETS_PER_10S) * 10_000;
    expect(w.elapsedMs()).toBeGreaterThanOrEqual(floorMs);
    expect(w.elapsedMs()).toBeLessThanOrEqual(1.25 * floorMs);
    // Slow start finds the budget with a handful of refusals; afterwards about one per cycle of the rate.
    expect(w.refused()).toBeLessThanOrEqual(30);
    expect(w.counter.count('exchange')).toBe(1000 + w.refused());
  }, 60_000);

  it('converges: once the rate is found, a long read meets about one 429 per cycle of the rate, not one per burst', async () => {
    const w = await world();
    await read(w, 300);
    const found = w.refused();
    await read(w, 1200);
    expect(w.refused() - found).toBeLessThanOrEqual(12);
  }, 60_000);
});
