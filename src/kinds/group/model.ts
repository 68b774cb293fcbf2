// The group kind's shapes. Address: `group:<mailNickname lower>`. Security and Microsoft 365 groups (static or
// dynamic) only: distribution lists and mail-enabled security groups are Exchange objects and belong to its kinds.
import type { GroupSpec, TenantConfig } from '../../config/model.js';
import { groupAddress } from '../shared/refs.js';

export type GroupType = 'security' | 'microsoft365' | 'mailEnabledSecurity' | 'distribution';

export interface DesiredGroup {
  spec: GroupSpec;
  path: string;
}

export interface GroupLicense {
  sku: string;
  disabledPlans: string[];
}

export interface LiveGroup {
  id: string;
  mailNickname: string;
  type: GroupType;
  groupTypes: string[];
  displayName: string | null;
  description: string | null;
  visibility: string | null;
  membershipRule: string | null;
  membershipRuleProcessingState: string | null;
  /** Group-based licenses by name, sorted by SKU. */
  licenses: GroupLicense[];
  /** Found only in `/directory/deletedItems` (a Microsoft 365 group, restorable for 30 days). */
  deleted?: true;
}

export const GRAPH_GROUP_TYPES: ReadonlySet<GroupType> = new Set(['security', 'microsoft365']);

export const isLiveGroup = (o: DesiredGroup | LiveGroup): o is LiveGroup => !('spec' in o);

export const addressOf = (o: DesiredGroup | LiveGroup): string => groupAddress(isLiveGroup(o) ? o.mailNickname : o.spec.mailNickname);

export const declaredType = (spec: GroupSpec): GroupType => spec.type ?? 'security';

export const isDynamicSpec = (spec: GroupSpec): boolean => spec.membershipRule !== undefined;

/**
 * Every declared group, whatever its type: a distribution or mail-enabled security group is the distribution-group
 * kind's to manage, but this kind still reads its nickname, so one that is live as a Graph group is a type clash
 * rather than a second group with the same address.
 */
export function selectGroups(config: TenantConfig): DesiredGroup[] {
  return (config.groups ?? []).map((spec, i) => ({ spec, path: `groups[${i}]` }));
}

export const isExchangeSpec = (d: DesiredGroup): boolean => !GRAPH_GROUP_TYPES.has(declaredType(d.spec));

/** What Graph needs on create for a type: the flags and groupTypes of the reference's group kinds. */
export function wireType(type: GroupType, dynamic: boolean): { mailEnabled: boolean; securityEnabled: boolean; groupTypes: string[] } {
  const groupTypes = [...(type === 'microsoft365' ? ['Unified'] : []), ...(dynamic ? ['DynamicMembership'] : [])];
  return { mailEnabled: type === 'microsoft365', securityEnabled: type === 'security', groupTypes };
}

export function typeOf(raw: { groupTypes?: string[]; mailEnabled?: boolean; securityEnabled?: boolean }): GroupType {
  if (raw.groupTypes?.includes('Unified')) return 'microsoft365';
  if (raw.mailEnabled) return raw.securityEnabled ? 'mailEnabledSecurity' : 'distribution';
  return 'security';
}
