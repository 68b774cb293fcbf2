// Exchange Online admin endpoint (InvokeCommand) throttling. Microsoft publishes no limits for this REST endpoint
// (searched: Exchange Online limits, EWS throttling, Exchange Online PowerShell pages), so these cases pin the
// emulator's own conservative model, described in src/emulator/exchange/throttling.ts: per tenant at most 9
// requests in flight (the legacy PowerShellMaxTenantConcurrency value third-party write-ups report) and 100 cmdlets
// per 10 s. Every case cites that model (EX) as its source; time comes from the clock the test moves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXCHANGE_CMDLETS_PER_10S, EXCHANGE_MAX_IN_FLIGHT } from '../../../src/emulator/exchange/throttling.js';
import { SMALL, SMALL_2, harness, token, type Harness } from './kit.js';
import { request as call, type Res } from '../../support/http.js';

const SCOPE = 'https://outlook.office365.com/.default';
let h: Harness;
beforeEach(async () => void (h = await harness()));
afterEach(async () => h.emu.close());

async function cmdlet(harnessed: Harness, tenant: string, app = 'app-1', name = 'Get-Mailbox'): Promise<Res> {
  const t = await token(harnessed.emu.url, tenant, app, SCOPE);
  return call(harnessed.emu.url, t, 'POST', `/adminapi/beta/${tenant}/InvokeCommand`, { CmdletInput: { CmdletName: name, Parameters: {} } });
}

async function run(n: number, tenant = SMALL, app = 'app-1'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await cmdlet(h, tenant, app)).status);
  return out;
}

describe('Exchange admin API: cmdlet rate per tenant', () => {
  // EX: 100 cmdlets per 10 s per tenant; the 101st is refused with 429 and Retry-After.
  it('admits 100 cmdlets, then refuses with 429 and Retry-After', async () => {
    expect(EXCHANGE_CMDLETS_PER_10S).toBe(100);
    const statuses = await run(101);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses[100]).toBe(429);
    const r = await cmdlet(h, SMALL);
    expect(r.headers.get('retry-after')).toBe('1');
    expect((r.body.error as { code: string }).code).toBe('TooManyRequests');
  });

  // EX: the bucket refills continuously, 10 cmdlets per second.
  it('admits 10 more cmdlets a second later', async () => {
    await run(100);
    h.advance(1000);
    const statuses = await run(11);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses[10]).toBe(429);
  });

  // EX: the rate is per tenant, shared by every application signed in to it.
  it('shares the rate between applications of one tenant', async () => {
    await run(100, SMALL, 'app-1');
    expect((await cmdlet(h, SMALL, 'app-2')).status).toBe(429);
  });

  // EX: tenants do not share budgets.
  it('keeps tenants apart', async () => {
    await run(100, SMALL);
    expect((await cmdlet(h, SMALL_2)).status).toBe(200);
  });

  // EX: writes (Set-Mailbox) count like reads.
  it('charges state-changing cmdlets against the same rate', async () => {
    await run(100);
    const t = await token(h.emu.url, SMALL, 'app-1', SCOPE);
    const r = await call(h.emu.url, t, 'POST', `/adminapi/beta/${SMALL}/InvokeCommand`, {
      CmdletInput: { CmdletName: 'Set-Mailbox', Parameters: { Identity: 'shared@small.onmicrosoft.com', HiddenFromAddressListsEnabled: true } },
    });
    expect(r.status).toBe(429);
  });
});

describe('Exchange admin API: concurrency per tenant', () => {
  // EX: at most 9 requests of a tenant in flight; the others are refused at once with 429. Each request is held
  // for 1.5 s of latency, far longer than sending 12 takes, so all 12 overlap on any machine.
  it('refuses requests beyond 9 in flight for one tenant, and not for another tenant', async () => {
    const slow = await harness({ latencyMs: 1500 });
    try {
      const burst = await Promise.all([
        ...Array.from({ length: 12 }, () => cmdlet(slow, SMALL)),
        cmdlet(slow, SMALL_2),
      ]);
      const small = burst.slice(0, 12).map((r) => r.status);
      expect(small.filter((s) => s === 200)).toHaveLength(EXCHANGE_MAX_IN_FLIGHT);
      expect(small.filter((s) => s === 429)).toHaveLength(12 - EXCHANGE_MAX_IN_FLIGHT);
      expect(burst[12]?.status).toBe(200);
      expect((await cmdlet(slow, SMALL)).status).toBe(200);
    } finally {
      await slow.emu.close();
    }
  });
});

describe('Exchange admin API: throttling off', () => {
  // The emulator's --no-throttling switch (README "The emulator") lifts the model entirely.
  it('admits every cmdlet with throttling off', async () => {
    const off = await harness({ throttling: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) statuses.push((await cmdlet(off, SMALL)).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await off.emu.close();
    }
  });
});
