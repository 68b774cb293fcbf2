// A reader of the reference Graph CSDL (microsoft.graph namespace) and a checker of served JSON against it:
// every property must be declared on the type or a base type, and its value must have the declared type.
import { readFileSync } from 'node:fs';

export const CSDL_PATH = '/work/shared/reference/graph-v1.0.csdl';

interface TypeDef { base?: string; props: Map<string, string>; members?: Set<string> }

export function readCsdl(path = CSDL_PATH): Map<string, TypeDef> {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf('<Schema Namespace="microsoft.graph"');
  const end = text.indexOf('</Schema>', start);
  const schema = text.slice(start, end);
  const types = new Map<string, TypeDef>();
  const block = /<(EntityType|ComplexType|EnumType) Name="([^"]+)"([^>]*?)(\/?)>([\s\S]*?)(?:<\/\1>|(?=<(?:EntityType|ComplexType|EnumType) ))/g;
  for (const m of schema.matchAll(block)) {
    const [, kind, name, attrs, selfClosing, body] = m as unknown as string[];
    const inner = selfClosing ? '' : (body ?? '');
    const def: TypeDef = { base: /BaseType="graph\.([^"]+)"/.exec(attrs ?? '')?.[1], props: new Map() };
    if (kind === 'EnumType') def.members = new Set([...inner.matchAll(/<Member Name="([^"]+)"/g)].map((x) => x[1] as string));
    for (const p of inner.matchAll(/<(?:Property|NavigationProperty) Name="([^"]+)" Type="([^"]+)"/g)) def.props.set(p[1] as string, p[2] as string);
    types.set(name as string, def);
  }
  return types;
}

function propType(types: Map<string, TypeDef>, type: string, name: string): string | undefined {
  for (let t: string | undefined = type; t; t = types.get(t)?.base) {
    const found = types.get(t)?.props.get(name);
    if (found) return found;
  }
  return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Problems of `value` as an instance of graph type `type`; `at` names the place for the message. */
export function check(types: Map<string, TypeDef>, type: string, value: unknown, at = type): string[] {
  if (value === null) return [];
  const coll = /^Collection\((.+)\)$/.exec(type);
  if (coll) {
    if (!Array.isArray(value)) return [`${at}: expected an array`];
    return value.flatMap((v, i) => check(types, coll[1] as string, v, `${at}[${i}]`));
  }
  switch (type) {
    case 'Edm.String': return typeof value === 'string' ? [] : [`${at}: expected a string`];
    case 'Edm.Boolean': return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'Edm.Int32': case 'Edm.Int64': return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
    case 'Edm.Guid': return typeof value === 'string' && GUID.test(value) ? [] : [`${at}: expected a GUID, got ${JSON.stringify(value)}`];
    case 'Edm.DateTimeOffset': return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [] : [`${at}: expected a date-time`];
    case 'Edm.TimeOfDay': return typeof value === 'string' && /^\d\d:\d\d:\d\d/.test(value) ? [] : [`${at}: expected a time of day`];
  }
  const def = types.get(type.replace(/^graph\./, ''));
  if (!def) return [`${at}: unknown type ${type}`];
  if (def.members) return typeof value === 'string' && def.members.has(value) ? [] : [`${at}: ${JSON.stringify(value)} is not a member of ${type}`];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object of ${type}`];
  // A value of a derived type says so in `@odata.type` (an ipRange served as an iPv4CidrRange): its properties count.
  const named = (value as Record<string, unknown>)['@odata.type'];
  const derived = typeof named === 'string' ? named.replace(/^#?microsoft\.graph\./, '') : undefined;
  const actual = derived && types.has(derived) ? derived : type.replace(/^graph\./, '');
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.startsWith('@odata.')) continue;
    const t = propType(types, actual, k);
    if (!t) out.push(`${at}.${k}: not declared on ${type}`);
    else out.push(...check(types, t, v, `${at}.${k}`));
  }
  return out;
}
