// Pure diff of groups: declared fields only, group-based licenses by name, dynamic membership switched through
// groupTypes. A type that Graph cannot convert (security ↔ Microsoft 365, or an Exchange group) is an error. A declared
// group found only in deleted items is restored (create, reason restore) with its declared fields set afterwards.
import equal from 'fast-deep-equal';
import type { Diagnostic, FieldChange, LicenseOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { canonicalPlans, resolveLicense, skuByName, type SkuCatalog } from '../shared/skus.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';
import { groupAddress } from '../shared/refs.js';
import { replaceable, replacement } from './replace.js';
import { addressOf, declaredType, GRAPH_GROUP_TYPES, isDynamicSpec, isExchangeSpec, wireType, type DesiredGroup, type GroupLicense, type LiveGroup } from './model.js';

const SCALARS = ['displayName', 'description', 'visibility', 'membershipRule', 'membershipRuleProcessingState'] as const;

function view(l: LiveGroup): Record<string, unknown> {
  const { id: _id, deleted: _deleted, ...rest } = l;
  return rest;
}

/** Declared licenses in catalogue spelling, sorted; unknown names become diagnostics. */
function wantLicenses(d: DesiredGroup, catalog: SkuCatalog, diagnostics: Diagnostic[]): GroupLicense[] | undefined {
  if (d.spec.licenses === undefined) return undefined;
  const out: GroupLicense[] = [];
  d.spec.licenses.forEach((l, j) => {
    const { unknown } = resolveLicense(catalog, l.sku, l.disabledPlans ?? []);
    for (const u of unknown) diagnostics.push({ severity: 'error', summary: `${addressOf(d)}: ${u}`, address: addressOf(d), path: `${d.path}.licenses[${j}]` });
    if (unknown.length) return;
    const sku = skuByName(catalog, l.sku)!.skuPartNumber;
    out.push({ sku, disabledPlans: canonicalPlans(catalog, sku, l.disabledPlans ?? []) });
  });
  return out.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** The desired values of every declared field, including groupTypes derived from the type and the rule. */
function wanted(d: DesiredGroup, catalog: SkuCatalog, diagnostics: Diagnostic[]): Record<string, unknown> {
  const out: Record<string, unknown> = { mailNickname: d.spec.mailNickname, type: declaredType(d.spec) };
  for (const f of SCALARS) if (d.spec[f] !== undefined) out[f] = d.spec[f];
  if (isDynamicSpec(d.spec) && d.spec.membershipRuleProcessingState === undefined) out.membershipRuleProcessingState = 'On';
  const licenses = wantLicenses(d, catalog, diagnostics);
  if (licenses !== undefined) out.licenses = licenses;
  return out;
}

function updateFields(want: Record<string, unknown>, l: LiveGroup, dynamic: boolean): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const [path, after] of Object.entries(want)) {
    if (path === 'mailNickname' || path === 'type') continue;
    const before = (l as unknown as Record<string, unknown>)[path] ?? null;
    if (!equal(before, after)) fields.push({ path, before, after });
  }
  if (dynamic && !l.groupTypes.includes('DynamicMembership')) {
    fields.push({ path: 'groupTypes', before: l.groupTypes, after: [...l.groupTypes, 'DynamicMembership'].sort() });
  }
  return fields;
}

/** The one `assignLicense` call that takes the group's licenses from `before` to `after`, by id, when they differ. */
function licenseOps(catalog: SkuCatalog, before: GroupLicense[], after: GroupLicense[]): LicenseOps | undefined {
  const add = after.filter((a) => !before.some((b) => equal(a, b)));
  const remove = before.filter((b) => !after.some((a) => a.sku === b.sku));
  if (!add.length && !remove.length) return undefined;
  const addLicenses = add.flatMap((a) => resolveLicense(catalog, a.sku, a.disabledPlans).resolved ?? []);
  return { op: 'licenses', addLicenses, removeLicenses: remove.map((r) => skuByName(catalog, r.sku)?.skuId ?? r.sku) };
}

/** The change with the licence ops its `licenses` field needs, if any. */
function withLicenseOps(change: ProposedChange, catalog: SkuCatalog): ProposedChange {
  const field = change.fields.find((f) => f.path === 'licenses');
  const ops = field && licenseOps(catalog, (field.before ?? []) as GroupLicense[], (field.after ?? []) as GroupLicense[]);
  return ops ? { ...change, ops } : change;
}

function createGroup(d: DesiredGroup, want: Record<string, unknown>, diagnostics: Diagnostic[]): ProposedChange {
  const address = addressOf(d);
  if (d.spec.displayName === undefined) {
    diagnostics.push({ severity: 'error', summary: `${address}: displayName is required to create the group`, address, path: `${d.path}.displayName` });
  }
  const after = { ...want, ...wireType(declaredType(d.spec), isDynamicSpec(d.spec)) };
  const fields = Object.entries(after).filter(([p]) => p !== 'mailNickname').map(([path, value]) => ({ path, after: value }));
  return { kind: 'group', address, action: 'create', fields, before: null, after, reason: 'missing' };
}

/** A group is one object whatever `type` says: a type Graph cannot convert in place is refused with the way out. */
export function typeClash(d: DesiredGroup, l: LiveGroup): Diagnostic {
  const address = groupAddress(d.spec.mailNickname);
  const want = declaredType(d.spec);
  const m365 = l.type === 'microsoft365' ? ' (a Microsoft 365 group holds a mailbox, a SharePoint site and perhaps a team, and its deleted copy keeps the address for 30 days)' : '';
  return {
    severity: 'error',
    summary: `${address} is a ${l.type} group in the tenant but ${want} in the YAML; it cannot be converted in place${m365}`,
    detail: `declare it as type ${l.type}, or move its members to a new group under another mailNickname and delete this one (ensure: absent)${replaceable(d, l) ? ', or set replace: true on it to delete, purge and create it anew (its members, owners, mail, files and team are lost)' : ''}`,
    address,
    path: `${d.path}.type`,
  };
}

/** `replace: true` on a group whose type cannot be converted plans delete, purge and create; otherwise refused. */
function typeChange(d: DesiredGroup, l: LiveGroup, want: Record<string, unknown>, diagnostics: Diagnostic[], catalog: SkuCatalog): ProposedChange | undefined {
  if (d.spec.replace === true && replaceable(d, l)) {
    // The new group starts without licenses: all the declared ones are assigned after it is created.
    const licenses = licenseOps(catalog, [], (want.licenses ?? []) as GroupLicense[]);
    return replacement(d, l, { ...want, ...wireType(declaredType(d.spec), isDynamicSpec(d.spec)) }, licenses);
  }
  diagnostics.push(typeClash(d, l));
  return undefined;
}

export function diffGroups(desired: DesiredGroup[], live: LiveGroup[], ctx: DiffContext): DiffResult {
  const catalog = (ctx.facts.skus ?? []) as SkuCatalog;
  const diagnostics: Diagnostic[] = [];
  const wants = new Map(desired.filter((d) => !isExchangeSpec(d)).map((d) => [d, wanted(d, catalog, diagnostics)]));
  const rules: Collection<DesiredGroup, LiveGroup> = {
    kind: 'group',
    address: addressOf,
    id: (l) => l.id,
    path: (d) => d.path,
    absent: (d) => d.spec.ensure === 'absent',
    deleted: (l) => l.deleted === true,
    referenceOnly: isExchangeSpec,
    create: (d) => withLicenseOps(createGroup(d, wants.get(d)!, diagnostics), catalog),
    restore: (d, l) => {
      if (l.type !== declaredType(d.spec)) return typeChange(d, l, wants.get(d)!, diagnostics, catalog);
      const want = wants.get(d)!;
      const restore: ProposedChange = { kind: 'group', address: addressOf(d), action: 'create', fields: updateFields(want, l, isDynamicSpec(d.spec)), before: null, after: { ...view(l), ...want }, reason: 'restore' };
      return withLicenseOps(restore, catalog);
    },
    update: (d, l) => {
      if (l.type !== declaredType(d.spec)) return typeChange(d, l, wants.get(d)!, diagnostics, catalog);
      const want = wants.get(d)!;
      const fields = updateFields(want, l, isDynamicSpec(d.spec));
      return fields.length ? withLicenseOps({ kind: 'group', address: addressOf(d), action: 'update', fields, before: view(l), after: { ...view(l), ...want }, reason: 'field_changed' }, catalog) : undefined;
    },
    remove: (l, reason) => ({ kind: 'group', address: addressOf(l), action: 'delete', fields: [], before: view(l), after: null, reason }),
    notOurs: (l) => (GRAPH_GROUP_TYPES.has(l.type) ? undefined : 'an Exchange group'),
  };
  const out = reconcile(rules, desired, live, ctx);
  diagnostics.push(...exchangeClashes(desired, live));
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}

/**
 * The YAML declares a distribution or mail-enabled security group whose nickname is live as a Graph group: without
 * this the distribution-group kind, which reads Exchange, would create a second group with the same address.
 */
function exchangeClashes(desired: DesiredGroup[], live: LiveGroup[]): Diagnostic[] {
  return desired.flatMap((d) => {
    if (!isExchangeSpec(d) || d.spec.ensure === 'absent') return [];
    const l = live.find((g) => !g.deleted && GRAPH_GROUP_TYPES.has(g.type) && normalKey(g.mailNickname) === normalKey(d.spec.mailNickname));
    return l ? [typeClash(d, l)] : [];
  });
}
