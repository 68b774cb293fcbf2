// Reading a declared set of directory objects at the fewest requests: one `$batch` GET per 20 keys, or the whole
// collection in pages of 999 when that is cheaper. The tenant's size is not known up front, so the list is read page
// by page and abandoned for batched GETs once it has cost as much as batching the keys still missing would, unless the
// hit rate so far says the rest is only a few pages away. Large declared sets end up listed, a few keys batched.
import { MAX_BATCH } from '../../clients/batch.js';
import { ApiError } from '../../clients/errors.js';
import type { GraphApi } from '../../clients/types.js';
import { batchGet, type Page } from './graph.js';

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
    if (!Array.isArray(p.value)) throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${o.itemPath(keys[i]!)}: the answer is not a collection`);
    return o.uniqueKeys ? p.value.slice(0, 1) : p.value;
  });
}

export async function readScoped<T>(graph: GraphApi, o: ScopedRead<T>): Promise<T[]> {
  if (o.all) return graph.list<T>(o.listPath);
  const wanted = new Set(o.keys);
  const missing = new Set(o.keys);
  if (missing.size <= MAX_BATCH) return byKey(graph, o, [...missing]);
  const found: T[] = [];
  let next: string | undefined = o.listPath;
  let pages = 0;
  // Go on while paging is still the cheaper bet: within the ski-rental bound, or when the hit rate so far says the rest
  // is a few pages away (a list nearly read to its end is not abandoned for dozens of batches).
  const worthIt = (): boolean => pages < batches(missing.size) || (found.length > 0 && (missing.size * pages) / found.length <= batches(missing.size));
  const more = (): boolean => (o.uniqueKeys ? missing.size > 0 : true);
  while (next && more() && worthIt()) {
    const page: Page<T> = await graph.get<Page<T>>(next);
    pages++;
    // A page without a `value` array is no page: taken as empty, the declared objects would look absent.
    if (!Array.isArray(page.value)) throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${o.listPath}: the answer is not a collection`);
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

const inFlight = new WeakMap<GraphApi, WeakMap<object, Map<string, Promise<unknown>>>>();

/**
 * Kinds fetched side by side that need the same read (users for the user and license kinds, groups for the group and
 * membership kinds, the SKU catalogue) share one request while it is in flight. Nothing is kept once it settles, so a
 * later read (apply's stale check) always goes to the service again.
 */
export function shared<T>(graph: GraphApi, scope: object, key: string, read: () => Promise<T>): Promise<T> {
  let byScope = inFlight.get(graph);
  if (!byScope) inFlight.set(graph, (byScope = new WeakMap()));
  let map = byScope.get(scope);
  if (!map) byScope.set(scope, (map = new Map()));
  const running = map.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = read();
  const entries = map;
  entries.set(key, p);
  const done = (): void => void entries.delete(key);
  p.then(done, done);
  return p;
}
