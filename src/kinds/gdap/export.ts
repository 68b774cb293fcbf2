// Export of the GDAP relationships with this customer, read in the partner tenant: roles and access by display
// name. A relationship still in `created` (never sent for approval) is left out: declaring it would plan its lock.
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { entraRoleById } from '../../catalog/entra-roles.js';
import { batchGet } from '../../clients/reads.js';
import { seg } from '../shared/graph.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import type { DesiredGdap, LiveGdap, LiveRelationship } from './model.js';

type Fetch = (ctx: FetchContext, desired: DesiredGdap[]) => Promise<FetchResult<LiveGdap>>;

const roleName = (id: string): string | undefined => entraRoleById(id)?.displayName;

/** The generation the diff compares against: the newest one that has not expired. */
const target = (l: LiveGdap): LiveRelationship | undefined => l.generations.filter((g) => g.status !== 'expired').pop();

export async function exportGdap(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const partner = ctx.clients.partnerGraph;
  if (!partner) return { section: 'partner.gdap', items: [], comments: ['GDAP not exported: no connection to the partner tenant (AZURE_TENANT_ID)'] };
  const { live } = await fetch({ ...ctx, prune: true }, []);
  const groupIds = [...new Set(live.flatMap((l) => target(l)?.access.map((a) => a.groupId) ?? []))].sort();
  const groups = await batchGet<{ displayName?: string }>(partner, groupIds.map((id) => `/groups/${seg(id)}?$select=id,displayName`));
  const groupName = new Map(groupIds.map((id, i) => [id, groups[i]?.displayName]));
  const items: Record<string, unknown>[] = [];
  const left: string[] = [];
  for (const l of [...live].sort(byKey((x) => x.displayName))) {
    const t = target(l);
    if (!t) continue;
    const roles = t.roles.map(roleName);
    const access = t.access.map((a) => ({ group: groupName.get(a.groupId), roles: a.roles.map(roleName) }));
    if (t.status === 'created' || roles.includes(undefined) || access.some((a) => !a.group || a.roles.includes(undefined))) {
      left.push(l.displayName);
      continue;
    }
    const item: Record<string, unknown> = { displayName: l.displayName, duration: t.duration };
    if (t.autoExtendDuration !== 'PT0S') item.autoExtend = t.autoExtendDuration;
    item.roles = sortStrings(roles as string[]);
    if (access.length) item.access = access.map((a) => ({ group: a.group, roles: sortStrings(a.roles as string[]) })).sort(byKey((a) => a.group!));
    items.push(item);
  }
  const comments = [`${count(items.length, 'GDAP relationship')} with this customer`];
  if (left.length) comments.push(`not exported (never locked for approval, or roles or groups that cannot be named): ${left.join(', ')}`);
  return { section: 'partner.gdap', items, comments };
}
