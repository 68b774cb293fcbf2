// Pure diff of direct license assignments, with the plan-time seat check: a SKU whose free seats cannot cover the
// plan's net additions is an error naming the SKU and the shortfall, before anything is sent to the tenant. Group-based
// licensing counts too: a group license reaching N declared members who lack the SKU takes N seats.
import equal from 'fast-deep-equal';
import type { Diagnostic, LicenseOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { userAddress } from '../shared/refs.js';
import { canonicalPlans, resolveLicense, skuByName, type SkuCatalog, type SkuInfo } from '../shared/skus.js';
import { leavers, retiredLeavers } from '../shared/lifecycle.js';
import { normalKey } from '../shared/reconcile.js';
import { reconcileChildren, type Children } from '../shared/reconcile-children.js';
import { addressOf, groupSeatDemand, licenseAddress, licensedUsers, type DesiredLicense, type LiveLicense } from './model.js';

const view = (upn: string, sku: string, disabledPlans: string[]): Record<string, unknown> => ({ userPrincipalName: upn, sku, disabledPlans });

interface Tally {
  adds: ProposedChange[];
  removes: ProposedChange[];
  /** Users who get the SKU through a declared group license and do not hold it yet. */
  groupAdds: Set<string>;
  path?: string;
}

const upnOf = (c: ProposedChange): string => String((c.after ?? c.before)?.userPrincipalName);

/** Seats taken by group-based licensing: members who hold the SKU neither now nor through a direct add of this plan. */
function countGroupSeats(ctx: DiffContext, catalog: SkuCatalog, tally: (sku: string) => Tally): void {
  const held = (ctx.facts.holdings ?? {}) as Record<string, string[]>;
  for (const d of groupSeatDemand(ctx.tenant)) {
    const info = skuByName(catalog, d.sku);
    if (!info) continue;
    const t = tally(info.skuPartNumber);
    const direct = new Set(t.adds.map(upnOf));
    for (const upn of d.upns) if (!direct.has(upn) && !(held[upn] ?? []).includes(info.skuId)) t.groupAdds.add(upn);
    t.path ??= d.path;
  }
}

/**
 * Seats the same plan buys: a `partner.seats` quantity above what the tenant holds. Licenses may count on them, and
 * wait for that purchase (the seats change) before they are assigned.
 */
function seatsBought(ctx: DiffContext, info: SkuInfo): number {
  const declared = (ctx.tenant.partner?.seats ?? []).filter((s) => s.sku.toLowerCase() === info.skuPartNumber.toLowerCase());
  const quantity = declared.reduce((n, s) => n + s.quantity, 0);
  return declared.length > 0 ? Math.max(0, quantity - info.enabled) : 0;
}

function seatCheck(ctx: DiffContext, catalog: SkuCatalog, tallies: Map<string, Tally>, diagnostics: Diagnostic[], grouped: Map<string, Set<string>>): void {
  for (const [sku, t] of tallies) {
    const found = skuByName(catalog, sku);
    if (!found) continue;
    const bought = seatsBought(ctx, found);
    const info = { ...found, free: found.free + bought };
    if (bought > 0) for (const add of t.adds) add.dependsOn = [...(add.dependsOn ?? []), `seats:${found.skuPartNumber}`];
    // A direct removal frees no seat when the user keeps the SKU through a group.
    const freed = t.removes.filter((r) => !grouped.get(sku)?.has(upnOf(r))).length;
    const need = t.adds.length + t.groupAdds.size - freed;
    if (need > info.free) {
      const viaGroups = t.groupAdds.size ? ` (${t.groupAdds.size} through group-based licensing)` : '';
      diagnostics.push({
        severity: 'error',
        summary: `not enough ${sku} licenses: the plan needs ${need} more${viaGroups} but only ${info.free} are free (short by ${need - info.free})`,
        detail: `buy ${need - info.free} more ${sku} seats or assign fewer`,
        address: `license:*/${sku}`,
        ...(t.path ? { path: t.path } : {}),
      });
    }
    // Tight on seats: assignments wait for the removals of the same SKU that free them.
    if (t.adds.length > info.free) for (const add of t.adds) add.dependsOn = [...(add.dependsOn ?? []), ...t.removes.map((r) => r.address)];
  }
}

/** Per SKU, the declared members of groups that license it. */
function groupedUsers(ctx: DiffContext, catalog: SkuCatalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of groupSeatDemand(ctx.tenant)) {
    const sku = skuByName(catalog, d.sku)?.skuPartNumber;
    if (sku) out.set(sku, new Set([...(out.get(sku) ?? []), ...d.upns]));
  }
  return out;
}

const rules: Children<never, DesiredLicense, LiveLicense> = {
  kind: 'license',
  parentAddress: userAddress,
  parentOf: (o) => o.upn,
  listOf: () => 'licenses',
  childOf: (o) => o.sku,
  childId: (l) => l.skuId,
  principalOf: (l) => l.upn,
  same: (d, l) => equal(d.disabledPlans, l.disabledPlans),
};

/** Declared licenses in catalogue spelling; names the catalogue lacks become diagnostics and are left out. */
function resolved(desired: DesiredLicense[], catalog: SkuCatalog, diagnostics: Diagnostic[]): DesiredLicense[] {
  return desired.flatMap((d) => {
    const { unknown } = resolveLicense(catalog, d.sku, d.disabledPlans);
    for (const u of unknown) diagnostics.push({ severity: 'error', summary: `${d.upn}: ${u}`, address: licenseAddress(d.upn, d.sku), path: d.path });
    if (unknown.length > 0) return [];
    const sku = skuByName(catalog, d.sku)!.skuPartNumber;
    return [{ ...d, sku, disabledPlans: canonicalPlans(catalog, sku, d.disabledPlans) }];
  });
}

/** The `assignLicense` body that grants a license with its disabled plans, by id (on an update it replaces them). */
function grant(catalog: SkuCatalog, d: DesiredLicense): LicenseOps {
  const { resolved: r } = resolveLicense(catalog, d.sku, d.disabledPlans);
  return { op: 'licenses', addLicenses: r ? [{ skuId: r.skuId, disabledPlans: r.disabledPlans }] : [], removeLicenses: [] };
}

function removal(l: LiveLicense, reason: 'not_declared' | 'pruned'): ProposedChange {
  return {
    kind: 'license', address: addressOf(l), action: 'delete', before: { ...view(l.upn, l.sku, l.disabledPlans), skuId: l.skuId }, after: null, reason, fields: [],
    ops: { op: 'licenses', addLicenses: [], removeLicenses: [l.skuId] },
  };
}

export function diffLicenses(desired: DesiredLicense[], live: LiveLicense[], ctx: DiffContext): DiffResult {
  const catalog = (ctx.facts.skus ?? []) as SkuCatalog;
  const diagnostics: Diagnostic[] = [];
  const decls = licensedUsers(ctx.tenant).map(({ spec, index }) => ({ key: spec.userPrincipalName, path: `users[${index}].licenses`, lists: { licenses: 'authoritative' as const } }));
  // A leaver being deleted keeps its licenses until the deletion takes them along.
  const retired = retiredLeavers(ctx.tenant, ctx.now);
  const held = live.filter((l) => !retired.has(normalKey(l.upn)));
  const plan = reconcileChildren(rules, decls, resolved(desired, catalog, diagnostics), held, { ...ctx, protected: ctx.tenant.policy?.protected ?? [] });
  diagnostics.push(...plan.diagnostics);
  const changes: ProposedChange[] = [];
  const tallies = new Map<string, Tally>();
  const tally = (sku: string): Tally => tallies.get(sku) ?? (tallies.set(sku, { adds: [], removes: [], groupAdds: new Set() }).get(sku) as Tally);
  for (const delta of plan.parents) {
    for (const d of delta.add) {
      const c: ProposedChange = {
        kind: 'license', address: addressOf(d), action: 'create', before: null, after: view(d.upn, d.sku, d.disabledPlans), reason: 'missing',
        fields: [{ path: 'sku', after: d.sku }, { path: 'disabledPlans', after: d.disabledPlans }], ops: grant(catalog, d),
        dependsOn: [userAddress(d.upn)],
      };
      changes.push(c);
      const t = tally(d.sku);
      t.adds.push(c);
      t.path ??= d.path;
    }
    for (const { d, l } of delta.update) {
      changes.push({
        kind: 'license', address: addressOf(d), action: 'update', before: view(d.upn, d.sku, l.disabledPlans), after: view(d.upn, d.sku, d.disabledPlans),
        reason: 'field_changed', ops: grant(catalog, d),
        fields: [{
          path: 'disabledPlans', before: l.disabledPlans, after: d.disabledPlans,
          added: d.disabledPlans.filter((p) => !l.disabledPlans.includes(p)), removed: l.disabledPlans.filter((p) => !d.disabledPlans.includes(p)),
        }],
      });
    }
  }
  const removals = [...plan.parents.flatMap((p) => p.remove.map((l) => removal(l, 'not_declared'))), ...plan.pruned.map((l) => removal(l, 'pruned'))];
  const leaving = leavers(ctx.tenant);
  for (const c of removals) {
    // A user mailbox without a license is removed after 30 days: a leaver's goes only once its mailbox is shared.
    const upn = upnOf(c);
    const life = leaving.get(normalKey(upn))?.lifecycle;
    if (life && life.convertMailbox !== false) c.dependsOn = [`mailbox:${upn.toLowerCase()}`];
    changes.push(c);
    tally(String(c.before?.sku)).removes.push(c);
  }
  countGroupSeats(ctx, catalog, tally);
  seatCheck(ctx, catalog, tallies, diagnostics, groupedUsers(ctx, catalog));
  return { changes, diagnostics, unmanaged: plan.unmanaged };
}
