// Kind `namedLocation`: Conditional Access named locations, IP ranges (trusted or not) or countries, keyed by
// displayName (normalised by the reconcile core). Graph: GET/POST /identity/conditionalAccess/namedLocations, PATCH
// and DELETE …/{id}; every write names the derived type in `@odata.type`, and each IP range its own
// (microsoft-graph-docs-contrib api-reference/v1.0/api/conditionalaccessroot-post-namedlocations.md, namedlocation-update.md).
import { awaitReadable } from '../../clients/poll.js';
import type { NamedLocationSpec } from '../../config/model.js';
import { opsOf, type FieldChange, type ProposedChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, Kind } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';

export const LOCATIONS_PATH = '/identity/conditionalAccess/namedLocations';
export const locationAddress = (displayName: string): string => `namedLocation:${normalKey(displayName)}`;

// Type aliases, not interfaces, so that a location is a plain record for the plan.
export type LocationShape = {
  displayName: string;
  type: 'ip' | 'country';
  ipRanges?: string[];
  isTrusted?: boolean;
  countriesAndRegions?: string[];
  includeUnknownCountriesAndRegions?: boolean;
  countryLookupMethod?: string;
};
export type NamedLocationLive = LocationShape & { id: string };

interface WireLocation {
  id: string; displayName: string; '@odata.type'?: string; isTrusted?: boolean; ipRanges?: { cidrAddress: string }[];
  countriesAndRegions?: string[]; includeUnknownCountriesAndRegions?: boolean; countryLookupMethod?: string | null;
}

const sorted = (list: string[] | undefined): string[] => [...new Set((list ?? []).map((s) => s.trim()))].sort();

export function fromWire(w: WireLocation): NamedLocationLive {
  if (w['@odata.type'] === '#microsoft.graph.countryNamedLocation') {
    return {
      id: w.id, displayName: w.displayName, type: 'country', countriesAndRegions: sorted(w.countriesAndRegions),
      includeUnknownCountriesAndRegions: w.includeUnknownCountriesAndRegions === true, countryLookupMethod: w.countryLookupMethod ?? 'clientIpAddress',
    };
  }
  return { id: w.id, displayName: w.displayName, type: 'ip', ipRanges: sorted(w.ipRanges?.map((r) => r.cidrAddress.toLowerCase())), isTrusted: w.isTrusted === true };
}

/** The desired location in the live shape; omitted booleans take Graph's defaults (false, client IP lookup). */
export function desiredView(d: NamedLocationSpec): LocationShape {
  if (d.countriesAndRegions) {
    return {
      displayName: d.displayName, type: 'country', countriesAndRegions: sorted(d.countriesAndRegions),
      includeUnknownCountriesAndRegions: d.includeUnknownCountriesAndRegions === true, countryLookupMethod: d.countryLookupMethod ?? 'clientIpAddress',
    };
  }
  return { displayName: d.displayName, type: 'ip', ipRanges: sorted(d.ipRanges?.map((r) => r.toLowerCase())), isTrusted: d.isTrusted === true };
}

/** The request body Graph takes for a location of this shape. */
export function wireBody(v: LocationShape): Record<string, unknown> {
  if (v.type === 'country') {
    return {
      '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: v.displayName, countriesAndRegions: v.countriesAndRegions,
      includeUnknownCountriesAndRegions: v.includeUnknownCountriesAndRegions, countryLookupMethod: v.countryLookupMethod,
    };
  }
  const ranges = (v.ipRanges ?? []).map((cidrAddress: string) => ({ '@odata.type': `#microsoft.graph.${cidrAddress.includes(':') ? 'iPv6CidrRange' : 'iPv4CidrRange'}`, cidrAddress }));
  return { '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: v.displayName, isTrusted: v.isTrusted, ipRanges: ranges };
}

const FIELDS = ['displayName', 'ipRanges', 'isTrusted', 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod'] as const;

function fieldChanges(want: LocationShape, have: NamedLocationLive | undefined): FieldChange[] {
  return FIELDS.filter((f) => want[f] !== undefined && JSON.stringify(want[f]) !== JSON.stringify(have?.[f]))
    .map((f) => ({ path: f, before: have?.[f], after: want[f] }));
}

function diffLocations(desired: NamedLocationSpec[], live: NamedLocationLive[], ctx: DiffContext): DiffResult {
  const path = (d: NamedLocationSpec): string => `namedLocations[${desired.indexOf(d)}]`;
  const diagnostics: DiffResult['diagnostics'] = [];
  const change = (d: NamedLocationSpec, l: NamedLocationLive | undefined): ProposedChange | undefined => {
    const want = desiredView(d);
    if (l && l.type !== want.type) {
      diagnostics.push({ severity: 'error', summary: `${locationAddress(d.displayName)}: the live location lists ${l.type === 'ip' ? 'IP ranges' : 'countries'}; a named location cannot change its type`, detail: 'declare a new location under another name, point the policies at it, then remove this one', path: path(d) });
      return undefined;
    }
    const fields = fieldChanges(want, l);
    if (fields.length === 0) return undefined;
    const base = { kind: 'namedLocation', address: locationAddress(d.displayName), fields, after: { ...want, ...(l ? { id: l.id } : {}) }, ops: { op: 'graphWrite' as const, body: wireBody(want), ...(l ? { id: l.id } : {}) } };
    return l ? { ...base, action: 'update', before: l, reason: 'field_changed' } : { ...base, action: 'create', before: null, reason: 'missing' };
  };
  const locations: Collection<NamedLocationSpec, NamedLocationLive> = {
    kind: 'namedLocation', address: (o) => locationAddress(o.displayName), id: (l) => l.id, path,
    absent: (d) => d.ensure === 'absent',
    create: (d) => change(d, undefined),
    update: change,
    remove: (l, reason) => ({ kind: 'namedLocation', address: locationAddress(l.displayName), action: 'delete', fields: [], before: l, after: null, reason, destructive: true, ops: { op: 'graphDelete', id: l.id } }),
  };
  const result = reconcile(locations, desired, live, ctx);
  return { changes: result.changes, diagnostics: [...diagnostics, ...result.diagnostics], unmanaged: result.unmanaged };
}

export function locationToYaml(l: NamedLocationLive): Record<string, unknown> {
  if (l.type === 'country') {
    const out: Record<string, unknown> = { displayName: l.displayName, countriesAndRegions: l.countriesAndRegions };
    if (l.includeUnknownCountriesAndRegions) out.includeUnknownCountriesAndRegions = true;
    if (l.countryLookupMethod && l.countryLookupMethod !== 'clientIpAddress') out.countryLookupMethod = l.countryLookupMethod;
    return out;
  }
  return { displayName: l.displayName, ipRanges: l.ipRanges, ...(l.isTrusted ? { isTrusted: true } : {}) };
}


export const namedLocationKind: Kind<NamedLocationSpec, NamedLocationLive> = {
  kind: 'namedLocation',
  shape: 'collection', section: 'namedLocations', listKey: ['displayName'], keyLabel: 'named location displayName',
  prefix: 'namedLocation', schema: 'security.schema.json',
  // conditionalaccessroot-list-namedlocations.md: Policy.Read.All; -post-namedlocations.md, namedlocation-update.md and
  // -delete.md: Policy.ReadWrite.ConditionalAccess (with Policy.Read.All). In a customer tenant through GDAP the
  // Conditional Access Administrator role writes, Security Reader reads.
  permissions: {
    read: { graph: ['Policy.Read.All'], gdapRoles: ['Security Reader'] },
    write: { graph: ['Policy.ReadWrite.ConditionalAccess'], gdapRoles: ['Conditional Access Administrator'] },
  },
  pruneKey: 'namedLocations',
  select: (config) => config.namedLocations ?? [],
  address: (o) => locationAddress(o.displayName),
  async fetch(ctx, desired) {
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const graph = ctx.clients.graph;
    // The Conditional Access kind reads the same list in the same run: one read.
    const wire = await ctx.session.shared(LOCATIONS_PATH, () => graph.list<WireLocation>(LOCATIONS_PATH));
    return { live: wire.map(fromWire), complete: true };
  },
  diff: diffLocations,
  async apply(change, ctx) {
    const graph = ctx.clients.graph;
    const pathOf = (id: string): string => `${LOCATIONS_PATH}/${encodeURIComponent(id)}`;
    if (change.action === 'delete') {
      await graph.delete(pathOf(opsOf(change, 'graphDelete').id));
      return {};
    }
    const ops = opsOf(change, 'graphWrite');
    if (ops.id !== undefined) {
      await graph.patch(pathOf(ops.id), ops.body);
      return { id: ops.id };
    }
    const { id } = await graph.post<{ id: string }>(LOCATIONS_PATH, ops.body);
    // A policy naming the new location is written next: it must read back first, and so must the next plan.
    const seen = await awaitReadable(graph, pathOf(id), ctx.clients.clock);
    return { id, ...(seen ? {} : { message: 'created; not yet readable, a plan made right away may not see it' }) };
  },
  async export(ctx) {
    const { live } = await namedLocationKind.fetch({ ...ctx, prune: true }, []);
    const items = [...live].sort(byKey((l) => l.displayName)).map(locationToYaml);
    return { section: 'namedLocations', items, comments: [count(items.length, 'named location')] };
  },
};
