import type { Context } from '@microsoft/microsoft-graph-client';
import type { BucketShape, Pacer } from '../pacing.js';
import { headerValue, parseRetryAfter } from '../retry-policy.js';
import { Step } from './step.js';

/**
 * Graph's limits beside the RU budget (concepts/throttling-limits.md): writes 3,000 per 150 s per app+tenant, and
 * identity reports (auditLogs, reports) 5 requests per 10 s per app+tenant, outside the RU budget. Each is paced a
 * little below the limit, so that a request overtaking another in transit never arrives before its unit is back.
 */
export const GRAPH_WRITES: BucketShape = { capacity: 2900, windowMs: 150_000 };
export const GRAPH_REPORTS: BucketShape = { capacity: 4, windowMs: 10_000 };
/** Writes per tenant across apps: 18,000 per 5 minutes (binds only when another app writes to the tenant too). */
export const GRAPH_TENANT_WRITES: BucketShape = { capacity: 17_500, windowMs: 300_000 };
/** One app across all tenants: 150,000 resource units per 20 s and 70,000 writes per 5 minutes. */
export const GRAPH_APP_RU: BucketShape = { capacity: 145_000, windowMs: 20_000 };
export const GRAPH_APP_WRITES: BucketShape = { capacity: 68_000, windowMs: 300_000 };

/** The app-wide buckets a process shares between its tenants; `--shard K/N` takes 1/N of each. */
export const APP_KEY = 'app/graph';

/** A bucket `share` of its size, for one of N processes spending one app's budget side by side. */
export function shareOf(shape: BucketShape, share: number): BucketShape {
  return { capacity: Math.max(1, Math.floor(shape.capacity * share)), windowMs: shape.windowMs };
}

const REPORTS_PATH = /^\/(v1\.0|beta)\/(auditLogs|reports)(\/|$)/i;

/**
 * Reserves budget before each attempt and settles it with the units the service reports afterwards. For Graph
 * (`graph` set) writes also reserve from the write quotas (app+tenant, tenant) and reports from their own bucket, and
 * every request from the app's budget across tenants, of which this process spends `appShare`; a 429 pauses the bucket
 * its x-ms-throttle-scope names (writes or everything, of the tenant or of the app).
 */
export class PacingStep extends Step {
  private readonly appRu: BucketShape;
  private readonly appWrites: BucketShape;

  constructor(
    private readonly pacer: Pacer,
    private readonly key: string,
    private readonly graph = false,
    appShare = 1,
    /** The service publishes no limit (Exchange): pace by the rate it answers to (adaptive.ts). */
    private readonly adaptive = false,
  ) {
    super();
    this.appRu = shareOf(GRAPH_APP_RU, appShare);
    this.appWrites = shareOf(GRAPH_APP_WRITES, appShare);
  }

  private async reserve(key: string, estimate: number, writes: number, reports: boolean): Promise<void> {
    await this.pacer.acquire(key, estimate, reports ? GRAPH_REPORTS : undefined);
    if (!this.graph) return;
    await this.pacer.acquire(APP_KEY, estimate, this.appRu);
    if (writes === 0) return;
    await this.pacer.acquire(`${this.key}/writes`, writes, GRAPH_WRITES);
    await this.pacer.acquire(`${this.key}/tenant-writes`, writes, GRAPH_TENANT_WRITES);
    await this.pacer.acquire(`${APP_KEY}/writes`, writes, this.appWrites);
  }

  async execute(context: Context): Promise<void> {
    if (this.adaptive) return this.adapt(context);
    const url = requestOf(context);
    const reports = this.graph && REPORTS_PATH.test(url.pathname);
    const key = reports ? `${this.key}/reports` : this.key;
    const estimate = innerRequests(context) ?? 1;
    const writes = this.graph && !reports ? writesOf(context) : 0;
    await this.reserve(key, estimate, writes, reports);
    await this.forward(context);
    const res = context.response;
    if (!res) return;
    const units = Number(headerValue(res.headers, 'x-ms-resource-unit'));
    if (Number.isFinite(units) && units > 0) {
      this.pacer.settle(key, estimate, units);
      if (this.graph) this.pacer.settle(APP_KEY, estimate, units);
    }
    if (res.status === 429) {
      const wait = parseRetryAfter(headerValue(res.headers, 'retry-after'), Date.now());
      if (wait !== undefined) this.pacer.pause(this.pausedBy(headerValue(res.headers, 'x-ms-throttle-scope') ?? '', key), wait);
    }
  }

  private async adapt(context: Context): Promise<void> {
    const ticket = await this.pacer.adaptive.acquire(this.key);
    await this.forward(context);
    const res = context.response;
    // A broken connection says nothing about the service's budget.
    if (!res) return;
    if (res.status === 429) this.pacer.adaptive.throttled(this.key, ticket, parseRetryAfter(headerValue(res.headers, 'retry-after'), Date.now()));
    else this.pacer.adaptive.succeeded(this.key, ticket);
  }

  /** The bucket a 429 stops: the scope names app (`Application/…`) or tenant, writes or resource units. */
  private pausedBy(scope: string, key: string): string {
    const writes = /\/Write\//.test(scope);
    if (/^Application\//.test(scope)) return writes ? `${APP_KEY}/writes` : APP_KEY;
    return writes ? `${this.key}/writes` : key;
  }
}

function requestOf(context: Context): URL {
  const raw = typeof context.request === 'string' ? context.request : context.request.url;
  try {
    return new URL(raw);
  } catch {
    return new URL(raw, 'http://localhost');
  }
}

function batchRequests(context: Context): { method?: unknown }[] | undefined {
  const body = context.options?.body;
  if (!/\/\$batch(\?|$)/.test(requestOf(context).href) || typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as { requests?: unknown[] };
    return Array.isArray(parsed.requests) && parsed.requests.length > 0 ? (parsed.requests as { method?: unknown }[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `$batch` costs what its inner requests cost (the batch itself is free), so it reserves one unit per inner request
 * rather than one for the whole call; a plain request reserves one.
 */
export function innerRequests(context: Context): number | undefined {
  return batchRequests(context)?.length;
}

/** Writes a request spends from the write quota: its inner non-GET requests for a `$batch`, else 1 unless a GET. */
export function writesOf(context: Context): number {
  const inner = batchRequests(context);
  if (inner) return inner.filter((r) => String(r.method ?? 'GET').toUpperCase() !== 'GET').length;
  if (/\/\$batch(\?|$)/.test(requestOf(context).href)) return 0;
  return String(context.options?.method ?? 'GET').toUpperCase() === 'GET' ? 0 : 1;
}
