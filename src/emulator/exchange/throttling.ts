// Limits of the Exchange Online admin endpoint (InvokeCommand). Microsoft publishes no throttling figures for this
// REST endpoint, so these are a conservative model, not Microsoft's numbers:
// - per tenant (all apps): at most 9 requests in flight, the PowerShellMaxTenantConcurrency of Exchange Online's
//   legacy default throttling policy (as third-party write-ups of that policy report it);
// - per tenant (all apps): 100 cmdlets per 10 s, refilled continuously.
// A refusal is 429 with Retry-After in the endpoint's own error body; nothing reports resource units.
import type { Limit, Metered } from '../throttle.js';

export const EXCHANGE_MAX_IN_FLIGHT = 9;
export const EXCHANGE_CMDLETS_PER_10S = 100;

const PATH = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/i;

/** The in-flight bound of the tenant named in the path; other paths are not bounded. */
export function exchangeConcurrency(path: string): { key: string; max: number; message: string } | undefined {
  const tenant = PATH.exec(path)?.[1]?.toLowerCase();
  if (!tenant) return undefined;
  return {
    key: `exchange/inflight/${tenant}`, max: EXCHANGE_MAX_IN_FLIGHT,
    message: `Too many concurrent requests for this tenant: at most ${EXCHANGE_MAX_IN_FLIGHT} may run at once. Retry after the time in Retry-After.`,
  };
}

/** Every cmdlet, read or write, takes one unit of the tenant's rate bucket. */
export function exchangeMeter(ctx: { tenant?: { tenantId: string } }): Metered | undefined {
  if (!ctx.tenant) return undefined;
  const rate: Limit = {
    key: `exchange/rate/${ctx.tenant.tenantId}`, capacity: EXCHANGE_CMDLETS_PER_10S, windowMs: 10_000, units: 1, headers: {},
    message: `Too many requests for this tenant: at most ${EXCHANGE_CMDLETS_PER_10S} cmdlets per 10 seconds. Retry after the time in Retry-After.`,
  };
  return { limits: [rate] };
}
