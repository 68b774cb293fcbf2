// How a set of Graph reads is sent: batched GETs, the rest of a page's collection, and scoped reads of a declared
// set of directory objects at the fewest requests. Kinds say what they want; this file decides how it travels. Every
// helper throws on a failed read, so a kind never gets a partial picture.
import { MAX_BATCH } from './batch.js';
import { ApiError, requestLabel } from './errors.js';
import type { BatchRequest, BatchResponse, GraphApi } from './types.js';

interface ODataErrorBody {
  error?: { code?: string; message?: string };
}

/** The inner answer of a `$batch` request as the error a direct request would have thrown. */
export function batchError(req: BatchRequest, res: BatchResponse): ApiError {
  const body = res.body as ODataErrorBody | undefined;
  const code = body?.error?.code ?? `Status${res.status}`;
  const message = body?.error?.message ?? `${req.method} ${req.url} answered ${res.status}`;
  return new ApiError('graph', res.status, code, message, undefined, body?.error?.message ? requestLabel(req.method, req.url) : undefined);
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * GETs many paths through `$batch`. 404 means "not there" (undefined); any other failure throws, because an unread
 * object is unknown, not absent.
 */
export async function batchGet<T>(graph: GraphApi, paths: string[]): Promise<(T | undefined)[]> {
  if (paths.length === 0) return [];
  const requests: BatchRequest[] = paths.map((url, i) => ({ id: String(i + 1), method: 'GET', url }));
  const responses = await graph.batch<T>(requests);
  return responses.map((res, i) => {
    if (isSuccess(res.status)) return res.body as T;
    if (res.status === 404) return undefined;
    throw batchError(requests[i]!, res);
  });
}

/** A collection page as returned inside `$batch`: the rest of the pages are read through `list`. */
export interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

const notACollection = (path: string): ApiError =>
  new ApiError('graph', 502, 'UnexpectedResponse', `GET ${path}: the answer is not a collection`);

/** The items of a first page and of every page after it; a page without a `value` array fails the read. */
export async function restOfPages<T>(graph: GraphApi, page: Page<T>, path: string): Promise<T[]> {
  if (!Array.isArray(page.value)) throw notACollection(path);
  const next = page['@odata.nextLink'];
  return next ? [...page.value, ...(await graph.list<T>(next))] : page.value;
}

/**
 * Collections by path: first pages in `$batch`, each followed to its last page. A collection that answers 404 fails
 * the read (`missing` names it): an unread list is unknown, never empty.
 */
export async function batchLists<T>(graph: GraphApi, paths: string[], missing = (path: string): Error => new ApiError('graph', 404, 'Request_ResourceNotFound', `GET ${path}: the collection does not exist`)): Promise<T[][]> {
  const pages = await batchGet<Page<T>>(graph, paths);
  return Promise.all(
    pages.map((p, i) => {
      if (p === undefined) throw missing(paths[i]!);
      return restOfPages(graph, p, paths[i]!);
    }),
  );
}

export interface ScopedRead<T> {
  /** Lower-cased natural keys of the declared objects. */
  keys: string[];
  keyOf(item: T): string;
  /** The collection with `$top=999` and `$select`. */
  listPath: string;
  /** One object by key: either the object itself (404 = absent) or a filtered collection whose first item counts. */
  itemPath(key: string): string;
  itemIsCollection?: boolean;
  /**
   * The service keeps the key unique (a UPN): a list may stop once every key was found. Otherwise (a mailNickname)
   * every object with a declared key is returned, so that two of them are an ambiguity, never a silent pick.
   */
  uniqueKeys?: boolean;
  /** Read the whole collection (pruning); the result then holds every object, not only the declared ones. */
  all: boolean;
}

const batches = (n: number): number => Math.ceil(n / MAX_BATCH);

async function byKey<T>(graph: GraphApi, o: ScopedRead<T>, keys: string[]): Promise<T[]> {
  if (!o.itemIsCollection) return (await batchGet<T>(graph, keys.map(o.itemPath))).filter((x): x is T => x !== undefined);
  const pages = await batchGet<Page<T>>(graph, keys.map(o.itemPath));
  return pages.flatMap((p, i) => {
    if (p === undefined) return [];
    if (!Array.isArray(p.value)) throw notACollection(o.itemPath(keys[i]!));
    return o.uniqueKeys ? p.value.slice(0, 1) : p.value;
  });
}

/**
 * A declared set of objects: one `$batch` GET per 20 keys, or the whole collection in pages of 999 when that is
 * cheaper. The tenant's size is not known up front, so the list is read page by page and abandoned for batched GETs
 * once it has cost as much as batching the keys still missing would, unless the hit rate so far says the rest is only
 * a few pages away. Large declared sets end up listed, a few keys batched.
 */
export async function readScoped<T>(graph: GraphApi, o: ScopedRead<T>): Promise<T[]> {
  if (o.all) return graph.list<T>(o.listPath);
  const wanted = new Set(o.keys);
  const missing = new Set(o.keys);
  if (missing.size <= MAX_BATCH) return byKey(graph, o, [...missing]);
  const found: T[] = [];
  let next: string | undefined = o.listPath;
  let pages = 0;
  const worthIt = (): boolean => pages < batches(missing.size) || (found.length > 0 && (missing.size * pages) / found.length <= batches(missing.size));
  const more = (): boolean => (o.uniqueKeys ? missing.size > 0 : true);
  while (next && more() && worthIt()) {
    const page: Page<T> = await graph.get<Page<T>>(next);
    pages++;
    // A page without a `value` array is no page: taken as empty, the declared objects would look absent.
    if (!Array.isArray(page.value)) throw notACollection(o.listPath);
    for (const item of page.value) {
      const key = o.keyOf(item);
      missing.delete(key);
      if (wanted.has(key)) found.push(item);
    }
    next = page['@odata.nextLink'];
  }
  // A list read to its end proves the rest absent; an abandoned one leaves them to batched GETs.
  if (!next || missing.size === 0) return found;
  return [...found, ...(await byKey(graph, o, [...missing]))];
}
