// Cmdlet definitions and parameter binding as PowerShell does it for the InvokeCommand endpoint: names matched
// case-insensitively, unknown or missing parameters rejected with PowerShell's own messages.
import type { TenantState } from '../state.js';
import type { ExchangeModel, ExoMailbox, Recipient } from './model.js';
import { findRecipient } from './model.js';
import { bindingError, CmdletError, invalidValue, notFound } from './values.js';

export type Params = Record<string, unknown>;

export interface CmdCtx {
  tenant: TenantState;
  model: ExchangeModel;
  warnings: string[];
  /** The emulator clock's time of the request. */
  now: number;
}

export interface Cmdlet {
  params: string[];
  required?: string[];
  /** Get-* cmdlets answer in pages; others return at most a few rows. */
  paged?: boolean;
  run(c: CmdCtx, p: Params): unknown[];
}

/** Accepted by every cmdlet and ignored, as the endpoint does. */
const COMMON = ['Confirm', 'Force', 'ErrorAction', 'WarningAction', 'Verbose', 'Debug'];

export function bind(name: string, cmdlet: Cmdlet, raw: unknown): Params {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw bindingError(`Cannot bind parameters of '${name}': Parameters must be an object.`);
  }
  const known = [...cmdlet.params, ...COMMON];
  const out: Params = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Params)) {
    const canonical = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (!canonical) throw bindingError(`A parameter cannot be found that matches parameter name '${key}'.`);
    out[canonical] = value;
  }
  const missing = (cmdlet.required ?? []).filter((r) => out[r] === undefined || out[r] === null || out[r] === '');
  if (missing.length > 0) {
    throw bindingError(`Cannot process command because of one or more missing mandatory parameters: ${missing.join(' ')}.`);
  }
  return out;
}

export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw bindingError(`Cannot convert the value of parameter '${key}' to type "System.String".`);
  return String(v);
}

export function bool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True' || v === '$true') return true;
  if (v === 'false' || v === 'False' || v === '$false') return false;
  throw bindingError(`Cannot process argument transformation on parameter '${key}'. Cannot convert value "${String(v)}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`);
}

export function int(p: Params, key: string, min: number, max: number): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw bindingError(`Cannot process argument transformation on parameter '${key}'. Cannot convert value "${String(v)}" to type "System.Int32".`);
  if (n < min || n > max) {
    throw bindingError(`Cannot validate argument on parameter '${key}'. The ${n} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`);
  }
  return n;
}

export function list(p: Params, key: string): string[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(',').map((s) => s.trim()).filter(Boolean);
}

export function oneOf<T extends string>(p: Params, key: string, allowed: readonly T[]): T | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (!hit) throw invalidValue(key, v, [...allowed]);
  return hit;
}

/** A multi-valued parameter: an array replaces the value, `{add, remove}` changes it. */
export function multi(p: Params, key: string, current: string[], resolve: (ref: string) => string): string[] | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (v === null) return [];
  if (Array.isArray(v) || typeof v === 'string') return [...new Set((list(p, key) ?? []).map(resolve))];
  if (typeof v === 'object') {
    const o = Object.fromEntries(Object.entries(v as Params).map(([k, x]) => [k.toLowerCase(), x]));
    const asList = (x: unknown): string[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x.map(String) : [String(x)]);
    const add = asList(o.add).map(resolve);
    const remove = new Set(asList(o.remove).map(resolve));
    return [...new Set([...current.filter((c) => !remove.has(c)), ...add])];
  }
  throw bindingError(`Cannot convert the value of parameter '${key}' to a multi-valued property.`);
}

export function recipientOf(c: CmdCtx, identity: string): Recipient {
  const r = findRecipient(c.model, identity);
  if (!r) throw notFound(identity);
  return r;
}

export function mailboxOf(c: CmdCtx, identity: string): ExoMailbox {
  const r = findRecipient(c.model, identity);
  if (!r || r.kind !== 'mailbox') throw notFound(identity);
  return r.obj;
}

/** `-ResultSize`: a number or Unlimited; the default of 1000 truncates with the service's warning. */
export function limit<T>(c: CmdCtx, p: Params, rows: T[]): T[] {
  const raw = p.ResultSize;
  if (raw !== undefined && /^unlimited$/i.test(String(raw))) return rows;
  const size = raw === undefined ? 1000 : Number(raw);
  if (!Number.isInteger(size) || size < 1) throw bindingError(`Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value "${String(raw)}" to type "Microsoft.Exchange.Data.Unlimited\`1[System.UInt32]".`);
  if (rows.length > size && raw === undefined) {
    c.warnings.push('By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify "-ResultSize Unlimited". Be aware that, depending on the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don\'t recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.');
  }
  return rows.slice(0, size);
}

export function commandNotFound(name: string): CmdletError {
  return new CmdletError('System.Management.Automation.CommandNotFoundException', `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`);
}

export function nameTaken(name: string): CmdletError {
  return new CmdletError('Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException', `The name "${name}" is already being used. Please try another name.`);
}

export function proxyTaken(address: string, owner: string): CmdletError {
  return new CmdletError('Microsoft.Exchange.Data.Directory.ProxyAddressExistsException', `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${owner}". Please choose another proxy address.`);
}

export function checkDomain(c: CmdCtx, address: string): void {
  const domain = address.split('@')[1]?.toLowerCase();
  if (!domain || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
    throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', `The email address "${address}" isn't correct. Please use this format: user name, the @ sign, followed by the domain name. For example, tonysmith@contoso.com or tony.smith@contoso.com.`);
  }
  if (!c.tenant.domains.some((d) => d.toLowerCase() === domain)) {
    throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', `The domain "${domain}" of the address "${address}" isn't an accepted domain for your organization.`);
  }
}
