import type { Context } from '@microsoft/microsoft-graph-client';
import { Step, requestUrl } from './step.js';

export type FetchFn = typeof fetch;

/** The last step: sends the request with node's fetch (injectable for tests that need a different socket). */
export class TransportStep extends Step {
  constructor(private readonly fetchFn: FetchFn = fetch) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const { method, headers, body } = context.options ?? {};
    context.response = await this.fetchFn(requestUrl(context), {
      method: method ?? 'GET',
      headers: headers as HeadersInit | undefined,
      body: body as BodyInit | undefined,
    });
  }
}
