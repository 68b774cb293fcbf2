import type { Context } from '@microsoft/microsoft-graph-client';
import { ApiError } from '../errors.js';
import {
  CONNECTION_FAILED,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  isConnectionFailure,
  nextDelay,
  realSleep,
} from '../retry-policy.js';
import { slotOf } from './slot.js';
import { Step, requestMethod, requestUrl } from './step.js';

export interface RetryOptions {
  service: string;
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  rng?: () => number;
}

/**
 * Retries throttling, unavailability and broken connections per `nextDelay`. When it gives up on an HTTP answer the
 * last response is left in the context for the caller to turn into an ApiError; a broken connection becomes one here.
 */
export class RetryStep extends Step {
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rng: () => number;

  constructor(private readonly opts: RetryOptions) {
    super();
    this.policy = opts.policy ?? DEFAULT_RETRY_POLICY;
    this.sleep = opts.sleep ?? realSleep;
    this.rng = opts.rng ?? Math.random;
  }

  async execute(context: Context): Promise<void> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      context.response = undefined;
      let status: number;
      let failure: unknown;
      try {
        await this.forward(context);
        status = context.response ? (context.response as Response).status : CONNECTION_FAILED;
      } catch (err) {
        if (!isConnectionFailure(err)) throw err;
        status = CONNECTION_FAILED;
        failure = err;
      }
      const headers = context.response ? (context.response as Response).headers : undefined;
      const delay = nextDelay(attempt, status, headers, this.rng, { policy: this.policy, waitedMs: waited });
      if (delay === null) {
        if (status === CONNECTION_FAILED) {
          const error = this.connectionError(context, attempt, failure);
          const slot = slotOf(context);
          if (slot) slot.failure = error;
          throw error;
        }
        return;
      }
      await (context.response as Response | undefined)?.body?.cancel();
      waited += delay;
      await this.sleep(delay);
    }
  }

  private connectionError(context: Context, attempts: number, err: unknown): ApiError {
    const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : 'no response');
    const target = `${requestMethod(context)} ${requestUrl(context).split('?')[0]}`;
    return new ApiError(
      this.opts.service,
      CONNECTION_FAILED,
      'ConnectionFailed',
      `${target}: connection failed after ${attempts} attempt(s): ${why}`,
    );
  }
}
