// Kind `authenticationMethod`: the tenant's authentication methods policy, one object per method
// (`authenticationMethod:fido2`): whether the method is enabled and for which groups (`all_users` or groups by
// mailNickname), and which groups are excluded. GET /policies/authenticationMethodsPolicy reads them all; PATCH
// …/authenticationMethodConfigurations/{id} writes one (microsoft-graph-docs-contrib api-reference/v1.0/api/
// authenticationmethodspolicy-get.md, authenticationmethodconfiguration-update.md). Temporary Access Pass takes its
// state only here (its lifetimes are the temporary-access-pass kind's reading).
import type { AuthenticationMethodSpec } from '../../config/model.js';
import { batchGet, type Page } from '../../clients/reads.js';
import { opsOf, type Diagnostic, type ProposedChange } from '../../plan/types.js';
import type { Kind } from '../contract.js';
import { filterEq, seg } from '../shared/graph.js';
import { idOf } from '../shared/refs.js';
import { normalKey } from '../shared/reconcile.js';
import { byKey } from '../shared/export.js';

const PATH = '/policies/authenticationMethodsPolicy';
const IDS: Record<string, string> = {
  microsoftAuthenticator: 'MicrosoftAuthenticator', fido2: 'Fido2', sms: 'Sms', voice: 'Voice', email: 'Email',
  softwareOath: 'SoftwareOath', x509Certificate: 'X509Certificate', temporaryAccessPass: 'TemporaryAccessPass',
};
// The state each method has in an untouched tenant (authenticationmethodspolicy-get.md's example): export lists the others.
const UNTOUCHED: Record<string, string> = { sms: 'enabled', email: 'enabled' };
const ALL_USERS = 'all_users';
const address = (method: string): string => `authenticationMethod:${method}`;

export interface DesiredMethod { method: string; spec: AuthenticationMethodSpec }
interface Target { id: string; targetType?: string; [k: string]: unknown }
export type MethodLive = { method: string; id: string; type: string; state: string; include: string[]; exclude: string[]; targets: Target[] };
interface WireConfig { '@odata.type'?: string; id: string; state?: string; includeTargets?: Target[]; excludeTargets?: Target[] }
interface Facts { groups: Record<string, string[]> }

const methodOf = (configId: string): string | undefined => Object.keys(IDS).find((k) => IDS[k]!.toLowerCase() === configId.toLowerCase());

async function groupNames(ctx: Parameters<Kind['fetch']>[0], configs: WireConfig[], desired: DesiredMethod[]): Promise<{ names: Map<string, string>; facts: Facts }> {
  const graph = ctx.clients.graph;
  const ids = [...new Set(configs.flatMap((c) => [...(c.includeTargets ?? []), ...(c.excludeTargets ?? [])]).filter((t) => t.targetType === 'group' && t.id !== ALL_USERS).map((t) => t.id))];
  const found = await batchGet<{ id: string; mailNickname?: string }>(graph, ids.map((id) => `/groups/${seg(id)}?$select=id,mailNickname`));
  const names = new Map<string, string>();
  const facts: Facts = { groups: {} };
  for (const g of found) if (g?.mailNickname) { names.set(g.id, normalKey(g.mailNickname)); (facts.groups[normalKey(g.mailNickname)] ??= []).push(g.id); }
  const wanted = [...new Set(desired.flatMap((d) => [...(d.spec.include ?? []), ...(d.spec.exclude ?? [])]).filter((n) => n !== ALL_USERS).map(normalKey))].filter((n) => !facts.groups[n]);
  const pages = await batchGet<Page<{ id: string }>>(graph, wanted.map((n) => `/groups?${filterEq('mailNickname', n)}&$select=id`));
  pages.forEach((p, i) => { if (p?.value?.length) facts.groups[wanted[i]!] = p.value.map((g) => g.id); });
  return { names, facts };
}

function body(d: DesiredMethod, l: MethodLive, facts: Facts | undefined, deps: Set<string>): Record<string, unknown> {
  const ref = (name: string): string => {
    if (name === ALL_USERS) return ALL_USERS;
    const ids = facts?.groups[normalKey(name)];
    if (ids?.length === 1) return ids[0]!;
    deps.add(`group:${normalKey(name)}`);
    return `group:${normalKey(name)}`;
  };
  const out: Record<string, unknown> = { '@odata.type': l.type, state: d.spec.state };
  if (d.spec.include && d.method !== 'temporaryAccessPass') {
    out.includeTargets = d.spec.include.map((n) => {
      const id = ref(n);
      const kept = l.targets.find((t) => t.id === id);
      const extra = d.method === 'microsoftAuthenticator' ? { authenticationMode: 'any' } : d.method === 'sms' ? { isUsableForSignIn: true } : {};
      return { ...extra, ...kept, targetType: 'group', id, isRegistrationRequired: kept?.isRegistrationRequired ?? false };
    });
  }
  if (d.spec.exclude) out.excludeTargets = d.spec.exclude.map((n) => ({ targetType: 'group', id: ref(n) }));
  return out;
}

export const authenticationMethodKind: Kind<DesiredMethod, MethodLive> = {
  kind: 'authenticationMethod',
  shape: 'singleton', section: 'authenticationMethods', prefix: 'authenticationMethod', schema: 'security.schema.json',
  // authenticationmethodspolicy-get.md and authenticationmethodconfiguration-update.md: Policy.Read.All to read,
  // Policy.ReadWrite.AuthenticationMethod to write; through GDAP the Authentication Policy Administrator role.
  permissions: {
    read: { graph: ['Policy.Read.All', 'Group.Read.All'], gdapRoles: ['Security Reader'] },
    write: { graph: ['Policy.ReadWrite.AuthenticationMethod'], gdapRoles: ['Authentication Policy Administrator'] },
  },
  select: (config) => Object.entries(config.authenticationMethods ?? {}).map(([method, spec]) => ({ method, spec: spec as AuthenticationMethodSpec })),
  address: (o) => address(o.method),
  async fetch(ctx, desired) {
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const policy = await ctx.clients.graph.get<{ authenticationMethodConfigurations?: WireConfig[] }>(PATH);
    const configs = policy.authenticationMethodConfigurations ?? [];
    const { names, facts } = await groupNames(ctx, configs, desired);
    const name = (t: Target): string => (t.id === ALL_USERS ? ALL_USERS : names.get(t.id) ?? t.id);
    const live = configs.flatMap((c): MethodLive[] => {
      const method = methodOf(c.id);
      if (!method) return [];
      return [{
        method, id: c.id, type: c['@odata.type'] ?? '', state: c.state ?? 'disabled', targets: c.includeTargets ?? [],
        include: (c.includeTargets ?? []).map(name).sort(), exclude: (c.excludeTargets ?? []).map(name).sort(),
      }];
    });
    return { live, complete: true, facts: { groups: facts } };
  },
  diff(desired, live, ctx) {
    const facts = ctx.facts.groups as Facts | undefined;
    const diagnostics: Diagnostic[] = [];
    const changes: ProposedChange[] = [];
    const declared = new Set((ctx.tenant.groups ?? []).map((g) => normalKey(g.mailNickname)));
    for (const d of desired) {
      const l = live.find((x) => x.method === d.method);
      if (!l) {
        diagnostics.push({ severity: 'error', summary: `${address(d.method)}: the tenant's authentication methods policy has no ${IDS[d.method]} configuration`, path: `authenticationMethods.${d.method}` });
        continue;
      }
      const unknown = [...(d.spec.include ?? []), ...(d.spec.exclude ?? [])].filter((n) => n !== ALL_USERS && !declared.has(normalKey(n)) && !facts?.groups[normalKey(n)]);
      for (const n of unknown) diagnostics.push({ severity: 'error', summary: `${address(d.method)}: group "${n}" is neither declared nor in the tenant`, path: `authenticationMethods.${d.method}` });
      if (unknown.length) continue;
      const want = { state: d.spec.state, include: d.spec.include?.map((n) => (n === ALL_USERS ? n : normalKey(n))).sort(), exclude: d.spec.exclude?.map(normalKey).sort() };
      const fields = (['state', 'include', 'exclude'] as const).filter((k) => want[k] !== undefined && JSON.stringify(want[k]) !== JSON.stringify(l[k])).map((k) => ({ path: k, before: l[k], after: want[k] }));
      if (fields.length === 0) continue;
      const deps = new Set<string>();
      const ops = { op: 'graphWrite' as const, id: l.id, body: body(d, l, facts, deps) };
      changes.push({ kind: 'authenticationMethod', address: address(d.method), action: 'update', reason: 'field_changed', fields, before: l, after: { ...l, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) }, ops, dependsOn: [...deps] });
    }
    return { changes, diagnostics };
  },
  async apply(change, ctx) {
    const ops = opsOf(change, 'graphWrite');
    const resolveTargets = async (list: unknown): Promise<unknown> => (Array.isArray(list)
      ? Promise.all((list as Target[]).map(async (t) => (t.id.startsWith('group:') ? { ...t, id: await idOf(ctx, t.id) } : t))) : list);
    const sent = { ...ops.body, ...(ops.body.includeTargets ? { includeTargets: await resolveTargets(ops.body.includeTargets) } : {}), ...(ops.body.excludeTargets ? { excludeTargets: await resolveTargets(ops.body.excludeTargets) } : {}) };
    await ctx.clients.graph.patch(`${PATH}/authenticationMethodConfigurations/${encodeURIComponent(ops.id ?? '')}`, sent);
    return {};
  },
  async export(ctx) {
    const { live } = await authenticationMethodKind.fetch({ ...ctx, prune: true }, []);
    const touched = live.filter((l) => l.state !== (UNTOUCHED[l.method] ?? 'disabled')).sort(byKey((l) => l.method));
    const entries = touched.map((l) => [l.method, { state: l.state, ...(l.method === 'temporaryAccessPass' ? {} : { include: l.include, ...(l.exclude.length ? { exclude: l.exclude } : {}) }) }]);
    return { section: 'authenticationMethods', single: true, items: entries.length ? [Object.fromEntries(entries)] : [], comments: entries.length ? ['methods in the state of an untouched tenant (SMS and email on, the others off) are not listed'] : [] };
  },
};
