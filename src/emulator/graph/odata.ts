// OData query options as Graph applies them to directory objects: $filter (a parser for the subset Graph
// supports without advanced queries), $select, $top and opaque $skiptoken paging.
import { ApiError, type Ctx } from '../router.js';

type Value = string | number | boolean | null;
type Node =
  | { t: 'or' | 'and'; l: Node; r: Node }
  | { t: 'not'; e: Node }
  | { t: 'cmp'; op: string; path: string; v: Value }
  | { t: 'in'; path: string; vs: Value[] }
  | { t: 'fn'; fn: string; path: string; v: Value }
  | { t: 'any'; path: string; v: string; e: Node };

export type Getter = (obj: unknown, path: string) => unknown;
export type Predicate = (obj: unknown) => boolean;

const unsupported = (msg = 'Unsupported Query.'): ApiError => new ApiError(400, 'Request_UnsupportedQuery', msg);
// aad-advanced-queries.md, "Error handling", gives this text for `endsWith`; the service words `ne` and `not` alike.
const needsAdvanced = (op: string): ApiError => unsupported(`Operator '${op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`);
const badFilter = (msg: string): ApiError => new ApiError(400, 'BadRequest', `Invalid filter clause: ${msg}`);

function tokenize(s: string): string[] {
  const re = /\s*('(?:[^']|'')*'|\(|\)|,|:|[A-Za-z_$][\w./$@-]*|-?\d[\w.:+-]*)\s*/y;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m || m[0] === '') throw badFilter(`syntax error at position ${i} in '${s}'.`);
    out.push(m[1] as string);
    i = re.lastIndex;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[], private readonly advanced: boolean) {}
  private peek(): string | undefined {
    return this.toks[this.i];
  }
  private next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw badFilter('unexpected end of expression.');
    return t;
  }
  private expect(t: string): void {
    const got = this.next();
    if (got !== t) throw badFilter(`expected '${t}' but found '${got}'.`);
  }
  parse(): Node {
    const n = this.or();
    if (this.i < this.toks.length) throw badFilter(`unexpected '${this.peek()}'.`);
    return n;
  }
  or(): Node {
    let l = this.and();
    while (this.peek()?.toLowerCase() === 'or') {
      this.next();
      l = { t: 'or', l, r: this.and() };
    }
    return l;
  }
  and(): Node {
    let l = this.unary();
    while (this.peek()?.toLowerCase() === 'and') {
      this.next();
      l = { t: 'and', l, r: this.unary() };
    }
    return l;
  }
  unary(): Node {
    if (this.peek()?.toLowerCase() === 'not') {
      if (!this.advanced) throw needsAdvanced('not');
      this.next();
      return { t: 'not', e: this.unary() };
    }
    return this.primary();
  }
  primary(): Node {
    const tok = this.next();
    if (tok === '(') {
      const n = this.or();
      this.expect(')');
      return n;
    }
    const lower = tok.toLowerCase();
    if (lower === 'startswith' || lower === 'endswith') {
      if (lower === 'endswith' && !this.advanced) throw needsAdvanced('endsWith');
      this.expect('(');
      const path = this.next();
      this.expect(',');
      const v = literal(this.next());
      this.expect(')');
      return { t: 'fn', fn: lower, path, v };
    }
    const anyAt = tok.toLowerCase().indexOf('/any');
    if (anyAt > 0) {
      this.expect('(');
      const v = this.next();
      this.expect(':');
      const e = this.or();
      this.expect(')');
      return { t: 'any', path: tok.slice(0, anyAt), v, e };
    }
    const op = this.next().toLowerCase();
    if (op === 'in') {
      this.expect('(');
      const vs: Value[] = [literal(this.next())];
      while (this.peek() === ',') {
        this.next();
        vs.push(literal(this.next()));
      }
      this.expect(')');
      return { t: 'in', path: tok, vs };
    }
    if (!['eq', 'ne', 'ge', 'le', 'gt', 'lt'].includes(op)) throw badFilter(`unknown operator '${op}'.`);
    if (op === 'ne' && !this.advanced) throw needsAdvanced('ne');
    return { t: 'cmp', op, path: tok, v: literal(this.next()) };
  }
}

function literal(tok: string): Value {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  return tok;
}

function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function compare(a: unknown, op: string, b: Value): boolean {
  if (op === 'eq') return norm(a) === norm(b);
  if (op === 'ne') return norm(a) !== norm(b);
  if (a == null || b == null) return false;
  const x = typeof a === 'string' && !Number.isNaN(Date.parse(a)) ? Date.parse(a) : a;
  const y = typeof b === 'string' && !Number.isNaN(Date.parse(b)) ? Date.parse(b) : b;
  if (op === 'ge') return (x as number) >= (y as number);
  if (op === 'le') return (x as number) <= (y as number);
  if (op === 'gt') return (x as number) > (y as number);
  return (x as number) < (y as number);
}

export const defaultGetter: Getter = (obj, path) => {
  let cur: unknown = obj;
  for (const seg of path.split('/')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
};

/** Compiles `$filter` for an entity whose filterable properties are `allowed` (top-level names). */
export function compileFilter(filter: string, allowed: Set<string>, entity: string, advanced: boolean, get: Getter = defaultGetter): Predicate {
  const ast = new Parser(tokenize(filter), advanced).parse();
  const check = (path: string, scopeVar?: string): void => {
    const root = path.split('/')[0] ?? '';
    if (scopeVar !== undefined && root === scopeVar) return;
    if (!allowed.has(root)) throw unsupported(`Unsupported or invalid query filter clause specified for property '${root}' of resource '${entity}'.`);
  };
  const build = (n: Node, scope?: string): ((o: unknown, vars: Record<string, unknown>) => boolean) => {
    const read = (o: unknown, vars: Record<string, unknown>, path: string): unknown => {
      const [root, ...rest] = path.split('/');
      if (scope !== undefined && root === scope) return rest.length ? defaultGetter(vars[root], rest.join('/')) : vars[root];
      return get(o, path);
    };
    switch (n.t) {
      case 'or': { const l = build(n.l, scope), r = build(n.r, scope); return (o, v) => l(o, v) || r(o, v); }
      case 'and': { const l = build(n.l, scope), r = build(n.r, scope); return (o, v) => l(o, v) && r(o, v); }
      case 'not': { const e = build(n.e, scope); return (o, v) => !e(o, v); }
      case 'cmp': check(n.path, scope); return (o, v) => compare(read(o, v, n.path), n.op, n.v);
      case 'in': check(n.path, scope); return (o, v) => n.vs.some((x) => compare(read(o, v, n.path), 'eq', x));
      case 'fn': check(n.path, scope); return (o, v) => {
        const a = read(o, v, n.path);
        if (typeof a !== 'string' || typeof n.v !== 'string') return false;
        return n.fn === 'startswith' ? a.toLowerCase().startsWith(n.v.toLowerCase()) : a.toLowerCase().endsWith(n.v.toLowerCase());
      };
      case 'any': {
        check(n.path, scope);
        const e = build(n.e, n.v);
        return (o, vars) => {
          const coll = read(o, vars, n.path);
          return Array.isArray(coll) && coll.some((item) => e(o, { ...vars, [n.v]: item }));
        };
      }
    }
  };
  const fn = build(ast);
  return (o) => fn(o, {});
}

/** Both advanced query parameters (aad-advanced-queries.md): `ConsistencyLevel: eventual` and `$count=true`. */
export function isAdvanced(ctx: Ctx): boolean {
  return (ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual' && ctx.query.get('$count') === 'true';
}

/** `$select` names, validated against the entity's declared properties; undefined when absent. */
export function parseSelect(ctx: Ctx, declared: Set<string>, entity: string): string[] | undefined {
  const raw = ctx.query.get('$select');
  if (raw === null) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!declared.has(n)) {
      throw new ApiError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${n}' on type 'microsoft.graph.${entity}'.`);
    }
  }
  return names;
}

export function project(obj: Record<string, unknown>, select: string[] | undefined, defaults: string[]): Record<string, unknown> {
  const names = select ?? defaults;
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = obj[n] ?? null;
  if (select && !select.includes('id') && obj.id !== undefined) out.id = obj.id;
  return out;
}

export function parseTop(ctx: Ctx, max = 999, def = 100): number {
  const raw = ctx.query.get('$top');
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw unsupported(`Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return n;
}

const TOKEN_PREFIX = 'RFNwdAIAAQAAA';

export function encodeSkipToken(offset: number): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    if (!token.startsWith(TOKEN_PREFIX)) throw new Error('prefix');
    const o = (JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString()) as { o: number }).o;
    if (!Number.isInteger(o) || o < 0) throw new Error('offset');
    return o;
  } catch {
    throw new ApiError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
  }
}

export function skipOffset(ctx: Ctx): number {
  const t = ctx.query.get('$skiptoken');
  return t === null ? 0 : decodeSkipToken(t);
}

/** One page of `items` (already filtered) with a nextLink on the emulator's own origin. */
export function page<T>(ctx: Ctx, items: readonly T[], top: number): { slice: T[]; nextLink?: string } {
  const offset = skipOffset(ctx);
  const slice = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { slice };
  const q = new URLSearchParams(ctx.query);
  q.set('$skiptoken', encodeSkipToken(offset + top));
  if (!q.has('$top')) q.set('$top', String(top));
  return { slice, nextLink: `${ctx.origin}${ctx.path}?${q.toString().replace(/%24/g, '$')}` };
}
