// Plan-time guardrails beyond deletes, applied centrally to the changes left after ignore, protection and prune
// gating: never leave the tenant without a Global Administrator, never leave an owned group ownerless, and the
// budgets of deletes and of removals (members, owners, role assignments). Each refusal names the objects and, when
// the YAML caused it, the config path it came from; `policy.allow` overrides the first two explicitly.
import type { Policy, TenantConfig } from '../config/model.js';
import type { Diagnostic, GlobalAdminHolder, ProposedChange, TenantFacts } from './types.js';
import { GLOBAL_ADMIN_ROLE } from '../catalog/entra-roles.js';

const LISTED = 20;
/** Kinds whose every delete takes a role away from a principal. */
const ROLE_KINDS = new Set(['directoryRole', 'azureRoleAssignment']);

export const destroys = (c: ProposedChange): boolean => c.action === 'delete' || c.action === 'replace';

/** `a, b, c, … and N more`: enough to review, bounded for a plan of thousands. */
export function listed(items: string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … and ${items.length - LISTED} more` : shown;
}

const lowerUpn = (address: string): string => address.replace(/^user:/i, '').toLowerCase();

function userPath(tenant: TenantConfig | undefined, upn: string, field: string): string | undefined {
  const i = (tenant?.users ?? []).findIndex((u) => u.userPrincipalName.toLowerCase() === upn);
  return i < 0 ? undefined : `users[${i}].${field}`;
}

function groupPath(tenant: TenantConfig | undefined, address: string): string | undefined {
  const nick = address.slice(address.indexOf(':') + 1).toLowerCase();
  const i = (tenant?.groups ?? []).findIndex((g) => g.mailNickname.toLowerCase() === nick);
  return i < 0 ? undefined : `groups[${i}].owners`;
}

const disables = (c: ProposedChange): boolean =>
  c.kind === 'user' && c.action === 'update' && c.fields.some((f) => f.path === 'accountEnabled' && f.after === false);

/** The change that takes Global Administrator from `h`, if any, and the config path that asked for it. */
function removalOf(h: GlobalAdminHolder, changes: ProposedChange[], tenant: TenantConfig | undefined) {
  for (const c of changes) {
    if (c.kind === 'directoryRole' && destroys(c) && c.before?.assignmentId === h.assignmentId) {
      return { change: c, path: c.reason === 'pruned' ? 'policy.prune.directoryRoles' : userPath(tenant, h.userPrincipalName, 'roles') };
    }
    if (c.kind === 'user' && c.address.toLowerCase() === `user:${h.userPrincipalName}` && (destroys(c) || disables(c))) {
      const field = disables(c) ? 'accountEnabled' : 'ensure';
      return { change: c, path: c.reason === 'pruned' ? 'policy.prune.users' : userPath(tenant, h.userPrincipalName, field) };
    }
  }
  return undefined;
}

/** Global Administrators granted by this plan to users it neither deletes nor disables count as staying. */
function granted(changes: ProposedChange[]): string[] {
  const gone = new Set(changes.filter((c) => c.kind === 'user' && (destroys(c) || disables(c))).map((c) => lowerUpn(c.address)));
  return changes
    .filter((c) => c.kind === 'directoryRole' && c.action === 'create' && String(c.after?.roleDefinitionId).toLowerCase() === GLOBAL_ADMIN_ROLE)
    .map((c) => String(c.after?.userPrincipalName).toLowerCase())
    .filter((upn) => !gone.has(upn));
}

export function lastGlobalAdmin(changes: ProposedChange[], facts: TenantFacts, tenant: TenantConfig | undefined): Diagnostic[] {
  const holders = facts.globalAdmins;
  if (!holders || tenant?.policy?.allow?.removeLastGlobalAdmin) return [];
  const removals = holders.flatMap((h) => {
    const r = removalOf(h, changes, tenant);
    return r ? [{ holder: h, ...r }] : [];
  });
  const staying = holders.filter((h) => h.enabled && !removals.some((r) => r.holder === h)).length + granted(changes).length;
  if (staying > 0 || !removals.some((r) => r.holder.enabled)) return [];
  return removals.map(({ holder, change, path }) => ({
    severity: 'error',
    summary: `plan refused: ${change.address} (${change.action}, ${change.reason}) would leave the tenant without a Global Administrator: ${holder.userPrincipalName} is the last enabled user holding it`,
    detail: 'assign Global Administrator to another user first, or set policy.allow.removeLastGlobalAdmin: true if this is intended',
    address: change.address,
    ...(path ? { path } : {}),
  }));
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Owners a change leaves, minus users the same plan deletes. */
export function ownerlessGroups(changes: ProposedChange[], tenant: TenantConfig | undefined): Diagnostic[] {
  if (tenant?.policy?.allow?.ownerlessGroups) return [];
  const deleted = new Set(changes.filter((c) => c.kind === 'user' && destroys(c)).map((c) => lowerUpn(c.address)));
  const out: Diagnostic[] = [];
  for (const c of changes) {
    const owners = c.action === 'update' ? c.fields.find((f) => f.path === 'owners') : undefined;
    if (!owners || list(owners.before).length === 0) continue;
    const left = list(owners.after).filter((o) => !deleted.has(lowerUpn(o)));
    if (left.length > 0) continue;
    const path = groupPath(tenant, c.address);
    out.push({
      severity: 'error',
      summary: `plan refused: ${c.address} would be left without an owner (removing ${listed(list(owners.before))})`,
      detail: 'declare at least one owner, or set policy.allow.ownerlessGroups: true if this is intended',
      address: c.address,
      ...(path ? { path } : {}),
    });
  }
  return out;
}

/** Each member, owner and role assignment a change takes away, as `address: member x` or the assignment's address. */
export function removalsOf(c: ProposedChange): string[] {
  if (ROLE_KINDS.has(c.kind) && destroys(c)) return [c.address];
  return c.fields
    .filter((f) => f.path === 'members' || f.path === 'owners')
    .flatMap((f) => list(f.removed).map((r) => `${c.address}: ${f.path === 'members' ? 'member' : 'owner'} ${r}`));
}

export function budgets(changes: ProposedChange[], policy: Policy | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const deletes = changes.filter(destroys).map((c) => c.address);
  if (policy?.maxDeletes !== undefined && deletes.length > policy.maxDeletes) {
    out.push({
      severity: 'error',
      summary: `plan refused: ${deletes.length} deletes exceed maxDeletes ${policy.maxDeletes}`,
      detail: `deletes: ${listed(deletes)}; raise policy.maxDeletes or split the change if these deletes are intended`,
      path: 'policy.maxDeletes',
    });
  }
  const removals = changes.flatMap(removalsOf);
  if (policy?.maxRemovals !== undefined && removals.length > policy.maxRemovals) {
    out.push({
      severity: 'error',
      summary: `plan refused: ${removals.length} removals of members, owners and role assignments exceed maxRemovals ${policy.maxRemovals}`,
      detail: `removals: ${listed(removals)}; raise policy.maxRemovals or split the change if these removals are intended`,
      path: 'policy.maxRemovals',
    });
  }
  return out;
}
