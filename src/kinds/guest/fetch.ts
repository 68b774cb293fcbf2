// The read of guests: every user with userType Guest, one list in pages of 999 (`$filter=userType eq 'Guest'`,
// resources/user.md: userType supports $filter eq). It is always complete, so two guests with one address are seen
// (and refused by the reconcile core) and undeclared guests are counted; prune still needs `policy.prune.guests`.
import type { GraphApi } from '../../clients/types.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { filterEq } from '../shared/graph.js';
import type { DesiredGuest, LiveGuest } from './model.js';

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

export async function fetchGuests(ctx: FetchContext, desired: DesiredGuest[]): Promise<FetchResult<LiveGuest>> {
  // Nothing declared and nothing to prune: no request (a tenant without guests in its YAML reads none).
  if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
  return { live: await readGuests(ctx.clients.graph), complete: true };
}
