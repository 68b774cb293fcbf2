import type { Context } from '@microsoft/microsoft-graph-client';
import { ApiError } from '../errors.js';
import { slotOf } from './slot.js';
import { Step, requestUrl, setHeader } from './step.js';

/** Attaches a bearer token, but only to hosts that are meant to receive it. */
export class AuthStep extends Step {
  constructor(
    private readonly getToken: () => Promise<string>,
    private readonly allowed: (url: URL, context: Context) => boolean,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const url = new URL(requestUrl(context));
    if (this.allowed(url, context)) setHeader(context, 'Authorization', `Bearer ${await this.token(context)}`);
    await this.forward(context);
  }

  private async token(context: Context): Promise<string> {
    try {
      return await this.getToken();
    } catch (err) {
      const e = err as { errorCode?: string; message?: string };
      const error = new ApiError('login', 401, e.errorCode ?? 'TokenRequestFailed', e.message ?? String(err));
      const slot = slotOf(context);
      if (slot) slot.failure = error;
      throw error;
    }
  }
}

/** Graph's rule: known Graph hosts over https, or a host the client listed in `customHosts`. */
export function graphHostAllowed(graphHosts: Set<string>) {
  return (url: URL, context: Context): boolean =>
    (url.protocol === 'https:' && graphHosts.has(url.hostname)) ||
    !!(context.customHosts && (context.customHosts.has(url.host) || context.customHosts.has(url.hostname)));
}

/** The REST clients' rule: only the origin they were created for. */
export function sameOrigin(baseUrl: string) {
  const origin = new URL(baseUrl).origin;
  return (url: URL): boolean => url.origin === origin;
}
