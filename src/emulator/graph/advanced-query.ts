// The query options of directory-object collections beyond $filter/$select/$top, as concepts/aad-advanced-queries.md
// states them: ConsistencyLevel and $count=true (the advanced query parameters), `$search`, `$orderby`, the `$count`
// parameter and the `$count` URL segment. Anything the emulator does not model is refused with a 400 that says so.
import { ApiError, type Ctx, type Reply } from '../router.js';
import { compileFilter, defaultGetter, type Getter } from './odata.js';
import { compileSearch, type SearchFields } from './search.js';

/** What one collection allows: its `$filter`, `$search` and `$orderby` properties. */
export interface CollectionSpec<T> {
  entity: string;
  filterable: Set<string>;
  searchable: SearchFields;
  /** `$orderby` properties: `default` works without advanced query parameters, `advanced` needs them. */
  sortable: Record<string, 'default' | 'advanced'>;
  get?: Getter;
  /** The object the getter reads, when the stored item is not it (groups are read through groupProps). */
  view?: (item: T) => unknown;
}

export const consistencyEventual = (ctx: Ctx): boolean => (ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual';

/** Both advanced query parameters: `ConsistencyLevel: eventual` and `$count=true`. */
export const advancedParams = (ctx: Ctx): boolean => consistencyEventual(ctx) && ctx.query.get('$count') === 'true';

export const notByEmulator = (what: string): ApiError => new ApiError(400, 'Request_UnsupportedQuery', `${what} is not supported by the emulator.`);

// aad-advanced-queries.md, "Error handling": `$search` without the header is refused with this exact text.
export const SEARCH_NEEDS_HEADER = "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";
// aad-advanced-queries.md, "Error handling": the `$count` segment without the header.
export const COUNT_NEEDS_HEADER = '$count is not currently supported.';
// Not on the docs pages; the service's answer to an `$orderby` it cannot serve (and the emulator's until now).
export const SORT_UNSUPPORTED = 'Sorting not supported for current query.';

/** Applies `$filter`, `$search` and `$orderby` to `items` under the rules of aad-advanced-queries.md. */
export function queryCollection<T>(ctx: Ctx, items: readonly T[], spec: CollectionSpec<T>): T[] {
  const get = spec.get ?? defaultGetter;
  const view = spec.view ?? ((x: T) => x);
  const advanced = advancedParams(ctx);
  let out = [...items];
  const filter = ctx.query.get('$filter');
  if (filter !== null) {
    const pred = compileFilter(filter, spec.filterable, spec.entity, advanced, get);
    out = out.filter((x) => pred(view(x)));
  }
  const search = ctx.query.get('$search');
  if (search !== null) {
    // `$search` is the one advanced query that needs the header but not `$count=true`.
    if (!consistencyEventual(ctx)) throw new ApiError(400, 'Request_UnsupportedQuery', SEARCH_NEEDS_HEADER);
    const pred = compileSearch(search, spec.searchable, spec.entity, get);
    out = out.filter((x) => pred(view(x)));
  }
  const order = ctx.query.get('$orderby');
  if (order !== null) out = sortBy(out, order, spec, advanced, filter !== null);
  return out;
}

function sortBy<T>(items: T[], raw: string, spec: CollectionSpec<T>, advanced: boolean, filtered: boolean): T[] {
  const clauses = raw.split(',').map((c) => c.trim()).filter(Boolean);
  if (clauses.length !== 1) throw notByEmulator('$orderby on more than one property');
  const [name = '', dir = 'asc', ...rest] = (clauses[0] as string).split(/\s+/);
  if (rest.length || !['asc', 'desc'].includes(dir.toLowerCase())) throw new ApiError(400, 'BadRequest', `Invalid $orderby clause '${raw}'.`);
  const prop = Object.keys(spec.sortable).find((k) => k.toLowerCase() === name.toLowerCase());
  // The $orderby table of aad-advanced-queries.md: properties not listed cannot be sorted on; `advanced` ones and
  // any $orderby combined with $filter need the advanced query parameters.
  if (!prop) throw new ApiError(400, 'Request_UnsupportedQuery', SORT_UNSUPPORTED);
  if ((spec.sortable[prop] === 'advanced' || filtered) && !advanced) throw new ApiError(400, 'Request_UnsupportedQuery', SORT_UNSUPPORTED);
  const get = spec.get ?? defaultGetter;
  const view = spec.view ?? ((x: T) => x);
  const key = (x: T): string => {
    const v = get(view(x), prop);
    return v == null ? '' : String(v).toLowerCase();
  };
  const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
  return items.map((x) => ({ x, k: key(x) })).sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : 0)).map((e) => e.x);
}

/**
 * `@odata.count` for a collection page: only with both advanced query parameters (without the header the
 * parameter is silently ignored, aad-advanced-queries.md "Error handling"), and only on the first page.
 */
export function countAnnotation(ctx: Ctx, total: number): Record<string, number> {
  if (!advancedParams(ctx) || ctx.query.has('$skiptoken')) return {};
  return { '@odata.count': total };
}

/** The `$count` URL segment: text/plain, and only with `ConsistencyLevel: eventual` (user-list.md, example 3). */
export function countSegment(ctx: Ctx, count: () => number): Reply {
  if (!consistencyEventual(ctx)) throw new ApiError(400, 'Request_BadRequest', COUNT_NEEDS_HEADER);
  return { status: 200, body: String(count()), headers: { 'content-type': 'text/plain' } };
}
