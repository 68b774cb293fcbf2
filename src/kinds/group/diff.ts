// Pure diff of groups: declared fields only, group-based licenses by name, dynamic membership switched through
// groupTypes. A type that Graph cannot convert (security ↔ Microsoft 365, or an Exchange group) is an error. A declared
// group found only in deleted items is restored (create, reason restore) with its declared fields set afterwards.
import equal from 'fast-deep-equal';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { canonicalPlans, resolveLicense, skuByName, type SkuCatalog } from '../shared/skus.js';
import { addressOf, declaredType, isDynamicSpec, wireType, type DesiredGroup, type GroupLicense, type LiveGroup } from './model.js';

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

export function diffGroups(desired: DesiredGroup[], live: LiveGroup[], ctx: DiffContext): DiffResult {
  const catalog = (ctx.facts.skus ?? []) as SkuCatalog;
  const liveBy = new Map(live.map((l) => [addressOf(l), l]));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const d of desired) {
    const address = addressOf(d);
    const l = liveBy.get(address);
    if (d.spec.ensure === 'absent') {
      if (l && !l.deleted) changes.push({ kind: 'group', address, action: 'delete', fields: [], before: view(l), after: null, reason: 'ensure_absent' });
      continue;
    }
    const want = wanted(d, catalog, diagnostics);
    const dynamic = isDynamicSpec(d.spec);
    if (!l) {
      if (d.spec.displayName === undefined) {
        diagnostics.push({ severity: 'error', summary: `${address}: displayName is required to create the group`, address, path: `${d.path}.displayName` });
      }
      const after = { ...want, ...wireType(declaredType(d.spec), dynamic) };
      const fields = Object.entries(after).filter(([p]) => p !== 'mailNickname').map(([path, value]) => ({ path, after: value }));
      changes.push({ kind: 'group', address, action: 'create', fields, before: null, after, reason: 'missing' });
      continue;
    }
    if (l.type !== want.type) {
      diagnostics.push({
        severity: 'error',
        summary: `${address} is a ${l.type} group in the tenant but ${String(want.type)} in the YAML; Graph cannot convert it`,
        detail: 'declare the group under its live type, or delete it (ensure: absent) and declare a new group with another mailNickname',
        address,
        path: `${d.path}.type`,
      });
      continue;
    }
    const fields = updateFields(want, l, dynamic);
    if (l.deleted) {
      changes.push({ kind: 'group', address, action: 'create', fields, before: null, after: { ...view(l), ...want }, reason: 'restore' });
      continue;
    }
    if (fields.length) changes.push({ kind: 'group', address, action: 'update', fields, before: view(l), after: { ...view(l), ...want }, reason: 'field_changed' });
  }
  const declared = new Set(desired.map(addressOf));
  const strays = ctx.complete ? live.filter((l) => !declared.has(addressOf(l))) : [];
  if (ctx.prune) for (const l of strays) changes.push({ kind: 'group', address: addressOf(l), action: 'delete', fields: [], before: view(l), after: null, reason: 'pruned' });
  return { changes, diagnostics, unmanaged: strays.length };
}
