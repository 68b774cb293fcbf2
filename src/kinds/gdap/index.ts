// GDAP relationships, managed in the partner tenant per customer (Graph on the partner tenant). New relationships
// are locked for approval and the customer's approval link is reported; once active, access assignments follow,
// and a replacement ends by terminating its predecessors.
import { gdapChecks } from './checks.js';
import type { Kind } from '../contract.js';
import { partnerGraphOf } from '../azure/api.js';
import { applyGdap } from './apply.js';
import { diffGdap } from './diff.js';
import { exportGdap } from './export.js';
import { gdapGate } from './gate.js';
import { KIND, address, readGroups, readRelationships, selectGdap, type DesiredGdap, type LiveGdap } from './model.js';

export const gdapKind: Kind<DesiredGdap, LiveGdap> = {
  kind: KIND,
  checks: gdapChecks,
  shape: 'collection', section: 'partner.gdap', listKey: ['displayName'], keyLabel: 'GDAP relationship displayName', prefix: KIND,
    schema: 'partner.schema.json',
  // Relationships and the partner's security groups live in the partner tenant.
  permissions: {
    read: { partnerGraph: ['DelegatedAdminRelationship.Read.All', 'GroupMember.Read.All'] },
    write: { partnerGraph: ['DelegatedAdminRelationship.ReadWrite.All'] },
  },
  pruneKey: 'gdap',
  select: selectGdap,
  address,
  export: (ctx) => exportGdap(ctx, gdapKind.fetch),
  async fetch(ctx, desired) {
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const graph = partnerGraphOf(ctx.clients);
    const live = await readRelationships(graph, ctx.tenant.tenant.tenantId);
    const groups = await readGroups(graph, desired);
    return { live, complete: true, facts: { ...groups } };
  },
  diff: diffGdap,
  accessGate: gdapGate,
  apply: applyGdap,
};
