// What the Exchange kinds share: the client from the context, scoped mailbox reads, waiting for a mailbox that
// Exchange has not provisioned yet, recipient names → references, and list/field diffs.
import type { ExchangeApi } from '../../clients/exchange.js';
import { invokeOne, invokeScoped, rowId } from '../../clients/exchange-reads.js';
import { poll, steady, type WireClock } from '../../clients/poll.js';
import type { Clients } from '../../clients/types.js';
import type { FieldChange } from '../../plan/types.js';
import type { KindPermissions } from '../contract.js';

export type Row = Record<string, unknown>;

/**
 * App-only Exchange Online: the Exchange.ManageAsApp application permission plus an Entra role on the service
 * principal (through GDAP for a partner): Global Reader is enough for the Get- cmdlets, the rest need Exchange
 * Administrator.
 */
export const EXCHANGE_PERMISSIONS: KindPermissions = {
  read: { exchange: ['Exchange.ManageAsApp'], gdapRoles: ['Global Reader'] },
  write: { exchange: ['Exchange.ManageAsApp'], gdapRoles: ['Exchange Administrator'] },
};

export function exchangeClient(clients: Clients): ExchangeApi {
  const ex = clients.exchange;
  if (!ex) {
    throw new Error('the Exchange Online client is not configured (clients.exchange): mailboxes, permissions, distribution groups and contacts need it');
  }
  return ex;
}

export const lower = (s: string): string => s.trim().toLowerCase();

/** A declared reference: `user:` is implied for addresses; `group:` is kept. */
export const normRef = (s: string): string => lower(s).replace(/^user:/, '');

export const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Reads the declared mailboxes (or all), keyed by lower-case primary SMTP address. Missing ones are simply absent;
 * two for one address (Exchange keeps proxy addresses unique, so only a broken directory has them) fail the read.
 */
export async function readMailboxes(ex: ExchangeApi, addresses: string[], all: boolean): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  const put = (r: Row): void => {
    const key = lower(String(r.PrimarySmtpAddress));
    const seen = out.get(key);
    if (seen) throw new Error(`Get-Mailbox: 2 mailboxes have the address ${key} (ids ${rowId(seen)}, ${rowId(r)}); tenantform will not guess which one the YAML means`);
    out.set(key, r);
  };
  for (const r of await invokeScoped(ex, 'Get-Mailbox', addresses, { all, list: { ResultSize: 'Unlimited' } })) put(r);
  return out;
}

export interface WaitOptions {
  /** How long apply waits for a licensed user's mailbox to appear. */
  waitMs: number;
  pollMs: number;
}

export const DEFAULT_WAIT: WaitOptions = { waitMs: 10 * 60_000, pollMs: 15_000 };

/**
 * Exchange creates a user's mailbox some time after licensing; settings for it wait within a bound (on the clients'
 * clock), then fail.
 */
export async function waitForMailbox(ex: ExchangeApi, address: string, o: WaitOptions, clock?: WireClock): Promise<Row> {
  const found = await poll(() => invokeOne(ex, 'Get-Mailbox', address), { until: (row) => row !== undefined, schedule: steady(o.pollMs, o.waitMs), clock });
  if (found.done && found.value) return found.value;
  throw new Error(`the mailbox ${address} does not exist in Exchange Online after waiting ${Math.round(o.waitMs / 1000)} s: ` +
    'a user mailbox appears only after the user is licensed for Exchange Online, which can take a while; apply again later');
}

/** Multi-valued links come back as recipient Names; this maps them to references (`address` or `group:alias`). */
export class RecipientNames {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly ex: ExchangeApi) {}

  static refOf(r: Row): string {
    const type = String(r.RecipientTypeDetails ?? r.RecipientType ?? '');
    return /Group$/.test(type) ? `group:${lower(String(r.Alias))}` : lower(String(r.PrimarySmtpAddress));
  }

  resolve(name: string): Promise<string> {
    if (name.includes('@')) return Promise.resolve(lower(name));
    let hit = this.cache.get(name);
    if (!hit) {
      hit = invokeOne(this.ex, 'Get-Recipient', name).then((r) => (r ? RecipientNames.refOf(r) : lower(name)));
      this.cache.set(name, hit);
    }
    return hit;
  }

  async all(names: unknown): Promise<string[]> {
    const list = Array.isArray(names) ? names.map(String) : [];
    return sorted(await Promise.all(list.map((n) => this.resolve(n))));
  }
}

/** The identity a cmdlet takes for a reference. */
export const identityOf = (ref: string): string => (ref.startsWith('group:') ? ref.slice(6) : ref);

/** List delta: additions always, removals only when the list is authoritative. */
export function listChange(path: string, desired: string[] | undefined, live: string[], additive = false): FieldChange | undefined {
  if (desired === undefined) return undefined;
  const want = sorted(desired.map(normRef));
  const have = new Set(live);
  const added = want.filter((x) => !have.has(x));
  const removed = additive ? [] : live.filter((x) => !want.includes(x));
  if (added.length === 0 && removed.length === 0) return undefined;
  const after = sorted([...live.filter((x) => !removed.includes(x)), ...added]);
  return { path, before: live, after, added, removed };
}

/** Changes of declared scalar fields (undefined = not managed). */
export function scalarChanges(desired: Record<string, unknown>, live: Record<string, unknown> | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [path, after] of Object.entries(desired)) {
    if (after === undefined) continue;
    const before = live?.[path];
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push(live ? { path, before, after } : { path, after });
  }
  return out;
}
