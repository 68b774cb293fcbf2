// Scoped read of users: the declared users by UPN (batched GETs or pages of 999, whichever is cheaper; everything when pruning), their
// managers when the YAML declares one, and deleted items for declared users that are missing so they are restored.
import type { GraphApi } from '../../clients/types.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet } from '../../clients/reads.js';
import { seg } from '../shared/graph.js';
import { normalKey } from '../shared/reconcile.js';
import { readUsers } from '../shared/users.js';
import { USER_FIELDS, USER_IDENTITY, policyList, type DesiredUser, type LiveUser } from './model.js';

const SELECT = `$select=id,userPrincipalName,${USER_FIELDS.join(',')},${USER_IDENTITY.join(',')}`;

type RawUser = { id: string; userPrincipalName: string } & Record<string, unknown>;

/** Every selected property present, null when unset, in a fixed order: fingerprints must not depend on the wire. */
function normalize(raw: RawUser): LiveUser {
  const out: LiveUser = { id: raw.id, userPrincipalName: raw.userPrincipalName };
  for (const f of USER_FIELDS) out[f] = raw[f] ?? null;
  for (const f of USER_IDENTITY) out[f] = raw[f] ?? null;
  out.passwordPolicies = policyList(raw.passwordPolicies);
  return out;
}

/** Entra renames a deleted user to `<object id without dashes><original UPN>`; some tenants keep the original. */
export function deletedMatches(raw: { id: string; userPrincipalName: string }, upn: string): boolean {
  const live = raw.userPrincipalName.toLowerCase();
  const want = upn.toLowerCase();
  return live === want || live === raw.id.replace(/-/g, '').toLowerCase() + want;
}

export async function readManagers(graph: GraphApi, users: LiveUser[]): Promise<void> {
  const managers = await batchGet<{ userPrincipalName?: string; id: string }>(
    graph,
    users.map((u) => `/users/${seg(u.id)}/manager?$select=id,userPrincipalName`),
  );
  users.forEach((u, i) => {
    const m = managers[i];
    u.manager = m ? (m.userPrincipalName ?? m.id).toLowerCase() : null;
  });
}

export async function fetchUsers(ctx: FetchContext, desired: DesiredUser[]): Promise<FetchResult<LiveUser>> {
  const graph = ctx.clients.graph;
  const declared = new Set(desired.map((d) => d.spec.userPrincipalName.toLowerCase()));
  const raw = (await readUsers(graph, ctx.session, ctx.tenant, ctx.prune, ctx.directory)).filter((u) => ctx.prune || declared.has(u.userPrincipalName.toLowerCase()));
  const live = raw.map(normalize);
  const byUpn = new Map(live.map((u) => [u.userPrincipalName.toLowerCase(), u]));

  const withManager = desired.filter((d) => d.spec.manager !== undefined && byUpn.has(d.spec.userPrincipalName.toLowerCase()));
  await readManagers(graph, withManager.map((d) => byUpn.get(d.spec.userPrincipalName.toLowerCase())!));

  const missing = desired.filter((d) => d.spec.ensure !== 'absent' && !d.spec.external && !byUpn.has(d.spec.userPrincipalName.toLowerCase()));
  if (missing.length > 0) {
    const deleted = await graph.list<RawUser>(`/directory/deletedItems/microsoft.graph.user?${SELECT}`);
    for (const d of missing) {
      // Every candidate: two deleted users for one UPN is for the reconcile core to refuse, not for a read to pick.
      for (const hit of deleted.filter((u) => deletedMatches(u, d.spec.userPrincipalName))) {
        // Addressed by the declared UPN: the deleted object's own UPN may carry the id prefix.
        live.push({ ...normalize({ ...hit, userPrincipalName: d.spec.userPrincipalName.toLowerCase() }), deleted: true });
      }
    }
  }
  if (ctx.prune) await markMailUsers(ctx, live);
  return { live, complete: ctx.prune };
}

/**
 * Marks the accounts of mail users (Get-MailUser, RecipientTypeDetails MailUser), which belong to the mailUser kind:
 * a full read must tell them apart before anything is pruned, so an Exchange read that fails fails the fetch.
 */
async function markMailUsers(ctx: FetchContext, live: LiveUser[]): Promise<void> {
  const ex = ctx.clients.exchange;
  if (!ex) return;
  const rows = await ex.invoke<Record<string, unknown>>('Get-MailUser', { ResultSize: 'Unlimited' });
  const accounts = new Set(rows.map((r) => normalKey(String(r.MicrosoftOnlineServicesID ?? r.UserPrincipalName ?? ''))));
  for (const u of live) if (accounts.has(normalKey(u.userPrincipalName))) u.mailUser = true;
}
