// Export of Azure role assignments on every subscription the identity can see, principals by natural key. The CSP
// Admin Agents foreign-principal assignment and assignments inherited from above the subscription are not the
// customer's to declare; principals that no longer exist or have no natural key are left out too.
import type { TenantConfig } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { armOf } from '../azure/api.js';
import { batchGet } from '../../clients/reads.js';
import { seg } from '../shared/graph.js';
import { byKey, count } from '../shared/export.js';
import { inherited, type DesiredAssignment, type LiveAssignment } from './model.js';

type Fetch = (ctx: FetchContext, desired: DesiredAssignment[]) => Promise<FetchResult<LiveAssignment>>;

const SUBSCRIPTIONS = '/subscriptions?api-version=2022-12-01';

/** Object id → `user:<upn>`, `group:<nick>` or `servicePrincipal:<appId>`, read by the type ARM reports. */
async function principalRefs(ctx: FetchContext, live: LiveAssignment[]): Promise<Map<string, string>> {
  const wanted = new Map<string, string>();
  for (const a of live) wanted.set(a.principalId, a.principalType);
  const entries = [...wanted].filter(([, type]) => ['User', 'Group', 'ServicePrincipal'].includes(type));
  const paths = entries.map(([id, type]) =>
    type === 'User' ? `/users/${seg(id)}?$select=id,userPrincipalName` : type === 'Group' ? `/groups/${seg(id)}?$select=id,mailNickname` : `/servicePrincipals/${seg(id)}?$select=id,appId`,
  );
  const found = await batchGet<{ userPrincipalName?: string; mailNickname?: string; appId?: string }>(ctx.clients.graph, paths);
  const refs = new Map<string, string>();
  entries.forEach(([id, type], i) => {
    const o = found[i];
    if (!o) return;
    const ref = type === 'User' ? o.userPrincipalName && `user:${o.userPrincipalName.toLowerCase()}` : type === 'Group' ? o.mailNickname && `group:${o.mailNickname.toLowerCase()}` : o.appId && `servicePrincipal:${o.appId}`;
    if (ref) refs.set(id, ref);
  });
  return refs;
}

export async function exportAzureRoleAssignments(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const subs = (await armOf(ctx.clients).list<{ subscriptionId: string }>(SUBSCRIPTIONS)).map((s) => s.subscriptionId.toLowerCase()).sort();
  if (!subs.length) return { section: 'azure.subscriptions', items: [] };
  const tenant: TenantConfig = { ...ctx.tenant, azure: { subscriptions: subs.map((id) => ({ id })) } };
  const { live } = await fetch({ ...ctx, tenant }, []);
  const refs = await principalRefs(ctx, live);
  const left = { foreign: 0, inherited: 0, unnamed: 0 };
  const bySub = new Map<string, { principal: string; role: string; scope?: string }[]>(subs.map((s) => [s, []]));
  for (const a of live) {
    if (a.principalType === 'ForeignGroup') left.foreign++;
    else if (inherited(a)) left.inherited++;
    else if (!refs.has(a.principalId) || /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(a.role)) left.unnamed++;
    else {
      const scope = a.scope.slice(`/subscriptions/${a.subscriptionId}`.length);
      bySub.get(a.subscriptionId)?.push({ principal: refs.get(a.principalId)!, role: a.role, ...(scope && scope !== '/' ? { scope } : {}) });
    }
  }
  const items = [...bySub].map(([id, list]) => {
    const sorted = list.sort(byKey((x) => [x.scope ?? '', x.principal, x.role].join('\u0000')));
    return sorted.length ? { id, roleAssignments: sorted } : { id };
  });
  const comments = [`${count(items.length, 'subscription')}, ${count(live.length - left.foreign - left.inherited - left.unnamed, 'role assignment')}`];
  if (left.foreign) comments.push(`${count(left.foreign, 'foreign-principal role assignment')} not exported (the CSP Admin Agents access)`);
  if (left.inherited) comments.push(`${count(left.inherited, 'role assignment')} inherited from above the subscription not exported`);
  if (left.unnamed) comments.push(`${count(left.unnamed, 'role assignment')} of deleted principals, devices or unknown roles not exported`);
  return { section: 'azure.subscriptions', items, comments };
}
