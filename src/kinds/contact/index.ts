// Kind `contact`: mail contacts (external addresses in the address book). Names live on Get-/Set-Contact, the
// mail attributes on Get-/Set-MailContact; the second list is only read when the YAML declares a name field.
import type { ContactSpec } from '../../config/model.js';
import type { DiffContext, DiffResult, Kind, ProposedChange } from '../contract.js';
import { EXCHANGE_PERMISSIONS, exchangeClient, lower, scalarChanges, type Row } from '../exchange/common.js';
import { reconcile, type Collection } from '../shared/reconcile.js';
import { exportContacts } from './export.js';

export interface ContactLive extends Record<string, unknown> {
  address: string;
  name: string;
  displayName: string;
  hiddenFromAddressLists: boolean;
  firstName?: string;
  lastName?: string;
  company?: string;
  /** The contact's directory object id: names the candidates when two contacts share an address; not shown in plans. */
  id?: string;
}

const addressOf = (a: string): string => `contact:${lower(a)}`;
const NAME_FIELDS = ['firstName', 'lastName', 'company'] as const;

/** The contact as the plan shows it: the object id only names candidates, it is not a managed field. */
function view(l: ContactLive): ContactLive {
  const { id: _id, ...rest } = l;
  return rest;
}

function planContact(d: ContactSpec, l: ContactLive | undefined): ProposedChange | undefined {
  const want = {
    displayName: d.displayName ?? (l ? undefined : d.address), hiddenFromAddressLists: d.hiddenFromAddressLists,
    firstName: d.firstName, lastName: d.lastName, company: d.company,
  };
  const fields = scalarChanges(want, l && view(l));
  if (fields.length === 0) return undefined;
  const address = addressOf(d.address);
  const after = { ...(l ? view(l) : { address: lower(d.address), name: d.displayName ?? d.address }), ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  return l
    ? { kind: 'contact', address, action: 'update', fields, before: view(l), after, reason: 'field_changed' }
    : { kind: 'contact', address, action: 'create', fields, before: null, after, reason: 'missing' };
}

function diffContacts(desired: ContactSpec[], live: ContactLive[], ctx: DiffContext): DiffResult {
  const contacts: Collection<ContactSpec, ContactLive> = {
    kind: 'contact',
    address: (o) => addressOf(o.address),
    id: (l) => l.id ?? l.name,
    path: (d) => `contacts[${desired.indexOf(d)}]`,
    absent: (d) => d.ensure === 'absent',
    create: (d) => planContact(d, undefined),
    update: planContact,
    remove: (l, reason) => ({ kind: 'contact', address: addressOf(l.address), action: 'delete', fields: [], before: view(l), after: null, reason }),
  };
  const { changes, diagnostics, unmanaged } = reconcile(contacts, desired, live, ctx);
  return { changes, diagnostics, unmanaged };
}

export const contactKind: Kind<ContactSpec, ContactLive> = {
  kind: 'contact',
  shape: 'collection', section: 'contacts', listKey: ['address'], keyLabel: 'contact address', prefix: 'contact',
    schema: 'contacts.schema.json', offers: [{ type: 'recipient', field: 'address' }],
  permissions: EXCHANGE_PERMISSIONS,
  pruneKey: 'contacts',
  select: (config) => config.contacts ?? [],
  export: (ctx) => exportContacts(ctx, contactKind.fetch),
  address: (o) => addressOf(o.address),
  async fetch(ctx, desired) {
    // Nothing declared and nothing to prune: no request at all (a tenant without Exchange objects reads no Exchange).
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const ex = exchangeClient(ctx.clients);
    const wanted = new Set(desired.map((d) => lower(d.address)));
    const needNames = desired.some((d) => NAME_FIELDS.some((k) => d[k] !== undefined));
    const [mail, people] = await Promise.all([
      ex.invoke<Row>('Get-MailContact', { ResultSize: 'Unlimited' }),
      needNames ? ex.invoke<Row>('Get-Contact', { ResultSize: 'Unlimited', RecipientTypeDetails: 'MailContact' }) : Promise.resolve([] as Row[]),
    ]);
    const byName = new Map(people.map((p) => [String(p.Name), p]));
    const live = mail.map((r): ContactLive => {
      const c: ContactLive = {
        address: lower(String(r.ExternalEmailAddress ?? r.PrimarySmtpAddress).replace(/^smtp:/i, '')), name: String(r.Name),
        displayName: String(r.DisplayName), hiddenFromAddressLists: r.HiddenFromAddressListsEnabled === true,
        id: String(r.ExternalDirectoryObjectId ?? r.Guid ?? r.Name),
      };
      const p = byName.get(c.name);
      if (needNames && p) for (const k of NAME_FIELDS) c[k] = String(p[k[0]!.toUpperCase() + k.slice(1)] ?? '');
      return c;
    });
    return { live: live.filter((l) => ctx.prune || wanted.has(l.address)), complete: true };
  },
  diff: diffContacts,
  async apply(change, ctx) {
    const ex = exchangeClient(ctx.clients);
    const address = change.address.slice('contact:'.length);
    const after = (change.after ?? {}) as Partial<ContactLive>;
    if (change.action === 'delete') {
      await ex.invoke('Remove-MailContact', { Identity: address, Confirm: false });
      return {};
    }
    const changed = new Set(change.fields.map((f) => f.path));
    if (change.action === 'create') {
      await ex.invoke('New-MailContact', { Name: after.name, ExternalEmailAddress: address, DisplayName: after.displayName });
      changed.delete('displayName');
    }
    const mail: Record<string, unknown> = {};
    if (changed.has('displayName')) mail.DisplayName = after.displayName;
    if (changed.has('hiddenFromAddressLists')) mail.HiddenFromAddressListsEnabled = after.hiddenFromAddressLists;
    if (Object.keys(mail).length > 0) await ex.invoke('Set-MailContact', { Identity: address, ...mail });
    const names = Object.fromEntries(NAME_FIELDS.filter((k) => changed.has(k)).map((k) => [k[0]!.toUpperCase() + k.slice(1), after[k]]));
    if (Object.keys(names).length > 0) await ex.invoke('Set-Contact', { Identity: address, ...names });
    return {};
  },
};
