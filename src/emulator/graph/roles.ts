// The Entra directory roles every emulated tenant has: the product's catalogue of built-in roles, so that the
// emulator and tenantform agree on every role's template id (for built-ins the roleDefinition id is the templateId).
import { ENTRA_ROLES, findEntraRole, type EntraRole } from '../../catalog/entra-roles.js';

export interface BuiltInRole { id: string; displayName: string; description: string }

const asBuiltIn = (r: EntraRole): BuiltInRole => ({ id: r.templateId, displayName: r.displayName, description: r.description });

export const BUILT_IN_ROLES: BuiltInRole[] = ENTRA_ROLES.map(asBuiltIn);

export function findRole(nameOrId: string): BuiltInRole | undefined {
  const role = findEntraRole(nameOrId);
  return role && asBuiltIn(role);
}

export function roleDefinitionView(role: BuiltInRole): Record<string, unknown> {
  return {
    id: role.id, description: role.description, displayName: role.displayName, isBuiltIn: true, isEnabled: true,
    resourceScopes: ['/'], templateId: role.id, version: '1',
    rolePermissions: [{ allowedResourceActions: [], condition: null }],
  };
}
