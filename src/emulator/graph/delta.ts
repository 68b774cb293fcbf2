// Delta queries on `/users/delta` and `/groups/delta`: a first round returns every object, later rounds (with the
// `$deltatoken` of the previous round's `@odata.deltaLink`) only what changed since, with `@removed` for deleted
// objects ("changed" = restorable, "deleted" = gone). Groups selected with `members` carry `members@delta`, whose
// removed entries carry `@removed` too. Tokens are opaque and carry the round's starting version, offset, $select, the
// ids of an `id eq` $filter and the moment they were issued: a deltaLink older than seven days (the documented lifetime
// for directory objects) answers 410 syncStateNotFound, one that cannot be read 410 resyncRequired with a Location of
// the initial query, as concepts/delta-query-overview.md ("Synchronization reset", "Token duration") and
// concepts/errors.md ("Code property") describe.
import { ApiError, json, type Ctx, type Reply, type Route } from '../router.js';
import type { DirObject, GroupObject, TenantState, UserObject } from '../state.js';
import { parseSelect, project } from './odata.js';
import { GROUP_DEFAULTS, GROUP_PROPS, groupProps } from './directory-objects.js';
import { odataContext, tenantOf } from './common.js';
import { USER_DEFAULT_SELECT, USER_PROPS, userView } from './user-view.js';
import { syncDynamicGroups } from './dynamic.js';

type Kind = 'user' | 'group';
interface Token { since: number; v: number; o: number; t: number; s?: string[]; f?: string[] }

const PREFIX = 'RFNwdAIAAQAAAAxSZWFkQ2hhbmdlcz';
const DEFAULT_PAGE = 100;
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** user-delta.md and group-delta.md: "There is a limit of 50 filtered objects." */
const MAX_FILTER_IDS = 50;
const ID_EQ = /^id\s+eq\s+'([^']+)'$/i;

function encode(t: Token): string {
  return PREFIX + Buffer.from(JSON.stringify(t)).toString('base64url');
}

function parse(raw: string): Token | undefined {
  try {
    if (!raw.startsWith(PREFIX)) return undefined;
    const t = JSON.parse(Buffer.from(raw.slice(PREFIX.length), 'base64url').toString()) as Token;
    const ints = [t.since, t.v, t.o, t.t].every((n) => Number.isInteger(n));
    return ints ? t : undefined;
  } catch {
    return undefined;
  }
}

function decodeSkip(raw: string): Token {
  const t = parse(raw);
  if (t === undefined) throw new ApiError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
  return t;
}

function decodeDelta(ctx: Ctx, kind: Kind, raw: string): Token {
  const t = parse(raw);
  if (t === undefined) {
    throw new ApiError(410, 'resyncRequired', 'The delta token is no longer valid, and the app must reset the sync state.',
      { location: `${ctx.origin}/v1.0/${kind}s/delta?$deltatoken=` });
  }
  if (ctx.state.clock.now() - t.t > TOKEN_LIFETIME_MS) {
    throw new ApiError(410, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.');
  }
  return t;
}

/** The one documented $filter on delta: `id eq '…'`, joined by `or`, at most 50 ids. */
function filterIds(raw: string): string[] {
  const ids = raw.trim().split(/\s+or\s+/i).map((term) => ID_EQ.exec(term.trim())?.[1]);
  if (ids.some((id) => id === undefined)) {
    throw new ApiError(400, 'Request_UnsupportedQuery', "Unsupported query: the only $filter supported on delta is id eq '{id}', joined by 'or'.");
  }
  if (ids.length > MAX_FILTER_IDS) {
    throw new ApiError(400, 'Request_UnsupportedQuery', `Unsupported query: at most ${MAX_FILTER_IDS} ids can be filtered on delta.`);
  }
  return [...new Set(ids as string[])];
}

function pageSize(ctx: Ctx): number {
  const m = (ctx.headers.prefer ?? '').match(/odata\.maxpagesize=(\d+)/i);
  const n = m ? Number(m[1]) : DEFAULT_PAGE;
  return Math.min(Math.max(n, 1), 999);
}

function readToken(ctx: Ctx, kind: Kind): Token {
  const skip = ctx.query.get('$skiptoken');
  if (skip !== null) return decodeSkip(skip);
  const deltaToken = ctx.query.get('$deltatoken');
  // An empty $deltatoken is the initial query, as the 410's Location says (delta-query-overview.md).
  if (deltaToken !== null && deltaToken !== '') {
    const t = decodeDelta(ctx, kind, deltaToken);
    return { since: t.v, v: tenantOf(ctx).version, o: 0, t: ctx.state.clock.now(), s: t.s, f: t.f };
  }
  const filter = ctx.query.get('$filter');
  const f = filter === null ? undefined : filterIds(filter);
  const declared = new Set([...(kind === 'user' ? USER_PROPS : GROUP_PROPS), ...(kind === 'group' ? ['members'] : [])]);
  const s = parseSelect(ctx, declared, kind);
  const expand = ctx.query.get('$expand');
  const withMembers = kind === 'group' && expand !== null && expand.split(',').map((e) => e.trim()).includes('members');
  const t = ctx.state.clock.now();
  return { since: 0, v: tenantOf(ctx).version, o: 0, t, s: withMembers ? [...(s ?? GROUP_DEFAULTS), 'members'] : s, f };
}

interface Entry { obj?: DirObject; removed?: { id: string; reason: string } }

function changes(tenant: TenantState, kind: Kind, since: number, only?: string[]): Entry[] {
  const live = kind === 'user' ? tenant.users : tenant.groups;
  const wanted = only === undefined ? undefined : new Set(only);
  const inScope = (id: string): boolean => wanted === undefined || wanted.has(id);
  const objs = [...live.values()].filter((o) => o.version > since && inScope(o.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const out: Entry[] = objs.map((obj) => ({ obj }));
  if (since === 0) return out;
  const gone = new Map<string, string>();
  for (const t of tenant.tombstones) {
    if (t.kind === kind && t.version > since && !live.has(t.id) && inScope(t.id)) gone.set(t.id, t.reason);
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
    const all = changes(tenant, kind, t.since, t.f);
    const size = pageSize(ctx);
    const slice = all.slice(t.o, t.o + size);
    const base = `${ctx.origin}/v1.0/${kind}s/delta`;
    const body: Record<string, unknown> = {
      '@odata.context': odataContext(ctx, `${kind}s${t.s ? `(${t.s.join(',')})` : ''}/$delta`),
    };
    if (t.o + size < all.length) body['@odata.nextLink'] = `${base}?$skiptoken=${encode({ ...t, o: t.o + size })}`;
    else body['@odata.deltaLink'] = `${base}?$deltatoken=${encode({ since: t.since, v: t.v, o: 0, t: t.t, s: t.s, f: t.f })}`;
    body.value = slice.map((e) => (e.obj ? view(tenant, kind, e.obj, t) : { id: e.removed?.id, '@removed': { reason: e.removed?.reason } }));
    return json(200, body);
  };
}

/** Must precede the `/users/:id` and `/groups/:id` routes in the Graph module's route list. */
export const deltaRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/users/delta', handler: delta('user') },
  { method: 'GET', pattern: '/v1.0/groups/delta', handler: delta('group') },
];
