// Tokens lapse on the run's clock. The emulator issues access tokens for 3,599 s (as Entra's client-credentials
// answer does: `expires_in`, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
// "Successful response") and refuses one past its `exp` with 401 InvalidAuthenticationToken. A run in simulated time
// (the bench's Exchange scenario, tests that move the emulator's clock) outlives that hour in seconds of real time;
// MSAL's cache judges expiry by the machine's clock and would hand the lapsed token out again, so the clients decide
// on the clock they were given and sign in again past MSAL's cache.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, createRequestCounter } from '../../src/clients/index.js';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { TOKEN_LIFETIME_S } from '../../src/emulator/tokens.js';
import { emulatorClock } from '../support/clock.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000a7';
const seed = { tenants: [{ tenantId: TENANT, displayName: 'Tokens', domains: ['tokens.onmicrosoft.com'], skus: [] }] };

let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

async function world() {
  emu = await startEmulator({ seed, throttling: false, clock: new ManualClock() });
  const counter = createRequestCounter();
  const clock = emulatorClock(emu);
  const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, counter, clock });
  return { clients, counter, clock };
}

describe('token lifetime on the run\'s clock', () => {
  it('keeps one token while it is valid on the clock, and signs in again once it has lapsed there', async () => {
    const w = await world();
    await w.clients.graph.get('/organization');
    await w.clock.sleep(30 * 60_000);
    await w.clients.graph.get('/organization');
    expect(w.counter.count('login')).toBe(1);
    // Past the token's hour on the emulator's clock, though only milliseconds passed on the machine's.
    await w.clock.sleep(TOKEN_LIFETIME_S * 1000);
    await expect(w.clients.graph.get('/organization')).resolves.toBeDefined();
    expect(w.counter.count('login')).toBe(2);
    expect(w.counter.count('graph')).toBe(3);
  });

  it('refreshes a little before the lapse, so no request leaves with a token about to expire', async () => {
    const w = await world();
    await w.clients.graph.get('/organization');
    // 56 minutes in: still valid for the service, but inside the five-minute margin.
    await w.clock.sleep(56 * 60_000);
    await w.clients.graph.get('/organization');
    expect(w.counter.count('login')).toBe(2);
  });

  it('signs in once for calls that start together after the lapse', async () => {
    const w = await world();
    await w.clients.graph.get('/organization');
    await w.clock.sleep(TOKEN_LIFETIME_S * 1000);
    await Promise.all(Array.from({ length: 6 }, () => w.clients.graph.get('/organization')));
    expect(w.counter.count('login')).toBe(2);
    expect(w.counter.count('graph')).toBe(7);
  });
});
