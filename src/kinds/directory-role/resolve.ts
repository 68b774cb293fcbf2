// Declared directory roles by display name, resolved against the tenant's role definitions (its custom roles besides
// the built-in ones) for users and for the partner app's service principal alike: one definition per name, else an
// error — two definitions of one name naming both ids, an unknown name with a "did you mean" from the tenant's own.
import { didYouMean } from '../../catalog/entra-roles.js';
import type { Diagnostic } from '../../plan/types.js';
import { ambiguity, byKey } from '../shared/reconcile-children.js';
import { normalKey } from '../shared/reconcile.js';
import type { RoleDefinition } from './model.js';

export interface NamedRole {
  role: string;
  path: string;
}

/** The declared roles with their one definition (named as the tenant names it); the others become diagnostics. */
export function resolveRoles<T extends NamedRole>(
  desired: readonly T[],
  definitions: readonly RoleDefinition[],
  diagnostics: Diagnostic[],
  name: (d: T) => { address: string; holder: string },
): Array<T & { def: RoleDefinition }> {
  const byName = byKey(definitions, (r) => r.displayName);
  const names = definitions.map((r) => r.displayName);
  return desired.flatMap((d) => {
    const found = byName.get(normalKey(d.role)) ?? [];
    const { address, holder } = name(d);
    if (found.length > 1) diagnostics.push(ambiguity(address, 'role definitions', found.map((r) => r.id), d.path));
    else if (!found[0]) diagnostics.push({ severity: 'error', summary: `${holder}: directory role "${d.role}" does not exist in this tenant${didYouMean(d.role, names)}`, address, path: d.path });
    return found.length === 1 ? [{ ...d, role: found[0]!.displayName, def: found[0]! }] : [];
  });
}
