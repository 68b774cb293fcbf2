// Entra role names as Microsoft publishes them (src/catalog/entra-roles.ts), checked where a kind's entries name a
// role: a user's directory roles, a GDAP relationship's roles. An unknown name is a warning with a "did you mean".
import { findEntraRole, suggestEntraRole } from '../../catalog/entra-roles.js';
import type { Issue } from '../../config/kind-spec.js';

/** No issue for a built-in role's name; else a warning at `path` ending with what the name is then taken for. */
export function roleNameIssue(name: string, path: string, what: string): Issue[] {
  if (findEntraRole(name)) return [];
  const hint = suggestEntraRole(name);
  const tail = hint ? ` (did you mean "${hint}"?)` : '';
  return [{ severity: 'warning', path, message: `"${name}" is not a built-in Entra role${tail}; ${what}` }];
}
