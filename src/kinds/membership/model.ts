// The membership kind's shapes. One change per group, address `membership:<mailNickname lower>`, carrying the
// members and owners to add and remove as addresses (`user:<upn>`, `group:<nick>`, `guest:<email>`,
// `servicePrincipal:<appId>`).
import type { TenantConfig } from '../../config/model.js';
import { declaredType, GRAPH_GROUP_TYPES, isDynamicSpec } from '../group/model.js';
import { referenceAddress } from '../shared/refs.js';
import { normalKey } from '../shared/reconcile.js';
import { declaredGuests } from '../guest/model.js';

export interface DesiredMembership {
  group: string;
  members?: string[];
  owners?: string[];
  additive: boolean;
  path: string;
}

export interface LiveMembership {
  /** The group's id. */
  id: string;
  group: string;
  dynamic: boolean;
  members: string[];
  owners: string[];
  /** Object ids of the current members and owners by address: removals need them. */
  ids: Record<string, string>;
  /**
   * The group is in deleted items and the plan restores it: it returns with its old members and owners, which Graph
   * does not list while it is deleted, so `members` and `owners` are empty here and not what the group will hold.
   */
  restoring?: boolean;
}

export const membershipAddress = (group: string): string => `membership:${group.toLowerCase()}`;

export const addressOf = (o: DesiredMembership | LiveMembership): string => membershipAddress(o.group);

/** A reference as an address; a user address that is a declared guest's email is that guest (`guest:<email>`). */
function address(ref: string, guests: ReadonlySet<string>): string {
  const a = referenceAddress(ref);
  return a.startsWith('user:') && guests.has(normalKey(a.slice(5))) ? `guest:${normalKey(a.slice(5))}` : a;
}

const refs = (list: string[] | undefined, guests: ReadonlySet<string>): string[] | undefined =>
  (list === undefined ? undefined : [...new Set(list.map((r) => address(r, guests)))].sort());

export function selectMemberships(config: TenantConfig): DesiredMembership[] {
  const guests = declaredGuests(config.guests);
  const out: DesiredMembership[] = [];
  (config.groups ?? []).forEach((spec, i) => {
    if (!GRAPH_GROUP_TYPES.has(declaredType(spec)) || spec.ensure === 'absent' || isDynamicSpec(spec)) return;
    if (spec.members === undefined && spec.owners === undefined) return;
    const members = refs(spec.members, guests);
    const owners = refs(spec.owners, guests);
    out.push({
      group: spec.mailNickname.toLowerCase(),
      ...(members ? { members } : {}),
      ...(owners ? { owners } : {}),
      additive: spec.membersMode === 'additive',
      path: `groups[${i}]`,
    });
  });
  return out;
}
