// Kind `distributionGroup`: groups of type distribution and mailEnabledSecurity from the `groups` section, which
// only Exchange can create. Members (authoritative unless membersMode: additive), owners (ManagedBy) and delivery
// restrictions are lists of references (`alice@contoso.com`, `group:finance`). The type cannot be changed in place,
// so a type change replaces the group.
import type { GroupSpec, TenantConfig } from '../../config/model.js';
import type { DiffContext, DiffResult, Kind, ProposedChange } from '../contract.js';
import {
  EXCHANGE_PERMISSIONS, exchangeClient, identityOf, listChange, lower, normRef, RecipientNames, scalarChanges, type Row,
} from '../exchange/common.js';
import { reconcile, type Collection } from '../shared/reconcile.js';
import { exportDistributionGroups } from './export.js';

export interface GroupLive extends Record<string, unknown> {
  mailNickname: string;
  displayName: string;
  primarySmtpAddress: string;
  type: 'distribution' | 'mailEnabledSecurity';
  hiddenFromAddressLists: boolean;
  requireAuthenticatedSenders: boolean;
  members: string[];
  owners: string[];
  acceptFrom: string[];
  rejectFrom: string[];
  /** The group's object id: names the candidates when two groups share an alias; not shown in plans. */
  id?: string;
}

const EXCHANGE_TYPES = new Set(['distribution', 'mailEnabledSecurity']);
const addressOf = (nick: string): string => `distributionGroup:${lower(nick)}`;
const primaryOf = (g: GroupSpec, config: TenantConfig): string =>
  lower(g.primarySmtpAddress ?? `${g.mailNickname}@${config.tenant.primaryDomain ?? config.tenant.domains[0]}`);

function refDeps(refs: string[]): string[] {
  return refs.flatMap((r) => (r.startsWith('group:') ? [r, `distributionGroup:${r.slice(6)}`] : [`user:${r}`, `mailbox:${r}`, `contact:${r}`]));
}

async function readGroup(ex: ReturnType<typeof exchangeClient>, names: RecipientNames, row: Row): Promise<GroupLive> {
  const members = await ex.invoke<Row>('Get-DistributionGroupMember', { Identity: String(row.PrimarySmtpAddress), ResultSize: 'Unlimited' });
  return {
    mailNickname: lower(String(row.Alias)), displayName: String(row.DisplayName), primarySmtpAddress: lower(String(row.PrimarySmtpAddress)),
    type: row.RecipientTypeDetails === 'MailUniversalSecurityGroup' ? 'mailEnabledSecurity' : 'distribution',
    hiddenFromAddressLists: row.HiddenFromAddressListsEnabled === true, requireAuthenticatedSenders: row.RequireSenderAuthenticationEnabled === true,
    members: [...new Set(members.map(RecipientNames.refOf))].sort(), owners: await names.all(row.ManagedBy),
    acceptFrom: await names.all(row.AcceptMessagesOnlyFromSendersOrMembers), rejectFrom: await names.all(row.RejectMessagesFromSendersOrMembers),
    id: String(row.ExternalDirectoryObjectId ?? row.Guid ?? row.PrimarySmtpAddress),
  };
}

/** The group as the plan shows it: the object id only names candidates, it is not a managed field. */
function view(l: GroupLive): GroupLive {
  const { id: _id, ...rest } = l;
  return rest;
}

function planGroup(g: GroupSpec, found: GroupLive | undefined, config: TenantConfig): ProposedChange | undefined {
  const address = addressOf(g.mailNickname);
  const l = found && view(found);
  const r = g.deliveryRestrictions ?? {};
  const want = {
    displayName: g.displayName ?? (l ? undefined : g.mailNickname), primarySmtpAddress: primaryOf(g, config), type: g.type,
    hiddenFromAddressLists: g.hiddenFromAddressLists, requireAuthenticatedSenders: r.requireAuthenticatedSenders,
  };
  const empty: GroupLive = { mailNickname: lower(g.mailNickname), displayName: '', primarySmtpAddress: '', type: 'distribution', hiddenFromAddressLists: false, requireAuthenticatedSenders: true, members: [], owners: [], acceptFrom: [], rejectFrom: [] };
  const have = l ?? empty;
  const fields = [
    ...scalarChanges(want, l),
    ...[
      listChange('members', g.members, have.members, g.membersMode === 'additive'), listChange('owners', g.owners, have.owners),
      listChange('acceptFrom', r.acceptFrom, have.acceptFrom), listChange('rejectFrom', r.rejectFrom, have.rejectFrom),
    ].filter((f) => f !== undefined),
  ];
  if (fields.length === 0) return undefined;
  const after = { ...have, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  const refs = [...(g.members ?? []), ...(g.owners ?? []), ...(r.acceptFrom ?? []), ...(r.rejectFrom ?? [])].map(normRef);
  const base = { kind: 'distributionGroup', address, fields, after, dependsOn: refDeps(refs).filter((d) => d !== address) };
  if (!l) return { ...base, action: 'create', before: null, reason: 'missing' };
  if (g.type && g.type !== l.type) return { ...base, action: 'replace', before: l, reason: 'type_changed', destructive: true };
  return { ...base, action: 'update', before: l, reason: 'field_changed' };
}

function diffGroups(desired: GroupSpec[], live: GroupLive[], ctx: DiffContext): DiffResult {
  const groups: Collection<GroupSpec, GroupLive> = {
    kind: 'distributionGroup',
    address: (o) => addressOf(o.mailNickname),
    id: (l) => l.id ?? l.primarySmtpAddress,
    path: (d) => `groups[${(ctx.tenant.groups ?? []).indexOf(d)}]`,
    absent: (d) => d.ensure === 'absent',
    create: (d) => planGroup(d, undefined, ctx.tenant),
    update: (d, l) => planGroup(d, l, ctx.tenant),
    remove: (l, reason) => ({ kind: 'distributionGroup', address: addressOf(l.mailNickname), action: 'delete', fields: [], before: view(l), after: null, reason }),
  };
  const { changes, diagnostics, unmanaged } = reconcile(groups, desired, live, ctx);
  return { changes, diagnostics, unmanaged };
}

const ids = (refs: unknown): string[] => ((refs ?? []) as string[]).map(identityOf);

async function create(ex: ReturnType<typeof exchangeClient>, after: GroupLive): Promise<void> {
  await ex.invoke('New-DistributionGroup', {
    Name: after.displayName || after.mailNickname, Alias: after.mailNickname, PrimarySmtpAddress: after.primarySmtpAddress,
    Type: after.type === 'mailEnabledSecurity' ? 'Security' : 'Distribution', Members: ids(after.members),
  });
  await ex.invoke('Set-DistributionGroup', {
    Identity: after.primarySmtpAddress, ManagedBy: ids(after.owners), AcceptMessagesOnlyFromSendersOrMembers: ids(after.acceptFrom),
    RejectMessagesFromSendersOrMembers: ids(after.rejectFrom), HiddenFromAddressListsEnabled: after.hiddenFromAddressLists,
    RequireSenderAuthenticationEnabled: after.requireAuthenticatedSenders, BypassSecurityGroupManagerCheck: true,
  });
}

export const distributionGroupKind: Kind<GroupSpec, GroupLive> = {
  kind: 'distributionGroup',
  shape: 'collection', section: 'groups', listKey: ['mailNickname'], prefix: 'distributionGroup',
    uses: [{ field: 'deliveryRestrictions.acceptFrom[]', types: ['user', 'group'] }, { field: 'deliveryRestrictions.rejectFrom[]', types: ['user', 'group'] }],
  permissions: EXCHANGE_PERMISSIONS,
  pruneKey: 'distributionGroups',
  export: (ctx) => exportDistributionGroups(ctx, distributionGroupKind.fetch),
  select: (config) => (config.groups ?? []).filter((g) => EXCHANGE_TYPES.has(g.type ?? '')),
  address: (o) => addressOf(o.mailNickname),
  async fetch(ctx, desired) {
    // Nothing declared and nothing to prune: no request at all (a tenant without Exchange objects reads no Exchange).
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const ex = exchangeClient(ctx.clients);
    const names = new RecipientNames(ex);
    const wanted = new Set(desired.map((d) => lower(d.mailNickname)));
    const rows = (await ex.invoke<Row>('Get-DistributionGroup', { ResultSize: 'Unlimited' }))
      .filter((r) => ctx.prune || wanted.has(lower(String(r.Alias))));
    return { live: await Promise.all(rows.map((r) => readGroup(ex, names, r))), complete: true };
  },
  diff: diffGroups,
  async apply(change, ctx) {
    const ex = exchangeClient(ctx.clients);
    const before = change.before as GroupLive | null;
    const after = change.after as GroupLive | null;
    if (change.action === 'delete' || change.action === 'replace') {
      await ex.invoke('Remove-DistributionGroup', { Identity: before!.primarySmtpAddress, BypassSecurityGroupManagerCheck: true, Confirm: false });
    }
    if (change.action === 'create' || change.action === 'replace') await create(ex, after!);
    if (change.action !== 'update') return {};
    const identity = before!.primarySmtpAddress;
    const set: Record<string, unknown> = {};
    for (const f of change.fields) {
      if (f.path === 'displayName') set.DisplayName = f.after;
      if (f.path === 'primarySmtpAddress') set.PrimarySmtpAddress = f.after;
      if (f.path === 'hiddenFromAddressLists') set.HiddenFromAddressListsEnabled = f.after;
      if (f.path === 'requireAuthenticatedSenders') set.RequireSenderAuthenticationEnabled = f.after;
      if (f.path === 'owners') set.ManagedBy = ids(f.after);
      if (f.path === 'acceptFrom') set.AcceptMessagesOnlyFromSendersOrMembers = ids(f.after);
      if (f.path === 'rejectFrom') set.RejectMessagesFromSendersOrMembers = ids(f.after);
    }
    if (Object.keys(set).length > 0) await ex.invoke('Set-DistributionGroup', { Identity: identity, ...set, BypassSecurityGroupManagerCheck: true });
    const current = String(set.PrimarySmtpAddress ?? identity);
    const members = change.fields.find((f) => f.path === 'members');
    for (const m of ids(members?.added)) await ex.invoke('Add-DistributionGroupMember', { Identity: current, Member: m, BypassSecurityGroupManagerCheck: true });
    for (const m of ids(members?.removed)) await ex.invoke('Remove-DistributionGroupMember', { Identity: current, Member: m, BypassSecurityGroupManagerCheck: true, Confirm: false });
    return {};
  },
};
