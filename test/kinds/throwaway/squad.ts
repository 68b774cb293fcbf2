// A throwaway kind that exists only in the kind-contract test: "squads", security groups keyed by their
// mailNickname, each with a lead (a user reference) who becomes the group's owner when it is created, and maybe a
// parent squad (a reference to its own type). It is a kind
// folder in miniature: its description, its schema file next to it, its fetch/diff/apply/export over the real Graph
// client against the emulator. Graph: create with `owners@odata.bind`
// (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/group-post-groups.md), rename with PATCH
// (api-reference/v1.0/api/group-update.md), list with `$filter` on securityEnabled/mailEnabled and `$select`
// (api-reference/v1.0/api/group-list.md).
import { fileURLToPath } from 'node:url';
import type { TenantConfig } from '../../../src/config/model.js';
import { sectionOf } from '../../../src/config/kind-spec.js';
import type { Kind, ProposedChange } from '../../../src/kinds/contract.js';
import { findCycles } from '../../../src/kinds/shared/cycles.js';
import { idOf, objectRef } from '../../../src/kinds/shared/refs.js';
import { seg } from '../../../src/kinds/shared/graph.js';
import { awaitReadable } from '../../../src/clients/poll.js';

export interface SquadSpec {
  name: string;
  displayName?: string;
  lead?: string;
  /** The squad it reports to: created first (squads nest in the organisation, not in Entra). */
  parent?: string;
}

interface LiveSquad {
  id: string;
  name: string;
  displayName: string;
}

interface GraphGroup {
  id: string;
  mailNickname?: string | null;
  displayName?: string | null;
  groupTypes?: string[];
}

const key = (name: string): string => name.normalize('NFC').toLowerCase();
const addressOf = (o: { name: string }): string => `squad:${key(o.name)}`;

const isSquad = (v: unknown): v is SquadSpec =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';

/** The loader validated `squads` against squads.schema.json; the guard only narrows the type. */
function select(config: TenantConfig): SquadSpec[] {
  const list = sectionOf(config, 'squads');
  return Array.isArray(list) ? list.filter(isSquad) : [];
}

/** Its meaning rule, in its own folder: no squad reports to itself through its parents. */
function parentCycles(config: TenantConfig) {
  const squads = select(config);
  const edges = new Map(squads.map((q) => [key(q.name), q.parent ? [key(q.parent.replace(/^squad:/, ''))] : []]));
  return findCycles(edges).map((cycle) => ({
    severity: 'error' as const,
    path: `squads[${squads.findIndex((q) => key(q.name) === cycle[0])}].parent`,
    message: `squads report to each other: ${cycle.join(' → ')}`,
  }));
}

export const squadKind: Kind<SquadSpec, LiveSquad> = {
  kind: 'squad',
  shape: 'collection',
  section: 'squads',
  listKey: ['name'],
  keyLabel: 'squad name',
  prefix: 'squad',
  offers: [{ type: 'squad', field: 'name' }],
  uses: [{ field: 'lead', types: ['user'] }, { field: 'parent', types: ['squad'] }],
  schema: fileURLToPath(new URL('./squads.schema.json', import.meta.url)),
  checks: [parentCycles],
  permissions: { read: { graph: ['Group.Read.All'] }, write: { graph: ['Group.ReadWrite.All'] } },
  pruneKey: 'squads',
  select,
  address: addressOf,
  async fetch(ctx, desired) {
    // Security groups only: the Microsoft 365 groups of a tenant are not squads.
    const groups = await ctx.clients.graph.list<GraphGroup>(
      '/groups?$filter=securityEnabled eq true and mailEnabled eq false&$select=id,mailNickname,displayName,groupTypes',
    );
    const wanted = new Set(desired.map((d) => key(d.name)));
    const live = groups
      .filter((g) => g.mailNickname && !(g.groupTypes ?? []).includes('Unified'))
      .map((g) => ({ id: g.id, name: key(g.mailNickname!), displayName: g.displayName ?? '' }));
    return { live: live.filter((l) => ctx.prune || wanted.has(l.name)), complete: true };
  },
  diff(desired, live) {
    const byName = new Map(live.map((l) => [l.name, l]));
    const changes = desired.flatMap((d): ProposedChange[] => {
      const l = byName.get(key(d.name));
      const displayName = d.displayName ?? d.name;
      const after = { name: key(d.name), displayName, ...(l ? {} : { lead: d.lead ?? null }) };
      if (!l) {
        const dependsOn = [...(d.lead ? [`user:${key(d.lead)}`] : []), ...(d.parent ? [d.parent.toLowerCase()] : [])];
        return [{ kind: 'squad', address: addressOf(d), action: 'create', before: null, after, reason: 'missing', fields: [{ path: 'displayName', after: displayName }], dependsOn }];
      }
      if (l.displayName === displayName) return [];
      return [{ kind: 'squad', address: addressOf(d), action: 'update', before: { ...l }, after: { ...after, id: l.id }, reason: 'field_changed', fields: [{ path: 'displayName', before: l.displayName, after: displayName }] }];
    });
    return { changes };
  },
  async apply(change, ctx) {
    const after = change.after as { name: string; displayName: string; lead?: string | null; id?: string };
    if (change.action === 'update') {
      await ctx.clients.graph.patch(`/groups/${seg(after.id!)}`, { displayName: after.displayName });
      return {};
    }
    const owners = after.lead ? [objectRef(await idOf(ctx, `user:${key(after.lead)}`))] : [];
    const body = { displayName: after.displayName, mailNickname: after.name, mailEnabled: false, securityEnabled: true, 'owners@odata.bind': owners };
    const created = await ctx.clients.graph.post<{ id: string }>('/groups', body);
    // Like every kind that creates: wait until the new object reads back (eventual consistency), on the clients' clock.
    await awaitReadable(ctx.clients.graph, `/groups/${seg(created.id)}?$select=id`, ctx.clients.clock);
    return { id: created.id };
  },
  async export(ctx) {
    const { live } = await squadKind.fetch(ctx, []);
    return { section: 'squads', items: live.map((l) => ({ name: l.name, displayName: l.displayName })) };
  },
};
