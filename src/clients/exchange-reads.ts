// How a set of Exchange reads travels. The admin endpoint takes one cmdlet per request and has no batch form, so a
// few declared objects are read one cmdlet each (the Exchange client bounds how many are in flight), and many by one
// paged list, which is cheaper past a few dozen.
import { isNotFound, type ExchangeApi } from './exchange.js';

export type CmdletRow = Record<string, unknown>;

/** Above this many declared objects one paged list is cheaper than one read per object. */
export const EXCHANGE_SCOPED_LIMIT = 25;

export const rowId = (r: CmdletRow): string => String(r.ExternalDirectoryObjectId ?? r.Guid ?? r.Identity);

/**
 * One object by identity; undefined only when the service says it does not exist. Several rows for one identity are
 * a read error naming them: taking the first would act on an object the YAML may not mean.
 */
export async function invokeOne(ex: ExchangeApi, cmdlet: string, identity: string, extra: CmdletRow = {}): Promise<CmdletRow | undefined> {
  let rows: CmdletRow[];
  try {
    rows = await ex.invoke<CmdletRow>(cmdlet, { Identity: identity, ...extra });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  if (rows.length > 1) {
    const ids = rows.map(rowId).join(', ');
    throw new Error(`${cmdlet} ${identity}: ${rows.length} objects have this identity (ids ${ids}); tenantform will not guess which one the YAML means`);
  }
  return rows[0];
}

/**
 * The rows of `cmdlet` for the given identities: one read each, or the whole list (`list`, e.g. ResultSize
 * Unlimited) when `all` or when there are more than EXCHANGE_SCOPED_LIMIT. A listed read holds objects not asked for;
 * identities that do not exist are simply missing.
 */
export async function invokeScoped(ex: ExchangeApi, cmdlet: string, identities: readonly string[], o: { all?: boolean; list: CmdletRow }): Promise<CmdletRow[]> {
  if (o.all || identities.length > EXCHANGE_SCOPED_LIMIT) return ex.invoke<CmdletRow>(cmdlet, o.list);
  const rows = await Promise.all(identities.map((identity) => invokeOne(ex, cmdlet, identity)));
  return rows.filter((r): r is CmdletRow => r !== undefined);
}
