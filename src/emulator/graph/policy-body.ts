// Request bodies and served shapes of the policy types (csdl-policies.ts): Graph refuses a property its type does not
// declare and a value outside an enumeration, and serves every declared property of a complex value it holds, an
// unset collection as `[]` and an unset value as null (the documented responses of conditionalaccessroot-post-
// policies.md show `platforms: null` and `excludeUsers: []` beside what the request set).
import { ApiError } from '../router.js';
import { POLICY_TYPES } from './csdl-policies.js';

const elementOf = (type: string): string | undefined => /^Collection\((.+)\)$/.exec(type)?.[1];
const bad = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

/** The concrete type of a value typed `declared`: a derived type named by `@odata.type` (ipRange → iPv4CidrRange). */
function concrete(value: Record<string, unknown>, declared: string): string {
  const named = typeof value['@odata.type'] === 'string' ? value['@odata.type'].replace(/^#?microsoft\.graph\./, '') : undefined;
  return named && POLICY_TYPES[named]?.props ? named : declared;
}

function checkValue(value: unknown, type: string, at: string): void {
  if (value === null) return;
  const element = elementOf(type);
  if (element) {
    if (!Array.isArray(value)) throw bad(`Invalid value for property '${at}': a collection is expected.`);
    value.forEach((v, i) => checkValue(v, element, `${at}[${i}]`));
    return;
  }
  if (type === 'Edm.String' || type === 'Edm.Guid' || type === 'Edm.DateTimeOffset') {
    if (typeof value !== 'string') throw bad(`Invalid value for property '${at}': a string is expected.`);
    return;
  }
  if (type === 'Edm.Boolean' || type === 'Edm.Int32') {
    const ok = type === 'Edm.Boolean' ? typeof value === 'boolean' : Number.isInteger(value);
    if (!ok) throw bad(`Invalid value for property '${at}'.`);
    return;
  }
  const def = POLICY_TYPES[type];
  if (def?.members) {
    if (typeof value !== 'string' || !value.split(',').every((m) => def.members?.includes(m.trim()))) {
      throw bad(`Requested value '${String(value)}' was not found for property '${at}'.`);
    }
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(`Invalid value for property '${at}': an object is expected.`);
  checkObject(value as Record<string, unknown>, type);
}

/** Throws Graph's 400 for an undeclared property or a value of the wrong type, at any depth. */
export function checkObject(body: Record<string, unknown>, declared: string, readOnly: string[] = []): void {
  const type = concrete(body, declared);
  const props = POLICY_TYPES[type]?.props ?? {};
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@odata.')) continue;
    const propType = props[name];
    if (propType === undefined) {
      throw bad(`Property '${name}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (readOnly.includes(name)) throw bad(`Property '${name}' is read-only and cannot be set.`);
    checkValue(value, propType, name);
  }
}

/** The value as Graph serves it: every declared property of each complex value present, unset ones empty. */
export function complete(value: unknown, type: string): unknown {
  const element = elementOf(type);
  if (element) return Array.isArray(value) ? value.map((v) => complete(v, element)) : [];
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  const obj = value as Record<string, unknown>;
  const actual = concrete(obj, type);
  const props = POLICY_TYPES[actual]?.props;
  if (!props) return value;
  const out: Record<string, unknown> = actual !== type ? { '@odata.type': `#microsoft.graph.${actual}` } : {};
  for (const [name, propType] of Object.entries(props)) out[name] = complete(obj[name], propType);
  return out;
}

/** A deep merge of a PATCH body into a stored value: objects merge, everything else replaces. */
export function mergePatch(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    const old = out[k];
    const both = v && old && typeof v === 'object' && typeof old === 'object' && !Array.isArray(v) && !Array.isArray(old);
    out[k] = both ? mergePatch(old as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
