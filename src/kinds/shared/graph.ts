// Reading helpers shared by the Entra kinds. They sit on GraphApi only: paging, retries and `$batch` chunking stay in
// src/clients. Every helper throws on a failed read, so a kind never returns a partial picture.
import { ApiError, requestLabel } from '../../clients/errors.js';
import type { BatchRequest, BatchResponse, GraphApi } from '../../clients/types.js';

/** A path segment for a user key (UPN or id): `#EXT#` and other reserved characters must be escaped. */
export const seg = (key: string): string => encodeURIComponent(key);

/** An OData string literal inside `$filter`: single quotes are doubled. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * A `$filter=<property> eq '<value>'` query parameter, URL-encoded as a whole: a value holding `&`, `#`, `+` or `%`
 * would otherwise end the parameter, start a fragment or decode into something else.
 */
export const filterEq = (property: string, value: string): string =>
  `$filter=${encodeURIComponent(`${property} eq ${literal(value)}`)}`;

interface ODataErrorBody {
  error?: { code?: string; message?: string };
}

export function batchError(req: BatchRequest, res: BatchResponse): ApiError {
  const body = res.body as ODataErrorBody | undefined;
  const code = body?.error?.code ?? `Status${res.status}`;
  const message = body?.error?.message ?? `${req.method} ${req.url} answered ${res.status}`;
  return new ApiError('graph', res.status, code, message, undefined, body?.error?.message ? requestLabel(req.method, req.url) : undefined);
}

const ok = (status: number): boolean => status >= 200 && status < 300;

/**
 * GETs many paths through `$batch`. 404 means "not there" (undefined); any other failure throws, because an unread
 * object is unknown, not absent.
 */
export async function batchGet<T>(graph: GraphApi, paths: string[]): Promise<(T | undefined)[]> {
  if (paths.length === 0) return [];
  const requests: BatchRequest[] = paths.map((url, i) => ({ id: String(i + 1), method: 'GET', url }));
  const responses = await graph.batch<T>(requests);
  return responses.map((res, i) => {
    if (ok(res.status)) return res.body as T;
    if (res.status === 404) return undefined;
    throw batchError(requests[i]!, res);
  });
}

/** Sends writes through `$batch`; statuses in `tolerated` (e.g. 404 on a removal already done) count as success. */
export async function batchWrite(graph: GraphApi, requests: Omit<BatchRequest, 'id'>[], tolerated: number[] = []): Promise<void> {
  if (requests.length === 0) return;
  const withIds: BatchRequest[] = requests.map((r, i) => ({ ...r, id: String(i + 1) }));
  const responses = await graph.batch(withIds);
  const failed = responses.findIndex((r) => !ok(r.status) && !tolerated.includes(r.status));
  if (failed >= 0) throw batchError(withIds[failed]!, responses[failed]!);
}

/** A collection page as returned inside `$batch`: the rest of the pages are read through `list`. */
export interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

export async function restOfPages<T>(graph: GraphApi, page: Page<T>, path: string): Promise<T[]> {
  if (!Array.isArray(page.value)) throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${path}: the answer is not a collection`);
  const next = page['@odata.nextLink'];
  return next ? [...page.value, ...(await graph.list<T>(next))] : page.value;
}

const READBACK_WAITS_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * Waits until a just-created object reads back (Entra replicates a new object before every read sees it). Without
 * this, a plan made right after apply finds the object missing and plans it again: a duplicate group. Bounded; false
 * when the object is still not visible, which the caller reports rather than fails, since the create succeeded.
 */
export async function awaitReadable(graph: GraphApi, path: string, waits: number[] = READBACK_WAITS_MS): Promise<boolean> {
  for (let i = 0; ; i++) {
    try {
      // Thousands of creates mean thousands of readbacks: they share `$batch` calls when the client coalesces.
      await (graph.getShared ? graph.getShared(path) : graph.get(path));
      return true;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
    const wait = waits[i];
    if (wait === undefined) return false;
    await new Promise((r) => setTimeout(r, wait));
  }
}
