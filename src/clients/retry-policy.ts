// The one retry policy shared by Graph, Exchange, ARM and Partner Center. Pure: time, randomness and the amount
// already waited are inputs, so the table tests can pin every branch.

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** Upper bound on the sum of all waits for one request; past it the failure is returned to the caller. */
  maxTotalWaitMs: number;
  /** Base and cap of the exponential backoff used when the service gives no Retry-After. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxTotalWaitMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Status used for a connection that failed without any HTTP answer (reset, refused, socket closed). */
export const CONNECTION_FAILED = 0;

const RETRYABLE = new Set([CONNECTION_FAILED, 429, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

export type HeaderLookup = Headers | Record<string, string | undefined> | undefined;

export function headerValue(headers: HeaderLookup, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface DelayOptions {
  policy?: RetryPolicy;
  /** Milliseconds already spent waiting for this request. */
  waitedMs?: number;
  now?: number;
}

/**
 * How long to wait before attempt `attempt + 1`, given that attempt `attempt` (1-based) answered `status`;
 * null when the request must not be retried (not retryable, out of attempts, or the wait would pass the total bound).
 */
export function nextDelay(
  attempt: number,
  status: number,
  headers: HeaderLookup,
  rng: () => number,
  opts: DelayOptions = {},
): number | null {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  if (!isRetryableStatus(status) || attempt >= policy.maxAttempts) return null;
  const asked = parseRetryAfter(headerValue(headers, 'retry-after'), opts.now ?? Date.now());
  // Full jitter: a uniform pick below the exponential ceiling spreads out clients that failed together.
  const delay = asked ?? Math.floor(rng() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
  if ((opts.waitedMs ?? 0) + delay > policy.maxTotalWaitMs) return null;
  return delay;
}

/** Errors thrown by fetch when the connection broke before an HTTP answer arrived. */
export function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? '';
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code) ||
    (err.name === 'TypeError' && err.message === 'fetch failed')
  );
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
