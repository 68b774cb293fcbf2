// The reconcile loop of every singleton kind (one object per tenant: security defaults, the authorization policy,
// Exchange's organization settings, the Partner Admin Link), decided once: read the one object only when the YAML
// declares it; two objects where the service keeps one is an error naming both, never a pick; none is a create when
// the kind can make it, else an error (a policy every tenant has is not "absent"); a failed read throws, so the tenant
// is unknown, never empty; only the declared fields are compared; at most one update, carrying the typed ops apply
// sends. A kind supplies its read, its field comparison and its ops; it never plans the change itself.
import type { TenantConfig } from '../../config/model.js';
import { opsOf, type ChangeOps, type Diagnostic, type FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ExportResult, FetchContext, FetchResult, Kind, ProposedChange } from '../contract.js';
import { ambiguity } from './reconcile.js';

export interface Singleton<D, L> {
  kind: string;
  /** Its one address (`securityDefaults:tenant`). */
  address: string;
  /** Its YAML section, for diagnostics. */
  path: string;
  /** What the service holds (one object, or none where it can be missing); a failed read throws. */
  read(ctx: FetchContext, want: D): Promise<L[]>;
  /** The object's id, to name both of an ambiguous read. */
  id(l: L): string;
  /** The declared fields whose live value differs: only what the YAML gives is managed. */
  fields(want: D, have: L): FieldChange[];
  /** What apply sends for those fields; absent where apply sends the change's `after`. */
  ops?(want: D, have: L, fields: FieldChange[]): ChangeOps;
  /** Changes the update must follow (security defaults switched on after the policies a plan turns off). */
  dependsOn?(want: D, ctx: DiffContext): string[];
  /** Makes the object when the service has none; without it, none is an error. */
  create?(want: D): ProposedChange;
}

/** Reads the one object, or nothing when the YAML does not declare it (no request). */
export async function fetchSingleton<D, L>(s: Singleton<D, L>, ctx: FetchContext, desired: D[]): Promise<FetchResult<L>> {
  const want = desired[0];
  if (want === undefined) return { live: [], complete: false };
  return { live: await s.read(ctx, want), complete: true };
}

/** The declared keys of `want` whose value differs from `have`'s (compared as JSON), in `keys` order if given. */
export function changedFields(want: object, have: object, keys?: readonly string[]): FieldChange[] {
  const w = want as Record<string, unknown>;
  const h = have as Record<string, unknown>;
  return (keys ?? Object.keys(w))
    .filter((k) => w[k] !== undefined && JSON.stringify(w[k]) !== JSON.stringify(h[k] ?? null))
    .map((k) => ({ path: k, before: h[k] ?? null, after: w[k] }));
}

export function diffSingleton<D, L extends Record<string, unknown>>(s: Singleton<D, L>, desired: D[], live: L[], ctx: DiffContext): DiffResult {
  const want = desired[0];
  if (want === undefined) return { changes: [] };
  if (live.length > 1) return { changes: [], diagnostics: [ambiguity(s.address, 'live objects', live.map((l) => s.id(l)), s.path)] };
  const have = live[0];
  if (have === undefined) {
    if (s.create) return { changes: [s.create(want)] };
    const missing: Diagnostic = { severity: 'error', summary: `${s.address}: the tenant answered without this object, which every tenant has; nothing is planned for it`, address: s.address, path: s.path };
    return { changes: [], diagnostics: [missing] };
  }
  const fields = s.fields(want, have);
  if (fields.length === 0) return { changes: [] };
  const after = { ...have, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  const ops = s.ops?.(want, have, fields);
  const dependsOn = s.dependsOn?.(want, ctx) ?? [];
  const change: ProposedChange = {
    kind: s.kind, address: s.address, action: 'update', reason: 'field_changed', fields, before: { ...have }, after,
    ...(ops ? { ops } : {}), ...(dependsOn.length ? { dependsOn } : {}),
  };
  return { changes: [change] };
}

/** A singleton's export: its one entry when anything differs from an untouched tenant, with why the rest is left out. */
export function exportSingleton(section: string, item: Record<string, unknown> | undefined, untouched: string): ExportResult {
  const items = item && Object.keys(item).length > 0 ? [item] : [];
  return { section, single: true, items, comments: items.length ? [`only the settings that differ from ${untouched} are listed`] : [] };
}

/** What a singleton kind spreads into its `Kind`: its section's one entry, its one address, the core's fetch and diff. */
export function singletonBehaviour<D, L extends Record<string, unknown>>(
  s: Singleton<D, L>,
  entry: (config: TenantConfig) => D | undefined,
): Pick<Kind<D, L>, 'select' | 'address' | 'fetch' | 'diff'> {
  return {
    select: (config) => {
      const d = entry(config);
      return d === undefined ? [] : [d];
    },
    address: () => s.address,
    fetch: (ctx, desired) => fetchSingleton(s, ctx, desired),
    diff: (desired, live, ctx) => diffSingleton(s, desired, live, ctx),
  };
}

/** Apply of a Graph singleton: one PATCH of its path with the body the plan holds (Graph answers 204). */
export function patchGraph(path: string): Kind['apply'] {
  return async (change, ctx) => {
    await ctx.clients.graph.patch(path, opsOf(change, 'graphWrite').body);
    return {};
  };
}
