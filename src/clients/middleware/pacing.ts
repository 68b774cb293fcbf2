import type { Context } from '@microsoft/microsoft-graph-client';
import type { Pacer } from '../pacing.js';
import { headerValue, parseRetryAfter } from '../retry-policy.js';
import { Step } from './step.js';

/** Reserves budget before each attempt and settles it with the units the service reports afterwards. */
export class PacingStep extends Step {
  constructor(
    private readonly pacer: Pacer,
    private readonly key: string,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const estimate = innerRequests(context) ?? 1;
    await this.pacer.acquire(this.key, estimate);
    await this.forward(context);
    const res = context.response;
    if (!res) return;
    const units = Number(headerValue(res.headers, 'x-ms-resource-unit'));
    if (Number.isFinite(units) && units > 0) this.pacer.settle(this.key, estimate, units);
    if (res.status === 429) {
      const wait = parseRetryAfter(headerValue(res.headers, 'retry-after'), Date.now());
      if (wait !== undefined) this.pacer.pause(this.key, wait);
    }
  }
}

/**
 * A `$batch` costs what its inner requests cost (the batch itself is free), so it reserves one unit per inner request
 * rather than one for the whole call; a plain request reserves one.
 */
export function innerRequests(context: Context): number | undefined {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  const body = context.options?.body;
  if (!/\/\$batch(\?|$)/.test(url) || typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as { requests?: unknown[] };
    return Array.isArray(parsed.requests) && parsed.requests.length > 0 ? parsed.requests.length : undefined;
  } catch {
    return undefined;
  }
}
