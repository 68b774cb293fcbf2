// Exchange Online through the admin REST endpoint of the ExchangeOnlineManagement v3 module: one cmdlet per POST to
// /adminapi/beta/{tenantId}/InvokeCommand. Retries, pacing, auth and counting come from the shared RestApi pipeline;
// this layer adds paging, the cmdlet error text and a concurrency bound.
//
// Batching: the endpoint takes one cmdlet per request and publishes no batch form, so there is none here; instead
// at most `concurrency` cmdlets per tenant are in flight, which keeps well inside Exchange's per-tenant
// concurrent-connection budget while still overlapping round trips.
import { ApiError } from './errors.js';
import type { RequestOptions } from './types.js';
import { limiter } from '../util/pool.js';

/** The part of the shared REST client (`createRestClient`) that InvokeCommand needs. */
export interface InvokeTransport {
  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
}

export type CmdletParams = Record<string, unknown>;

export interface ExchangeApi {
  /** Runs one cmdlet and returns every row, following `@odata.nextLink`; a failed page fails the whole call. */
  invoke<T = Record<string, unknown>>(cmdlet: string, params?: CmdletParams): Promise<T[]>;
  /** Warnings (`@adminapi.warnings`) the service attached to answers so far, for the debug log. */
  readonly warnings: string[];
}

export interface ExchangeClientOptions {
  rest: InvokeTransport;
  tenantId: string;
  /** Cmdlets in flight at once for this tenant. */
  concurrency?: number;
  pageSize?: number;
}

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@adminapi.warnings'?: string[];
}

/** The system mailbox the module anchors app-only sessions on, so requests land on the tenant's own servers. */
const anchorFor = (tenantId: string): string => `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenantId}`;

/**
 * The cmdlet's text arrives as `<id>|<exception type>|<message>`; the message is what a user can act on and the
 * exception's short name is a stable code (ManagementObjectNotFoundException, ...).
 */
export function cmdletError(err: ApiError, cmdlet?: string): ApiError {
  // The cmdlet names the request better than the one InvokeCommand path all cmdlets share.
  const request = cmdlet && err.request ? `${cmdlet}: ${err.request}` : (cmdlet ?? err.request);
  const m = /^[^|\s]*\|([\w.]+)\|([\s\S]*)$/.exec(err.detail);
  if (!m) return new ApiError('exchange', err.status, err.code, err.detail, err.requestId, request);
  const type = m[1] as string;
  return new ApiError('exchange', err.status, type.slice(type.lastIndexOf('.') + 1), (m[2] as string).trim(), err.requestId, request);
}

export const isNotFound = (err: unknown): boolean =>
  err instanceof ApiError && err.code === 'ManagementObjectNotFoundException';

export function createExchangeClient(o: ExchangeClientOptions): ExchangeApi {
  const run = limiter(o.concurrency ?? 4);
  const headers = {
    Prefer: `odata.maxpagesize=${o.pageSize ?? 1000}`,
    'X-AnchorMailbox': anchorFor(o.tenantId),
    'X-ResponseFormat': 'json',
  };
  const warnings: string[] = [];
  const first = `/adminapi/beta/${o.tenantId}/InvokeCommand`;

  async function pages<T>(cmdlet: string, params: CmdletParams): Promise<T[]> {
    const body = { CmdletInput: { CmdletName: cmdlet, Parameters: params } };
    const rows: T[] = [];
    let url: string | undefined = first;
    while (url) {
      let page: Page<T>;
      try {
        page = await o.rest.post<Page<T>>(url, body, { headers });
      } catch (err) {
        throw err instanceof ApiError ? cmdletError(err, cmdlet) : err;
      }
      if (!page || !Array.isArray(page.value)) {
        throw new ApiError('exchange', 502, 'UnexpectedResponse', `${cmdlet}: the answer is not a collection`);
      }
      rows.push(...page.value);
      for (const w of page['@adminapi.warnings'] ?? []) warnings.push(`${cmdlet}: ${w}`);
      url = page['@odata.nextLink'];
    }
    return rows;
  }

  return {
    warnings,
    invoke: <T>(cmdlet: string, params: CmdletParams = {}) => run(() => pages<T>(cmdlet, params)),
  };
}
