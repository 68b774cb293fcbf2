// The Entra directory roles every emulated tenant has: the product's catalogue of built-in roles, so that the
// emulator and tenantform agree on every role's template id (for built-ins the roleDefinition id is the templateId).
import { ENTRA_ROLES, findEntraRole, type EntraRole } from '../../catalog/entra-roles.js';

export interface BuiltInRole { id: string; displayName: string; description: string; custom?: true }

const asBuiltIn = (r: EntraRole): BuiltInRole => ({ id: r.templateId, displayName: r.displayName, description: r.description });

export const BUILT_IN_ROLES: BuiltInRole[] = ENTRA_ROLES.map(asBuiltIn);

export function findRole(nameOrId: string): BuiltInRole | undefined {
  const role = findEntraRole(nameOrId);
  return role && asBuiltIn(role);
}

/**
 * A tenant's custom role definitions (seeded, kept in the tenant's persisted `ext`). Their id is their own, and so is
 * their name: nothing stops one from sharing a built-in role's display name in another case, which tenantform must
 * refuse to guess between.
 */
export function customRoles(tenant: { ext: Record<string, unknown> }): BuiltInRole[] {
  const list = tenant.ext.customRoles;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: unknown) => {
    if (r === null || typeof r !== 'object') return [];
    const { id, displayName, description } = r as Record<string, unknown>;
    return typeof id === 'string' && typeof displayName === 'string' ? [{ id, displayName, description: typeof description === 'string' ? description : '', custom: true }] : [];
  });
}

export function roleDefinitionView(role: BuiltInRole): Record<string, unknown> {
  return {
    id: role.id, description: role.description, displayName: role.displayName, isBuiltIn: role.custom !== true, isEnabled: true,
    resourceScopes: ['/'], templateId: role.id, version: '1',
    rolePermissions: [{ allowedResourceActions: [], condition: null }],
  };
}
