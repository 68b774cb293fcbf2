// Desired and live Azure role assignments, their shared address, and the principal references they use.
import type { TenantConfig } from '../../config/model.js';

export const KIND = 'azureRoleAssignment';
export const API = 'api-version=2022-04-01';
export const AUTH = 'providers/Microsoft.Authorization';

export interface DesiredAssignment {
  subscriptionId: string;
  /** Full ARM scope: `/subscriptions/<id>[/resourceGroups/<rg>[/providers/...]]`. */
  scope: string;
  principal: string;
  role: string;
  ensure?: 'present' | 'absent';
  /** Config path, for diagnostics. */
  path: string;
}

export interface LiveAssignment {
  /** Full ARM id of the assignment. */
  id: string;
  subscriptionId: string;
  scope: string;
  /** `user:<upn>`, `group:<mailNickname>`, `servicePrincipal:<appId>`, or `id:<objectId>` when not declared. */
  principal: string;
  principalId: string;
  principalType: string;
  role: string;
  roleDefinitionId: string;
}

export interface RoleFacts {
  /** Per subscription id (lower case): role name (lower case) → role definition id (GUID). */
  roles: Record<string, Record<string, string>>;
  /** Declared principal references (lower case) → object id; absent when not (yet) in the directory. */
  principals: Record<string, string>;
  /** Declared principal references (lower case) that several objects answer to → all their ids. */
  ambiguous?: Record<string, string[]>;
}

export function fullScope(subscriptionId: string, scope: string | undefined): string {
  const sub = `/subscriptions/${subscriptionId}`;
  if (!scope || scope === '/') return sub;
  if (scope.toLowerCase().startsWith('/subscriptions/')) return scope.replace(/\/$/, '');
  return `${sub}${scope.startsWith('/') ? '' : '/'}${scope.replace(/\/$/, '')}`;
}

export function address(o: { scope: string; principal: string; role: string }): string {
  return `${KIND}:${o.scope.toLowerCase()}|${o.principal.toLowerCase()}|${o.role.toLowerCase()}`;
}

export function selectAssignments(config: TenantConfig): DesiredAssignment[] {
  return (config.azure?.subscriptions ?? []).flatMap((sub, i) =>
    (sub.roleAssignments ?? []).map((ra, j) => ({
      subscriptionId: sub.id.toLowerCase(), scope: fullScope(sub.id, ra.scope), principal: ra.principal, role: ra.role,
      ensure: ra.ensure, path: `azure.subscriptions[${i}].roleAssignments[${j}]`,
    })));
}

export type PrincipalKind = 'User' | 'Group' | 'ServicePrincipal';

export function principalKind(ref: string): PrincipalKind | undefined {
  const prefix = ref.split(':')[0]?.toLowerCase();
  return prefix === 'user' ? 'User' : prefix === 'group' ? 'Group' : prefix === 'serviceprincipal' ? 'ServicePrincipal' : undefined;
}

/** The address of the object a reference points at, for ordering after its creation in the same plan. */
export function principalAddress(ref: string): string | undefined {
  const kind = principalKind(ref);
  return kind === 'User' || kind === 'Group' ? ref.toLowerCase() : undefined;
}

/** Inherited from a management group or the root: not under the subscription, so never ours to remove. */
export function inherited(a: LiveAssignment): boolean {
  return !a.scope.toLowerCase().startsWith(`/subscriptions/${a.subscriptionId}`);
}
