// The one middleware chain behind every client: verbatim URL → retry → pacing → auth → counting → debug → transport.
// Retry sits outside the others so that each attempt is paced, authorised, counted and logged on its own.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { MutableRequestCounter } from './counter.js';
import type { Pacer } from './pacing.js';
import type { RetryPolicy } from './retry-policy.js';
import { AuthStep } from './middleware/auth.js';
import { CountingStep } from './middleware/counting.js';
import { DebugStep, type DebugSink } from './middleware/debug.js';
import { PacingStep } from './middleware/pacing.js';
import { RetryStep } from './middleware/retry.js';
import { TransportStep, type FetchFn } from './middleware/transport.js';
import { VerbatimUrlStep } from './middleware/slot.js';

/** Knobs shared by every client; tests shrink the waits and inject randomness. */
export interface TransportOptions {
  counter: MutableRequestCounter;
  pacer?: Pacer;
  debug?: DebugSink;
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  rng?: () => number;
  fetch?: FetchFn;
  /** Per attempt; a request without an answer by then counts as a broken connection and is retried. */
  timeoutMs?: number;
  /** Graph only: concurrent writes travel together in `$batch` calls of up to 20 (see coalesce.ts). */
  coalesceWrites?: boolean;
  /**
   * Graph only: the share of the app's budget across tenants (RU and writes) this process may spend, 1/N when N
   * shards run side by side. Shared between tenants only when they share one `pacer`.
   */
  appShare?: number;
}

export interface PipelineOptions extends TransportOptions {
  service: string;
  getToken: () => Promise<string>;
  tokenAllowed: (url: URL, context: Context) => boolean;
  /** Budget key; one per tenant and service. */
  pacingKey: string;
}

export function buildPipeline(o: PipelineOptions): Middleware[] {
  const steps: Middleware[] = [
    new VerbatimUrlStep(),
    new RetryStep({ service: o.service, policy: o.policy, sleep: o.sleep, rng: o.rng }),
  ];
  if (o.pacer) steps.push(new PacingStep(o.pacer, o.pacingKey, o.service === 'graph', o.appShare, o.service === 'exchange'));
  steps.push(new AuthStep(o.getToken, o.tokenAllowed), new CountingStep(o.counter, o.service));
  if (o.debug) steps.push(new DebugStep(o.service, o.debug));
  steps.push(new TransportStep(o.fetch, o.timeoutMs));
  return steps;
}
