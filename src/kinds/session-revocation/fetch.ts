// Scoped read of the leavers' sessions: the declared users (the read the user kind shares), then, in one `$batch`,
// each leaver's signInSessionsValidFromDateTime, which Graph returns only on `$select`. A failed answer fails the
// read: an unread validity is unknown, never "already revoked".
import { seg } from '../shared/graph.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { readUsers } from '../shared/users.js';
import type { DesiredRevocation, LiveSessions } from './model.js';

export async function fetchSessions(ctx: FetchContext, desired: DesiredRevocation[]): Promise<FetchResult<LiveSessions>> {
  if (desired.length === 0) return { live: [], complete: false };
  const graph = ctx.clients.graph;
  const declared = new Set(desired.map((d) => d.upn));
  const users = (await readUsers(graph, ctx.session, ctx.tenant, false, ctx.directory)).filter((u) => declared.has(u.userPrincipalName.toLowerCase()));
  const answers = await graph.batch<{ signInSessionsValidFromDateTime?: string | null }>(
    users.map((u, i) => ({ id: String(i), method: 'GET', url: `/users/${seg(u.id)}?$select=id,signInSessionsValidFromDateTime` })),
  );
  const live = users.map((u, i): LiveSessions => {
    const a = answers[i]!;
    if (a.status !== 200) throw new Error(`reading the sign-in sessions of ${u.userPrincipalName} failed: HTTP ${a.status} ${JSON.stringify(a.body)}`);
    return { upn: u.userPrincipalName.toLowerCase(), userId: u.id, validFrom: a.body?.signInSessionsValidFromDateTime ?? null, enabled: u.accountEnabled === true };
  });
  return { live, complete: false };
}
