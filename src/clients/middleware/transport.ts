import type { Context } from '@microsoft/microsoft-graph-client';
import { Step, requestUrl } from './step.js';

export type FetchFn = typeof fetch;

/** Graph's own gateway gives up after about 100 s; a request still silent after that is treated as a broken connection. */
export const DEFAULT_TIMEOUT_MS = 100_000;

/** The last step: sends the request with node's fetch (injectable for tests that need a different socket). */
export class TransportStep extends Step {
  constructor(
    private readonly fetchFn: FetchFn = fetch,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const { method, headers, body } = context.options ?? {};
    try {
      context.response = await this.fetchFn(requestUrl(context), {
        method: method ?? 'GET',
        headers: headers as HeadersInit | undefined,
        body: body as BodyInit | undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      // Shaped like fetch's own socket errors so that the retry step treats a silent server as a broken connection.
      throw new TypeError('fetch failed', { cause: { code: 'ETIMEDOUT', message: `no answer within ${this.timeoutMs} ms` } });
    }
  }
}
