// Per-tenant variables for baselines: a `vars:` map in a tenant's files (scalars and lists) gives the values, a
// baseline's own `vars:` the defaults (the tenant's value wins), and a baseline names them as `${vars.name}` beside
// `${tenant.*}`. A string that is exactly one variable takes the variable's value as it is (a list, a number, a
// boolean); a list item that is exactly a list variable is replaced by the list's items; otherwise the value is
// written into the string. A variable no file defines is an error at the line that names it.
import { isContainer, isPlainObject } from './positions.js';

export type VarValue = string | number | boolean | (string | number | boolean)[];
export type Vars = Record<string, VarValue>;

const WHOLE = /^\$\{vars\.([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ANY = /\$\{vars\.([^}]*)\}/g;

/** The variables in force: the baseline's defaults, then the tenant's values. */
export function mergedVars(baseline: unknown, tenant: unknown): Vars {
  const pick = (v: unknown): Vars => (isPlainObject(v) ? (v as Vars) : {});
  return { ...pick(baseline), ...pick(tenant) };
}

/** Replaces `${vars.name}` in every string of a baseline value, in place; `onUndefined` gets each unknown name. */
export function substituteVars(value: unknown, vars: Vars, onUndefined: (container: object, key: string | number, name: string) => void): void {
  if (!isContainer(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const whole = typeof item === 'string' ? WHOLE.exec(item) : null;
      const found = whole ? vars[whole[1]!] : undefined;
      if (whole && Array.isArray(found)) {
        value.splice(i, 1, ...found);
        i += found.length - 1;
      } else if (typeof item === 'string') value[i] = replaced(item, vars, (name) => onUndefined(value, i, name));
      else substituteVars(item, vars, onUndefined);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') (value as Record<string, unknown>)[k] = replaced(v, vars, (name) => onUndefined(value, k, name));
    else substituteVars(v, vars, onUndefined);
  }
}

function replaced(text: string, vars: Vars, undefinedName: (name: string) => void): unknown {
  if (!text.includes('${vars.')) return text;
  const whole = WHOLE.exec(text);
  if (whole) {
    const v = vars[whole[1]!];
    if (v === undefined) undefinedName(whole[1]!);
    return v ?? text;
  }
  return text.replace(ANY, (all, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      undefinedName(name);
      return all;
    }
    return Array.isArray(v) ? v.join(',') : String(v);
  });
}
