// The ARM authorization model of one tenant: role definitions (built-ins with their real ids plus custom ones) and
// role assignments at subscription, resource-group and resource scopes. It is kept in `tenant.ext.arm` so that it
// persists with the rest of the state; it is built from the seed's subscriptions on first use.
import { createHash } from 'node:crypto';
import { ApiError } from '../router.js';
import type { EmulatorState, TenantState } from '../state.js';
import { resolvePrincipal } from '../seeding.js';
import type { SeedSubscription } from '../seed.js';
import { servicePrincipals } from '../graph/service-principals.js';

export interface ArmRoleDefinition {
  id: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: string[];
  permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
  /** Audit fields of custom roles; built-in roles carry BUILT_IN_ROLE_DATES and no creator. */
  createdOn?: string;
  updatedOn?: string;
  createdBy?: string | null;
  updatedBy?: string | null;
}

export interface ArmAssignment {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  createdOn: string;
  /** Object id of the caller that created the assignment; null for assignments the seed made. */
  createdBy?: string | null;
  description?: string | null;
}

export interface ArmModel {
  assignments: ArmAssignment[];
  customRoles: ArmRoleDefinition[];
}

const perms = (actions: string[], notActions: string[] = []) => [{ actions, notActions, dataActions: [], notDataActions: [] }];

export const BUILT_IN_ARM_ROLES: ArmRoleDefinition[] = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', permissions: perms(['*']) },
  { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', roleName: 'Contributor', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    permissions: perms(['*'], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action']) },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'View all resources, but does not allow you to make any changes.', permissions: perms(['*/read']) },
  { id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', roleName: 'User Access Administrator', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'Lets you manage user access to Azure resources.', permissions: perms(['*/read', 'Microsoft.Authorization/*']) },
  { id: 'de139f84-1756-47ae-9be6-808fbbe84772', roleName: 'Website Contributor', type: 'BuiltInRole', assignableScopes: ['/'],
    description: "Lets you manage websites (not web plans), but not access to them.", permissions: perms(['Microsoft.Web/sites/*', 'Microsoft.Resources/subscriptions/resourceGroups/read']) },
  { id: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c', roleName: 'Virtual Machine Contributor', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to. This role does not allow you to assign roles in Azure RBAC.',
    permissions: perms(['Microsoft.Compute/virtualMachines/*', 'Microsoft.Resources/subscriptions/resourceGroups/read']) },
  { id: '4633458b-17de-408a-b874-0445c86b69e6', roleName: 'Key Vault Secrets User', type: 'BuiltInRole', assignableScopes: ['/'],
    description: 'Read secret contents. Only works for key vaults that use the \'Azure role-based access control\' permission model.', permissions: perms([]) },
];

/** Built-in roles are Microsoft's, created and updated long before any tenant: one fixed stand-in date for all. */
export const BUILT_IN_ROLE_DATES = { createdOn: '2015-02-02T21:55:09.8806423Z', updatedOn: '2021-11-11T20:13:47.8628684Z' };

/** The display name of the CSP partner's foreign group that owns every CSP subscription. */
export const ADMIN_AGENTS_PRINCIPAL = 'Foreign Principal for partner in role TenantAdmins';

/** A stable GUID from text, so that seeded assignments keep their names across restarts. */
export function stableGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function armModel(state: EmulatorState, tenant: TenantState): ArmModel {
  const existing = tenant.ext.arm as ArmModel | undefined;
  if (existing) return existing;
  const model: ArmModel = { assignments: [], customRoles: [] };
  const isCustomer = state.partner?.customers.some((c) => c.tenantId.toLowerCase() === tenant.tenantId) ?? false;
  for (const sub of tenant.azure.subscriptions) seedSubscription(state, tenant, model, sub, isCustomer);
  tenant.ext.arm = model;
  return model;
}

function seedSubscription(state: EmulatorState, tenant: TenantState, model: ArmModel, sub: SeedSubscription, csp: boolean): void {
  const subScope = `/subscriptions/${sub.subscriptionId}`;
  for (const a of sub.roleAssignments ?? []) {
    const role = findRoleDefinition(model, a.role);
    if (!role) throw new Error(`tenant ${tenant.tenantId}: subscription ${sub.subscriptionId}: unknown Azure role '${a.role}'`);
    const foreign = a.principalType === 'ForeignGroup';
    const principalId = foreign ? a.principal : resolvePrincipal(tenant, a.principal);
    const principalType = a.principalType ?? (tenant.groups.has(principalId) ? 'Group' : servicePrincipals(tenant).some((sp) => sp.id === principalId) ? 'ServicePrincipal' : 'User');
    const scope = a.scope ? `${subScope}${a.scope.startsWith('/') ? '' : '/'}${a.scope}` : subScope;
    model.assignments.push({
      name: a.id ?? stableGuid(`${scope}|${principalId}|${role.id}`), scope, roleDefinitionId: role.id, principalId,
      principalType, createdOn: new Date(tenant.createdMs).toISOString(),
    });
  }
  const hasForeignOwner = model.assignments.some((a) => a.scope === subScope && a.principalType === 'ForeignGroup');
  if (csp && state.partner && !hasForeignOwner) {
    const principalId = stableGuid(`admin-agents|${state.partner.tenantId}|${tenant.tenantId}`);
    model.assignments.push({
      name: stableGuid(`${subScope}|admin-agents`), scope: subScope, roleDefinitionId: BUILT_IN_ARM_ROLES[0]!.id,
      principalId, principalType: 'ForeignGroup', createdOn: new Date(tenant.createdMs).toISOString(),
    });
  }
}

export function allRoleDefinitions(model: ArmModel): ArmRoleDefinition[] {
  return [...BUILT_IN_ARM_ROLES, ...model.customRoles];
}

export function findRoleDefinition(model: ArmModel, nameOrId: string): ArmRoleDefinition | undefined {
  const key = nameOrId.toLowerCase().split('/').pop() ?? '';
  return allRoleDefinitions(model).find((r) => r.id === key || r.roleName.toLowerCase() === nameOrId.toLowerCase());
}

export interface ParsedScope { scope: string; subscription: SeedSubscription; resourceGroup?: string }

/** Checks that the scope's subscription belongs to the calling tenant and its resource group exists. */
export function resolveScope(state: EmulatorState, tenant: TenantState, subscriptionId: string, rg?: string, rest = ''): ParsedScope {
  const sub = tenant.azure.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (!sub) {
    const elsewhere = [...state.tenants.values()].some((t) => t.azure.subscriptions.some((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()));
    if (elsewhere) {
      throw new ApiError(401, 'InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer 'https://sts.windows.net/${tenant.tenantId}/'. It must match the tenant associated with subscription '${subscriptionId}'.`);
    }
    throw new ApiError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
  let scope = `/subscriptions/${sub.subscriptionId}`;
  if (rg !== undefined) {
    const group = (sub.resourceGroups ?? []).find((g) => g.toLowerCase() === rg.toLowerCase());
    if (!group) throw new ApiError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    scope += `/resourceGroups/${group}${rest}`;
  }
  return { scope, subscription: sub, resourceGroup: rg };
}

export const sameScope = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** True when `ancestor` is `scope` or one of its parents. */
export function covers(ancestor: string, scope: string): boolean {
  const a = ancestor.toLowerCase().replace(/\/$/, '');
  const s = scope.toLowerCase();
  return s === a || s.startsWith(`${a}/`);
}
