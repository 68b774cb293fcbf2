// Random faults on demand, drawn from a seeded PRNG so that a failing run can be replayed. Besides error statuses,
// resets and slow answers, the body faults model what a proxy or a broken front end hands back with a 200: a JSON
// body cut short, an HTML page, nothing at all, and a collection whose `value` is null.
import type { Reply } from './router.js';

export type FaultKind = '429' | '503' | '504' | 'reset' | 'slow' | 'truncated' | 'nonjson' | 'empty' | 'nullvalue';

export interface FaultSpec { rates: Partial<Record<FaultKind, number>>; seed: number }

const KINDS: FaultKind[] = ['429', '503', '504', 'reset', 'slow', 'truncated', 'nonjson', 'empty', 'nullvalue'];

/** Faults that replace or mangle the body of a successful answer; they hit reads (GET) only. */
export const BODY_FAULTS: ReadonlySet<FaultKind> = new Set(['truncated', 'nonjson', 'empty', 'nullvalue']);

/** Parses `429:0.1,503:0.05,504:0.02,reset:0.02,slow:0.05,truncated:0.1,nonjson:0.1,empty:0.1,nullvalue:0.1,seed:7`. */
export function parseFaults(spec: string): FaultSpec {
  const out: FaultSpec = { rates: {}, seed: 1 };
  let total = 0;
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split(':');
    const n = Number(value);
    if (key === undefined || value === undefined || !Number.isFinite(n)) throw new Error(`--faults: bad entry '${part}' (expected kind:rate)`);
    if (key === 'seed') {
      out.seed = Math.trunc(n);
      continue;
    }
    if (!KINDS.includes(key as FaultKind)) throw new Error(`--faults: unknown fault '${key}' (known: ${KINDS.join(', ')}, seed)`);
    if (n < 0 || n > 1) throw new Error(`--faults: rate of '${key}' must be between 0 and 1`);
    out.rates[key as FaultKind] = n;
    total += n;
  }
  if (total > 1) throw new Error('--faults: rates add up to more than 1');
  return out;
}

/** mulberry32: small, fast, good enough for fault injection. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export class FaultInjector {
  private readonly prng: Prng;
  constructor(readonly spec: FaultSpec) {
    this.prng = new Prng(spec.seed);
  }

  /** One draw per request: a fault kind or undefined, plus a second draw for variants (429 without Retry-After). */
  draw(): { kind?: FaultKind; variant: number } {
    const r = this.prng.next();
    const variant = this.prng.next();
    let acc = 0;
    for (const kind of KINDS) {
      acc += this.spec.rates[kind] ?? 0;
      if (r < acc) return { kind, variant };
    }
    return { variant };
  }
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The 200 a body fault answers with instead of running the request; undefined for `truncated` (it needs the answer). */
export function bodyFaultReply(kind: FaultKind): Reply | undefined {
  if (kind === 'nonjson') {
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Please try again later.</h1></body></html>' };
  }
  if (kind === 'empty') return { status: 200, headers: { 'content-type': JSON_TYPE }, body: '' };
  if (kind === 'nullvalue') return { status: 200, headers: { 'content-type': JSON_TYPE }, body: '{"value":null}' };
  return undefined;
}

/** The real answer cut halfway through its JSON, as a connection dropped mid-body leaves it. */
export function truncateReply(reply: Reply): Reply {
  if (reply.body === undefined || reply.status === 204) return reply;
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return { ...reply, headers: { 'content-type': JSON_TYPE, ...(reply.headers ?? {}) }, body: text.slice(0, Math.floor(text.length / 2)) };
}
