// The read of guests: every user with userType Guest, one list in pages of 999 (`$filter=userType eq 'Guest'`,
// resources/user.md: userType supports $filter eq). It is always complete, so two guests with one address are seen
// (and refused by the reconcile core) and undeclared guests are counted; prune still needs `policy.prune.guests`.
// A declared guest found only in deleted items is restored, as a user is, rather than invited a second time.
import type { GraphApi } from '../../clients/types.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { filterEq } from '../shared/graph.js';
import type { DesiredGuest, LiveGuest } from './model.js';
import { normalKey } from '../shared/reconcile.js';

export const GUEST_SELECT = 'id,userPrincipalName,displayName,mail,userType,externalUserState,externalUserStateChangeDateTime';

interface RawGuest { id: string; userPrincipalName: string; displayName?: string | null; mail?: string | null; externalUserState?: string | null; externalUserStateChangeDateTime?: string | null }

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function toLive(raw: RawGuest): LiveGuest {
  return {
    id: raw.id, email: (str(raw.mail) ?? raw.userPrincipalName).normalize('NFC').toLowerCase(), userPrincipalName: raw.userPrincipalName,
    mail: str(raw.mail), displayName: str(raw.displayName), externalUserState: str(raw.externalUserState),
    externalUserStateChangeDateTime: str(raw.externalUserStateChangeDateTime),
  };
}

export async function readGuests(graph: GraphApi): Promise<LiveGuest[]> {
  const raw = await graph.list<RawGuest>(`/users?${filterEq('userType', 'Guest')}&$select=${GUEST_SELECT}&$top=999`);
  return raw.map(toLive);
}

interface RawDeleted extends RawGuest { userType?: string | null }

/**
 * Deleted guests whose address a declared, missing guest has: every candidate, so that two of them are for the
 * reconcile core to refuse. Read only when a declared guest is missing.
 */
async function deletedCandidates(graph: GraphApi, missing: Set<string>): Promise<LiveGuest[]> {
  const raw = await graph.list<RawDeleted>(`/directory/deletedItems/microsoft.graph.user?$select=${GUEST_SELECT}`);
  return raw.filter((u) => u.userType === 'Guest').map(toLive).filter((g) => g.mail !== null && missing.has(g.email)).map((g) => ({ ...g, deleted: true as const }));
}

export async function fetchGuests(ctx: FetchContext, desired: DesiredGuest[]): Promise<FetchResult<LiveGuest>> {
  // Nothing declared and nothing to prune: no request (a tenant without guests in its YAML reads none).
  if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
  const live = await readGuests(ctx.clients.graph);
  const present = new Set(live.map((g) => g.email));
  const missing = new Set(desired.filter((d) => d.spec.ensure !== 'absent').map((d) => normalKey(d.spec.email)).filter((e) => !present.has(e)));
  const deleted = missing.size > 0 ? await deletedCandidates(ctx.clients.graph, missing) : [];
  return { live: [...live, ...deleted], complete: true };
}
