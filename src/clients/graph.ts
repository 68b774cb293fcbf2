// GraphApi on @microsoft/microsoft-graph-client v3. The SDK builds requests and runs our middleware chain; responses
// come back raw so that errors, paging and batching follow tenantform's rules rather than the SDK's defaults.
import { APP_KEY } from './middleware/pacing.js';
import { Client, ResponseType, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { ApiError, requestLabel, withRequest } from './errors.js';
import { MAX_BATCH, chunkBatch, retrySubset } from './batch.js';
import { createCoalescer, type CoalescedWrite } from './coalesce.js';
import { mapLimit } from '../util/pool.js';
import { graphHostAllowed } from './middleware/auth.js';
import { RequestSlot } from './middleware/slot.js';
import { buildPipeline, type TransportOptions } from './pipeline.js';
import { DEFAULT_RETRY_POLICY, headerValue, isRetryableStatus, nextDelay, realSleep } from './retry-policy.js';
import { odataError, readBody, unexpectedBody } from './service-errors.js';
import type { BatchRequest, BatchResponse, GraphApi, RequestOptions } from './types.js';
import type { TokenProvider } from './auth.js';

const GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

export interface GraphClientOptions extends TransportOptions {
  tenantId: string;
  /** Origin of Graph: `https://graph.microsoft.com`, or the emulator's `http://127.0.0.1:N`. */
  baseUrl: string;
  version?: string;
  tokenProvider: TokenProvider;
  /** `$batch` calls in flight at once. */
  batchConcurrency?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const pacingKeyOf = (tenantId: string): string => `${tenantId}/graph`;

export function createGraphClient(o: GraphClientOptions): GraphApi {
  const base = new URL(o.baseUrl);
  const customHosts = GRAPH_HOSTS.has(base.hostname) ? undefined : new Set([base.host]);
  const client = Client.initWithMiddleware({
    baseUrl: base.origin,
    defaultVersion: o.version ?? 'v1.0',
    customHosts,
    middleware: buildPipeline({
      ...o,
      service: 'graph',
      getToken: () => o.tokenProvider.getToken(),
      tokenAllowed: graphHostAllowed(GRAPH_HOSTS),
      pacingKey: pacingKeyOf(o.tenantId),
    }),
  });

  async function send(method: Method, path: string, body?: unknown, headers?: Record<string, string>) {
    return (await exchange(method, path, body, headers)).parsed;
  }

  async function exchange(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ parsed: unknown; headers: Headers }> {
    const absolute = /^https?:\/\//i.test(path);
    const slot = new RequestSlot(absolute ? path : undefined);
    const req: GraphRequest = client
      .api(absolute ? relativeOf(path) : path)
      .headers(headers ?? {})
      .middlewareOptions([slot])
      .responseType(ResponseType.RAW);
    let res: Response;
    try {
      res = await dispatch(req, method, body);
    } catch (err) {
      throw slot.failure ?? err;
    }
    const parsed = await readBody(res);
    if (!res.ok) throw withRequest(odataError('graph', res.status, res.headers, parsed), requestLabel(method, path));
    const odd = unexpectedBody(method, res, parsed);
    if (odd) throw withRequest(new ApiError('graph', 502, 'UnexpectedResponse', `HTTP ${res.status} but ${odd}`), requestLabel(method, path));
    return { parsed, headers: res.headers };
  }

  /**
   * A `$batch` reserved one unit per inner request, but Graph charges each its own cost (3 for a members page) and
   * reports it only on the inner answers: the tenant's budget is corrected by their sum. Refused ones cost nothing.
   */
  function settleBatch(reserved: number, responses: BatchResponse<unknown>[]): void {
    const charged = responses
      .filter((r) => r.status !== 429)
      .reduce((sum, r) => sum + (Number(headerValue(r.headers, 'x-ms-resource-unit')) || 1), 0);
    o.pacer?.settle(pacingKeyOf(o.tenantId), reserved, charged);
    o.pacer?.settle(APP_KEY, reserved, charged);
  }

  async function batchChunk<T>(chunk: BatchRequest[]): Promise<BatchResponse<T>[]> {
    const answers = new Map<string, BatchResponse<T>>();
    let pending = chunk;
    let waited = 0;
    for (let attempt = 1; pending.length; attempt++) {
      const out = (await send('POST', '/$batch', { requests: pending.map(toWire) })) as {
        responses?: BatchResponse<T>[];
      };
      settleBatch(pending.length, out.responses ?? []);
      let delay = 0;
      for (const r of out.responses ?? []) {
        answers.set(r.id, r);
        const d = nextDelay(attempt, r.status, r.headers, o.rng ?? Math.random, {
          policy: o.policy ?? DEFAULT_RETRY_POLICY,
          waitedMs: waited,
        });
        if (d !== null) delay = Math.max(delay, d);
      }
      const again = retrySubset(pending, (id) => answers.get(id)?.status, isRetryableStatus);
      if (!again.length || attempt >= (o.policy ?? DEFAULT_RETRY_POLICY).maxAttempts) break;
      if (waited + delay > (o.policy ?? DEFAULT_RETRY_POLICY).maxTotalWaitMs) break;
      waited += delay;
      await (o.sleep ?? realSleep)(delay);
      pending = again;
    }
    return chunk.map((r) => {
      const a = answers.get(r.id);
      if (!a) throw new ApiError('graph', 502, 'BatchResponseMissing', `$batch gave no answer for request "${r.id}"`);
      return a;
    });
  }

  async function batch<T = unknown>(requests: BatchRequest[]): Promise<BatchResponse<T>[]> {
    const chunks = chunkBatch(requests, MAX_BATCH);
    const done = await mapLimit(chunks, o.batchConcurrency ?? 8, (c) => batchChunk<T>(c));
    return done.flat();
  }

  const coalesce = createCoalescer((requests) => batch(requests));
  /** A write on a relative path joins the next `$batch` when coalescing is on; its inner answer is mapped back. */
  async function write(method: CoalescedWrite['method'], path: string, body?: unknown, headers?: Record<string, string>) {
    if (!o.coalesceWrites || /^https?:\/\//i.test(path) || path.startsWith('/$batch')) return send(method, path, body, headers);
    const res = await coalesce({ method, url: path, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    if (res.status >= 200 && res.status < 300) return res.body;
    throw withRequest(odataError('graph', res.status, new Headers(res.headers ?? {}), res.body), requestLabel(method, path));
  }

  return {
    get: async <T>(path: string, opts?: RequestOptions) => (await send('GET', path, undefined, opts?.headers)) as T,
    getShared: async <T>(path: string) => (await write('GET', path)) as T,
    async list<T>(path: string, opts?: RequestOptions): Promise<T[]> {
      const items: T[] = [];
      let next: string | undefined = path;
      while (next) {
        // Graph does not carry ConsistencyLevel to later pages: every page gets the caller's headers again.
        const page = (await send('GET', next, undefined, opts?.headers)) as { value?: T[]; '@odata.nextLink'?: string };
        if (!Array.isArray(page?.value)) {
          throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${path}: the answer is not a collection`);
        }
        items.push(...page.value);
        next = page['@odata.nextLink'];
      }
      return items;
    },
    post: async <T>(path: string, body: unknown, opts?: RequestOptions) =>
      (await write('POST', path, body, opts?.headers)) as T,
    async patch(path, body, opts) {
      await write('PATCH', path, body, opts?.headers);
    },
    async delete(path, opts) {
      await write('DELETE', path, undefined, opts?.headers);
    },
    put: async <T>(path: string, body: unknown) => (await send('PUT', path, body)) as T,
    startOperation: async (path: string, body?: unknown) => (await exchange('POST', path, body)).headers.get('location') ?? undefined,
    batch,
  };
}

function dispatch(req: GraphRequest, method: Method, body: unknown): Promise<Response> {
  switch (method) {
    case 'GET':
      return req.get();
    case 'POST':
      return req.post(body);
    case 'PATCH':
      return req.patch(body);
    case 'PUT':
      return req.put(body);
    case 'DELETE':
      return req.delete();
  }
}

/** The SDK only needs a parseable path; the slot carries the absolute URL that is actually sent. */
function relativeOf(url: string): string {
  const u = new URL(url);
  return u.pathname;
}

function toWire(r: BatchRequest): Record<string, unknown> {
  const headers = { ...(r.headers ?? {}) };
  if (r.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  return {
    id: r.id,
    method: r.method,
    url: r.url,
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(r.dependsOn?.length ? { dependsOn: r.dependsOn } : {}),
  };
}
