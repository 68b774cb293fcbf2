// Dynamic membership rules (the Entra rule syntax) for user properties: `user.department -eq "Sales"`, the
// operators -eq -ne -contains -notContains -startsWith -notStartsWith -in -notIn -match -notMatch, -and/-or/-not and
// parentheses. Members of dynamic groups are materialised lazily, whenever the directory changed since last time,
// so that reads and delta see them as Entra's membership processor would have left them.
import { ApiError } from '../router.js';
import { touch, type GroupObject, type TenantState, type UserObject } from '../state.js';
import { isDynamic } from './directory-objects.js';
import { lex } from './lex.js';

type Value = string | boolean | null | string[];
type Rule =
  | { t: 'and' | 'or'; l: Rule; r: Rule }
  | { t: 'not'; e: Rule }
  | { t: 'cmp'; prop: string; op: string; v: Value };

const OPS = new Set(['-eq', '-ne', '-contains', '-notcontains', '-startswith', '-notstartswith', '-in', '-notin', '-match', '-notmatch']);

export class RuleError extends ApiError {
  constructor(detail: string) {
    super(400, 'Request_BadRequest', `Dynamic membership rule validation error: ${detail}`);
  }
}

function tokenize(rule: string): string[] {
  return lex(rule, /\s*("(?:[^"\\]|\\.)*"|\(|\)|\[|\]|,|-?[A-Za-z_][\w.]*)\s*/y, (i) => new RuleError(`Unexpected character at position ${i}.`));
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[]) {}
  private peek(): string | undefined { return this.toks[this.i]?.toLowerCase(); }
  private next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw new RuleError('Unexpected end of rule.');
    return t;
  }
  parse(): Rule {
    const r = this.or();
    if (this.i < this.toks.length) throw new RuleError(`Unexpected token '${this.toks[this.i]}'.`);
    return r;
  }
  private or(): Rule {
    let l = this.and();
    while (this.peek() === '-or' || this.peek() === 'or') { this.next(); l = { t: 'or', l, r: this.and() }; }
    return l;
  }
  private and(): Rule {
    let l = this.unary();
    while (this.peek() === '-and' || this.peek() === 'and') { this.next(); l = { t: 'and', l, r: this.unary() }; }
    return l;
  }
  private unary(): Rule {
    if (this.peek() === '-not' || this.peek() === 'not') { this.next(); return { t: 'not', e: this.unary() }; }
    if (this.peek() === '(') {
      this.next();
      const r = this.or();
      if (this.next() !== ')') throw new RuleError("Expected ')'.");
      return r;
    }
    const left = this.next();
    const prop = left.replace(/^user\./i, '');
    if (!/^[A-Za-z]\w*$/.test(prop)) throw new RuleError(`Invalid property '${left}'.`);
    const op = this.next().toLowerCase();
    if (!OPS.has(op)) throw new RuleError(`Unsupported operator '${op}'.`);
    return { t: 'cmp', prop, op, v: this.value(op) };
  }
  private value(op: string): Value {
    if (op === '-in' || op === '-notin') {
      if (this.next() !== '[') throw new RuleError(`Operator '${op}' expects a list in square brackets.`);
      const vs: string[] = [];
      for (let t = this.next(); t !== ']'; t = this.next()) if (t !== ',') vs.push(unquote(t));
      return vs;
    }
    const t = this.next();
    if (t.toLowerCase() === 'null') return null;
    if (t.toLowerCase() === 'true' || t.toLowerCase() === 'false') return t.toLowerCase() === 'true';
    if (!t.startsWith('"')) throw new RuleError(`Invalid operand '${t}'.`);
    return unquote(t);
  }
}

function unquote(t: string): string {
  return t.startsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

export function parseRule(rule: string): Rule {
  return new Parser(tokenize(rule)).parse();
}

function test(r: Rule, user: UserObject): boolean {
  if (r.t === 'not') return !test(r.e, user);
  if (r.t !== 'cmp') return r.t === 'and' ? test(r.l, user) && test(r.r, user) : test(r.l, user) || test(r.r, user);
  const raw = user.props[r.prop];
  const a = typeof raw === 'string' ? raw.toLowerCase() : raw ?? null;
  const b = typeof r.v === 'string' ? r.v.toLowerCase() : r.v;
  const s = typeof a === 'string' ? a : '';
  switch (r.op) {
    case '-eq': return a === b;
    case '-ne': return a !== b;
    case '-contains': return typeof b === 'string' && s.includes(b);
    case '-notcontains': return !(typeof b === 'string' && s.includes(b));
    case '-startswith': return typeof b === 'string' && s.startsWith(b);
    case '-notstartswith': return !(typeof b === 'string' && s.startsWith(b));
    case '-in': return Array.isArray(b) && b.some((x) => x.toLowerCase() === a);
    case '-notin': return !(Array.isArray(b) && b.some((x) => x.toLowerCase() === a));
    case '-match': return typeof r.v === 'string' && new RegExp(r.v, 'i').test(String(raw ?? ''));
    default: return !(typeof r.v === 'string' && new RegExp(r.v, 'i').test(String(raw ?? '')));
  }
}

export function matchesRule(rule: string, user: UserObject): boolean {
  return test(parseRule(rule), user);
}

const syncedAt = new WeakMap<TenantState, number>();

/** Brings every active dynamic group's members in line with its rule; cheap when nothing changed since last time. */
export function syncDynamicGroups(tenant: TenantState): void {
  if (syncedAt.get(tenant) === tenant.version) return;
  for (const group of tenant.groups.values()) {
    if (isDynamic(group) && group.props.membershipRuleProcessingState === 'On' && typeof group.props.membershipRule === 'string') {
      syncGroup(tenant, group, parseRule(group.props.membershipRule));
    }
  }
  syncedAt.set(tenant, tenant.version);
}

function syncGroup(tenant: TenantState, group: GroupObject, rule: Rule): void {
  const want = new Set<string>();
  for (const u of tenant.users.values()) if (test(rule, u)) want.add(u.id);
  const added = [...want].filter((id) => !group.members.has(id));
  const removed = [...group.members].filter((id) => !want.has(id));
  if (added.length === 0 && removed.length === 0) return;
  touch(tenant, group);
  for (const id of added) group.members.add(id);
  for (const id of removed) group.members.delete(id);
  for (const id of added) group.memberLog.push({ version: group.version, id, removed: false });
  for (const id of removed) group.memberLog.push({ version: group.version, id, removed: true });
}
