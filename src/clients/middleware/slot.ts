import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { ApiError } from '../errors.js';
import { Step } from './step.js';

/**
 * A per-request channel between the caller and the chain, passed as a Graph middleware option. Graph's request
 * builder re-parses URLs (and only understands https ones), so a nextLink travels here to be sent verbatim; and the
 * SDK wraps thrown errors into its own type, so the chain's ApiError travels back here.
 */
export class RequestSlot implements MiddlewareOptions {
  failure?: ApiError;
  constructor(readonly url?: string) {}
}

export function slotOf(context: Context): RequestSlot | undefined {
  return context.middlewareControl?.getMiddlewareOptions(RequestSlot) as RequestSlot | undefined;
}

export class VerbatimUrlStep extends Step {
  async execute(context: Context): Promise<void> {
    const url = slotOf(context)?.url;
    if (url) context.request = url;
    await this.forward(context);
  }
}
