// Scoped read for declared passes: the declared users (the read the user kind shares), and the tenant's Temporary
// Access Pass policy only when a pass is about to be issued, so a tenant whose new hires have all signed in costs no
// policy read and needs no policy permission.
// GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass:
// microsoft-graph-docs-contrib api-reference/v1.0/api/temporaryaccesspassauthenticationmethodconfiguration-get.md
import type { FetchContext, FetchResult } from '../contract.js';
import { readUsers } from '../shared/users.js';
import type { DesiredTap, LiveTap, TapPolicy } from './model.js';

export const TAP_POLICY_PATH = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';

export async function fetchTaps(ctx: FetchContext, desired: DesiredTap[]): Promise<FetchResult<LiveTap>> {
  const graph = ctx.clients.graph;
  const declared = new Set(desired.map((d) => d.upn));
  const users = (await readUsers(graph, ctx.session, ctx.tenant, false, ctx.directory)).filter((u) => declared.has(u.userPrincipalName.toLowerCase()));
  const live = users.map((u) => ({ upn: u.userPrincipalName.toLowerCase(), userId: u.id }));
  const existing = new Set(live.map((l) => l.upn));
  if (desired.every((d) => existing.has(d.upn))) return { live, complete: false };
  const policy = await graph.get<TapPolicy>(TAP_POLICY_PATH);
  return { live, complete: false, facts: { policy } };
}
