// Path forms Graph treats as one. Functions may be called with or without their empty parentheses (`/users/delta`
// and `/users/delta()`, see api-reference/v1.0/api/user-delta.md), and a type cast segment may name the type with the
// `graph.` alias of the `microsoft.graph` namespace (`/directory/deletedItems/graph.user`, which is the form the
// Kiota-generated SDKs send; concepts/query-parameters.md and the OData casting rules). The routes name one form each.
const FUNCTION_CALL = /^(delta)\(\)$/i;
const ALIASED_CAST = /^graph\.([A-Za-z]+)$/;
// An entity addressed by key in parentheses, `teams('{id}')`, is the key-as-segment form `teams/{id}` (OData URL
// conventions; the Location of a team's archive names its operation so, team-archive.md).
const KEY_PAREN = /^([A-Za-z]+)\('([^'/]+)'\)$/;

function normalizeSegment(segment: string): string {
  const call = segment.match(FUNCTION_CALL);
  if (call) return call[1] as string;
  const cast = segment.match(ALIASED_CAST);
  if (cast) return `microsoft.graph.${cast[1] as string}`;
  const key = segment.match(KEY_PAREN);
  if (key) return `${key[1] as string}/${key[2] as string}`;
  return segment;
}

/** `/v1.0/users/delta()` → `/v1.0/users/delta`; `/v1.0/groups/{id}/members/graph.user` → `…/microsoft.graph.user`. */
export function normalizeGraphPath(path: string): string {
  return path.split('/').map(normalizeSegment).join('/');
}
