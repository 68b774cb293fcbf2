// The guest kind's shapes. A guest is the user Graph's invitation API creates (userType Guest), named by the
// address it was invited as: Graph keeps that address in `mail` (entra-docs docs/external-id/user-properties.md),
// while its userPrincipalName is `alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`. Address: `guest:<email>`.
import type { GuestSpec } from '../../config/model.js';
import { normalKey } from '../shared/reconcile.js';

export const guestAddress = (email: string): string => `guest:${normalKey(email)}`;

export interface DesiredGuest {
  spec: GuestSpec;
  /** Config path of the entry, e.g. `guests[2]`, for diagnostics. */
  path: string;
}

/** A guest as read: its key, what the YAML manages, and its redemption state (shown, never changed). */
export interface LiveGuest {
  id: string;
  /** The invited address (`mail`), or the UPN for a guest without one (which no declared address matches). */
  email: string;
  userPrincipalName: string;
  /** The mail Graph holds, null for a guest without one (keyed by its UPN then). */
  mail: string | null;
  displayName: string | null;
  /** PendingAcceptance or Accepted for an invited guest, null for a guest made otherwise (resources/user.md). */
  externalUserState: string | null;
  externalUserStateChangeDateTime: string | null;
  /** Found only in `/directory/deletedItems`: restorable for 30 days, so restored rather than invited again. */
  deleted?: true;
  [field: string]: unknown;
}

export const isLive = (o: DesiredGuest | LiveGuest): o is LiveGuest => !('spec' in o);

export const addressOf = (o: DesiredGuest | LiveGuest): string => guestAddress(isLive(o) ? o.email : o.spec.email);

/** The declared guests' addresses, normalised: a group member naming one of them is that guest. */
export function declaredGuests(guests: readonly GuestSpec[] | undefined): Set<string> {
  return new Set((guests ?? []).filter((g) => g.ensure !== 'absent').map((g) => normalKey(g.email)));
}
