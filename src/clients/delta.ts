// One round of a Graph delta query (concepts/delta-query-overview.md): follow `@odata.nextLink` until a page carries
// `@odata.deltaLink`, and hand back the round's items with the `$deltatoken` of that link. Only the token is kept, never
// the link: the next round is sent to the client's own Graph endpoint, so a stored state file cannot point a bearer
// token at another host.
import { ApiError } from './errors.js';
import type { GraphApi } from './types.js';

/** The largest page Graph serves; delta pages honour `odata.maxpagesize` as collection pages do. */
const PAGE = { headers: { Prefer: 'odata.maxpagesize=999' } };

export interface DeltaRound<T> {
  items: T[];
  /** The `$deltatoken` of the round's deltaLink: what the next round starts from. */
  deltaToken: string;
  pages: number;
}

interface DeltaPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

function tokenOf(link: string): string {
  const token = new URL(link, 'https://graph.invalid').searchParams.get('$deltatoken');
  if (!token) throw new ApiError('graph', 502, 'UnexpectedResponse', 'a delta page ended its round without a $deltatoken in @odata.deltaLink');
  return token;
}

/**
 * Reads a round from `start`: `/users/delta?$select=…` for a full one, or `/users/delta?$deltatoken=…` for the changes
 * since a previous round. Any failed page fails the round; nothing partial is returned.
 */
export async function readDeltaRound<T>(graph: GraphApi, start: string): Promise<DeltaRound<T>> {
  const items: T[] = [];
  let next = start;
  for (let pages = 1; ; pages++) {
    const page = await graph.get<DeltaPage<T>>(next, PAGE);
    if (!Array.isArray(page.value)) throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${start.split('?')[0]}: a delta page is not a collection`);
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaToken: tokenOf(page['@odata.deltaLink']), pages };
    if (!page['@odata.nextLink']) throw new ApiError('graph', 502, 'UnexpectedResponse', `GET ${start.split('?')[0]}: a delta page has neither nextLink nor deltaLink`);
    next = page['@odata.nextLink'];
  }
}

/**
 * Whether Graph refused a stored token so that the collection must be read in full again: 410 Gone (a sync reset, or
 * an unreadable token), or the codes concepts/errors.md names for an expired or invalid delta token.
 */
export function needsResync(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 410 || error.code === 'syncStateNotFound' || error.code === 'resyncRequired';
}
