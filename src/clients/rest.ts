// A JSON REST client for Exchange, ARM and Partner Center on the same middleware chain as Graph: retries, pacing,
// tokens, counting and debug logging are the chain's; this file only builds requests, pages and reads errors.
import type { Context } from '@microsoft/microsoft-graph-client';
import type { TokenProvider } from './auth.js';
import { createRequestCounter } from './counter.js';
import { ApiError, requestLabel, withRequest } from './errors.js';
import { sameOrigin } from './middleware/auth.js';
import { compose } from './middleware/step.js';
import { buildPipeline, type TransportOptions } from './pipeline.js';
import { exchangeError, odataError, partnerCenterError, readBody, sharePointError, unexpectedBody, type ErrorParser } from './service-errors.js';
import type { ListOptions, RequestOptions, RestApi } from './types.js';

export type { ListOptions, RestApi };

export type RestService = 'exchange' | 'arm' | 'partnerCenter' | 'sharepoint';

export interface RestClientOptions extends Partial<TransportOptions> {
  service: RestService;
  /** Origin (and optional path prefix) that relative paths are joined to; tokens go only to this origin. */
  baseUrl: string;
  tenantId: string;
  tokenProvider: TokenProvider;
  /** Sent with every request, under the caller's own headers. */
  headers?: Record<string, string>;
}

const PARSERS: Record<RestService, ErrorParser> = {
  exchange: exchangeError,
  arm: odataError,
  partnerCenter: partnerCenterError,
  sharepoint: sharePointError,
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Page = Record<string, unknown>;

export function createRestClient(o: RestClientOptions): RestApi {
  const chain = compose(
    buildPipeline({
      ...o,
      counter: o.counter ?? createRequestCounter(),
      getToken: () => o.tokenProvider.getToken(),
      tokenAllowed: sameOrigin(o.baseUrl),
      pacingKey: `${o.tenantId}/${o.service}`,
    }),
  );
  const prefix = o.baseUrl.replace(/\/+$/, '');
  const resolve = (path: string): string =>
    /^https?:\/\//i.test(path) ? path : `${prefix}${path.startsWith('/') ? '' : '/'}${path}`;

  async function send(method: Method, path: string, body?: unknown, headers?: Record<string, string>) {
    const all: Record<string, string> = { Accept: 'application/json', ...o.headers, ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    const context: Context = {
      request: resolve(path),
      options: { method, headers: all, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
    };
    await chain.execute(context);
    const res = context.response as Response;
    const parsed = await readBody(res);
    if (!res.ok) throw withRequest(PARSERS[o.service](o.service, res.status, res.headers, parsed), requestLabel(method, path));
    const odd = unexpectedBody(method, res, parsed);
    if (odd) throw withRequest(new ApiError(o.service, 502, 'UnexpectedResponse', `HTTP ${res.status} but ${odd}`), requestLabel(method, path));
    return parsed;
  }

  return {
    get: async <T>(path: string, opts?: RequestOptions) => (await send('GET', path, undefined, opts?.headers)) as T,
    async list<T>(path: string, opts?: ListOptions): Promise<T[]> {
      const items: T[] = [];
      let next: NextPage | undefined = { url: path, method: opts?.method ?? 'GET', headers: {} };
      while (next) {
        const body = next.method === 'POST' ? (opts?.body ?? {}) : undefined;
        const page = await send(next.method, next.url, body, { ...opts?.headers, ...next.headers });
        const value = collectionOf(page);
        if (!value) {
          throw new ApiError(o.service, 502, 'UnexpectedResponse', `${next.method} ${path}: the answer is not a collection`);
        }
        items.push(...(value as T[]));
        next = nextPage(page as Page, next.method);
        // Partner Center's `links.next.uri` is relative to its API version root (`/customers?…` under `/v1`).
        if (next && o.service === 'partnerCenter' && /^\/(?!v1\/)/i.test(next.url)) next = { ...next, url: `/v1${next.url}` };
      }
      return items;
    },
    post: async <T>(path: string, body: unknown, opts?: RequestOptions) =>
      (await send('POST', path, body, opts?.headers)) as T,
    put: async <T>(path: string, body: unknown, opts?: RequestOptions) => (await send('PUT', path, body, opts?.headers)) as T,
    patch: async <T>(path: string, body: unknown, opts?: RequestOptions) =>
      (await send('PATCH', path, body, opts?.headers)) as T,
    async delete(path, opts) {
      await send('DELETE', path, undefined, opts?.headers);
    },
  };
}

interface NextPage {
  url: string;
  method: Method;
  headers: Record<string, string>;
}

function collectionOf(page: unknown): unknown[] | undefined {
  if (!page || typeof page !== 'object') return undefined;
  const p = page as Page;
  if (Array.isArray(p.value)) return p.value;
  if (Array.isArray(p.items)) return p.items;
  return undefined;
}

/**
 * The link to the next page in each service's dialect: ARM `nextLink`, OData `@odata.nextLink` (Exchange), and
 * Partner Center `links.next` whose headers carry the continuation token (`MS-ContinuationToken`).
 */
export function nextPage(page: Page, method: Method): NextPage | undefined {
  const odata = page['@odata.nextLink'] ?? page.nextLink;
  if (typeof odata === 'string' && odata !== '') return { url: odata, method, headers: {} };
  const links = page.links as { next?: { uri?: unknown; method?: unknown; headers?: unknown } } | undefined;
  const link = links?.next;
  if (!link || typeof link.uri !== 'string' || link.uri === '') return undefined;
  const headers: Record<string, string> = {};
  if (Array.isArray(link.headers)) {
    for (const h of link.headers as { key?: unknown; value?: unknown }[]) {
      if (typeof h.key === 'string' && typeof h.value === 'string') headers[h.key] = h.value;
    }
  }
  const m = typeof link.method === 'string' ? (link.method.toUpperCase() as Method) : 'GET';
  return { url: link.uri, method: m === 'POST' ? 'POST' : 'GET', headers };
}
