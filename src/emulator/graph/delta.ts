// Delta queries on `/users/delta` and `/groups/delta`: a first round returns every object, later rounds (with the
// `$deltatoken` of the previous round's `@odata.deltaLink`) only what changed since, with `@removed` for deleted
// objects ("changed" = restorable, "deleted" = gone). Groups selected with `members` carry `members@delta`, whose
// removed entries carry `@removed` too. Tokens are opaque and carry the round's starting version, offset and $select.
import { ApiError, json, type Ctx, type Reply, type Route } from '../router.js';
import type { DirObject, GroupObject, TenantState, UserObject } from '../state.js';
import { parseSelect, project } from './odata.js';
import { GROUP_DEFAULTS, GROUP_PROPS, groupProps } from './directory-objects.js';
import { odataContext, tenantOf } from './common.js';
import { USER_DEFAULT_SELECT, USER_PROPS, userView } from './user-view.js';
import { syncDynamicGroups } from './dynamic.js';

type Kind = 'user' | 'group';
interface Token { since: number; v: number; o: number; s?: string[] }

const PREFIX = 'RFNwdAIAAQAAAAxSZWFkQ2hhbmdlcz';
const DEFAULT_PAGE = 100;

function encode(t: Token): string {
  return PREFIX + Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decode(raw: string): Token {
  try {
    if (!raw.startsWith(PREFIX)) throw new Error('prefix');
    const t = JSON.parse(Buffer.from(raw.slice(PREFIX.length), 'base64url').toString()) as Token;
    if (!Number.isInteger(t.since) || !Number.isInteger(t.v) || !Number.isInteger(t.o)) throw new Error('shape');
    return t;
  } catch {
    throw new ApiError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
  }
}

function pageSize(ctx: Ctx): number {
  const m = (ctx.headers.prefer ?? '').match(/odata\.maxpagesize=(\d+)/i);
  const n = m ? Number(m[1]) : DEFAULT_PAGE;
  return Math.min(Math.max(n, 1), 999);
}

function readToken(ctx: Ctx, kind: Kind): Token {
  for (const name of ['$skiptoken', '$deltatoken']) {
    const raw = ctx.query.get(name);
    if (raw !== null) {
      const t = decode(raw);
      return name === '$deltatoken' ? { since: t.v, v: tenantOf(ctx).version, o: 0, s: t.s } : t;
    }
  }
  if (ctx.query.has('$filter')) throw new ApiError(400, 'Request_UnsupportedQuery', 'Unsupported query: $filter is not supported by this emulator on delta queries.');
  const declared = new Set([...(kind === 'user' ? USER_PROPS : GROUP_PROPS), ...(kind === 'group' ? ['members'] : [])]);
  const s = parseSelect(ctx, declared, kind);
  const expand = ctx.query.get('$expand');
  const withMembers = kind === 'group' && expand !== null && expand.split(',').map((e) => e.trim()).includes('members');
  return { since: 0, v: tenantOf(ctx).version, o: 0, s: withMembers ? [...(s ?? GROUP_DEFAULTS), 'members'] : s };
}

interface Entry { obj?: DirObject; removed?: { id: string; reason: string } }

function changes(tenant: TenantState, kind: Kind, since: number): Entry[] {
  const live = kind === 'user' ? tenant.users : tenant.groups;
  const objs = [...live.values()].filter((o) => o.version > since).sort((a, b) => (a.id < b.id ? -1 : 1));
  const out: Entry[] = objs.map((obj) => ({ obj }));
  if (since === 0) return out;
  const gone = new Map<string, string>();
  for (const t of tenant.tombstones) {
    if (t.kind === kind && t.version > since && !live.has(t.id)) gone.set(t.id, t.reason);
  }
  for (const [id, reason] of [...gone].sort()) out.push({ removed: { id, reason } });
  return out;
}

function membersDelta(group: GroupObject, since: number): Record<string, unknown>[] {
  if (since === 0) return [...group.members].map((id) => ({ id }));
  const last = new Map<string, boolean>();
  for (const e of group.memberLog) if (e.version > since) last.set(e.id, e.removed);
  return [...last].map(([id, removed]) => (removed ? { id, '@removed': { reason: 'deleted' } } : { id }));
}

function view(tenant: TenantState, kind: Kind, obj: DirObject, t: Token): Record<string, unknown> {
  if (kind === 'user') return userView(tenant, obj as UserObject, t.s ?? USER_DEFAULT_SELECT);
  const group = obj as GroupObject;
  const wantMembers = t.s?.includes('members') ?? false;
  const out = project(groupProps(group), t.s?.filter((n) => n !== 'members'), GROUP_DEFAULTS);
  if (wantMembers) {
    out['members@delta'] = membersDelta(group, t.since).map((m) => ({
      '@odata.type': tenant.groups.has(m.id as string) ? '#microsoft.graph.group' : '#microsoft.graph.user', ...m,
    }));
  }
  return out;
}

function delta(kind: Kind) {
  return (ctx: Ctx): Reply => {
    const tenant = tenantOf(ctx);
    if (kind === 'group') syncDynamicGroups(tenant);
    const t = readToken(ctx, kind);
    const all = changes(tenant, kind, t.since);
    const size = pageSize(ctx);
    const slice = all.slice(t.o, t.o + size);
    const base = `${ctx.origin}/v1.0/${kind}s/delta`;
    const body: Record<string, unknown> = {
      '@odata.context': odataContext(ctx, `${kind}s${t.s ? `(${t.s.join(',')})` : ''}/$delta`),
    };
    if (t.o + size < all.length) body['@odata.nextLink'] = `${base}?$skiptoken=${encode({ ...t, o: t.o + size })}`;
    else body['@odata.deltaLink'] = `${base}?$deltatoken=${encode({ since: t.since, v: t.v, o: 0, s: t.s })}`;
    body.value = slice.map((e) => (e.obj ? view(tenant, kind, e.obj, t) : { id: e.removed?.id, '@removed': { reason: e.removed?.reason } }));
    return json(200, body);
  };
}

/** Must precede the `/users/:id` and `/groups/:id` routes in the Graph module's route list. */
export const deltaRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/users/delta', handler: delta('user') },
  { method: 'GET', pattern: '/v1.0/groups/delta', handler: delta('group') },
];
