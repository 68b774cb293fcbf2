// Kind `dynamicDistributionGroup`: Exchange Online dynamic distribution groups, keyed by primary SMTP address. A
// group's members are whoever its filter matches when mail is sent: a custom OPATH `recipientFilter`, or a precanned
// one (`includedRecipients` and `conditional` values). The filter is compared as filter.ts says. Exchange switches a
// group between the two kinds of filter in place (Set-DynamicDistributionGroup), so no change here replaces a group.
import type { DynamicDistributionGroupSpec, TenantConfig } from '../../config/model.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { ApplyContext, ApplyResult, DiffContext, DiffResult, Kind, ProposedChange } from '../contract.js';
import { EXCHANGE_PERMISSIONS, exchangeClient, lower, scalarChanges, type Row } from '../exchange/common.js';
import { reconcile, type Collection } from '../shared/reconcile.js';
import { exportDynamicGroups } from './export.js';
import { alias, CONDITIONS, desiredFlat, fromRow, type DynamicGroupLive } from './state.js';

const addressOf = (a: string): string => `dynamicDistributionGroup:${lower(a)}`;

/** The group as the plan shows it: the guid only names candidates, it is not a managed field. */
function view(l: DynamicGroupLive): DynamicGroupLive {
  const { id: _id, ...rest } = l;
  return rest;
}

function planGroup(d: DynamicDistributionGroupSpec, found: DynamicGroupLive | undefined): ProposedChange | undefined {
  const l = found && view(found);
  const want = desiredFlat(d, l);
  if (!l) want.displayName ??= alias(d.address);
  const fields = scalarChanges(want, l);
  if (fields.length === 0) return undefined;
  const after = { ...(l ?? { address: lower(d.address) }), ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  const base = { kind: 'dynamicDistributionGroup', address: addressOf(d.address), fields, after };
  return l ? { ...base, action: 'update', before: l, reason: 'field_changed' } : { ...base, action: 'create', before: null, reason: 'missing' };
}

/** The parameter sets the cmdlets allow: a custom filter or a precanned one, never both; AllRecipients only alone. */
function validateGroups(config: TenantConfig): Diagnostic[] {
  return (config.dynamicDistributionGroups ?? []).flatMap((d, i): Diagnostic[] => {
    const at = `dynamicDistributionGroups[${i}]`;
    const error = (field: string, summary: string): Diagnostic => ({ severity: 'error', summary: `${d.address}: ${summary}`, address: addressOf(d.address), path: `${at}.${field}` });
    const out: Diagnostic[] = [];
    if (d.recipientFilter !== undefined && d.includedRecipients !== undefined) out.push(error('includedRecipients', 'a recipientFilter and includedRecipients cannot be combined: declare a custom filter or a precanned one'));
    if (d.conditional !== undefined && d.includedRecipients === undefined) out.push(error('conditional', 'conditional values belong to a precanned filter: declare includedRecipients with them'));
    if (d.includedRecipients?.includes('AllRecipients') && d.includedRecipients.length > 1) out.push(error('includedRecipients', 'AllRecipients can only be used by itself'));
    return out;
  });
}

function diffGroups(desired: DynamicDistributionGroupSpec[], live: DynamicGroupLive[], ctx: DiffContext): DiffResult {
  const path = (d: DynamicDistributionGroupSpec): string => `dynamicDistributionGroups[${desired.indexOf(d)}]`;
  // The offline checks again, as plan runs them: such an entry would be refused by the cmdlet.
  const diagnostics: Diagnostic[] = validateGroups(ctx.tenant);
  const groups: Collection<DynamicDistributionGroupSpec, DynamicGroupLive> = {
    kind: 'dynamicDistributionGroup',
    address: (o) => addressOf(o.address),
    id: (l) => l.id ?? l.address,
    path,
    absent: (d) => d.ensure === 'absent',
    create(d) {
      // New-DynamicDistributionGroup needs one filter or the other; nothing is guessed for a group without one.
      if (d.recipientFilter === undefined && d.includedRecipients === undefined) {
        diagnostics.push({ severity: 'error', summary: `${d.address} does not exist: declare its recipientFilter or includedRecipients to create it`, address: addressOf(d.address), path: path(d) });
        return undefined;
      }
      return planGroup(d, undefined);
    },
    update: planGroup,
    remove: (l, reason) => ({ kind: 'dynamicDistributionGroup', address: addressOf(l.address), action: 'delete', fields: [], before: view(l), after: null, reason }),
  };
  const out = reconcile(groups, desired, live, ctx);
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}

/** Set- and New-DynamicDistributionGroup's parameters for the changed fields. */
function params(change: Change): Record<string, unknown> {
  const after = (change.after ?? {}) as Record<string, unknown>;
  const changed = new Set(change.fields.map((f) => f.path));
  const p: Record<string, unknown> = {};
  if (changed.has('displayName')) p.DisplayName = after.displayName;
  if (changed.has('hiddenFromAddressLists')) p.HiddenFromAddressListsEnabled = after.hiddenFromAddressLists;
  if (changed.has('requireAuthenticatedSenders')) p.RequireSenderAuthenticationEnabled = after.requireAuthenticatedSenders;
  if (typeof after.recipientFilter === 'string' && changed.has('recipientFilter')) p.RecipientFilter = after.recipientFilter;
  // A precanned filter is sent whole: the included types and every condition, so none is left from before.
  if (Array.isArray(after.includedRecipients) && [...changed].some((f) => f === 'includedRecipients' || f.startsWith('conditional.'))) {
    p.IncludedRecipients = after.includedRecipients;
    for (const [k, suffix] of Object.entries(CONDITIONS)) p[`Conditional${suffix}`] = after[`conditional.${k}`] ?? [];
  }
  return p;
}

async function applyGroup(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ex = exchangeClient(ctx.clients);
  const address = change.address.slice('dynamicDistributionGroup:'.length);
  if (change.action === 'delete') {
    await ex.invoke('Remove-DynamicDistributionGroup', { Identity: address, Confirm: false });
    return {};
  }
  const p = params(change);
  if (change.action === 'create') {
    const { HiddenFromAddressListsEnabled: hidden, RequireSenderAuthenticationEnabled: auth, ...create } = p;
    await ex.invoke('New-DynamicDistributionGroup', { Name: create.DisplayName ?? alias(address), Alias: alias(address), PrimarySmtpAddress: address, ...create });
    const rest = Object.fromEntries(Object.entries({ HiddenFromAddressListsEnabled: hidden, RequireSenderAuthenticationEnabled: auth }).filter(([, v]) => v !== undefined));
    if (Object.keys(rest).length > 0) await ex.invoke('Set-DynamicDistributionGroup', { Identity: address, ...rest });
    return {};
  }
  if (Object.keys(p).length > 0) await ex.invoke('Set-DynamicDistributionGroup', { Identity: address, ...p });
  return {};
}

export const dynamicDistributionGroupKind: Kind<DynamicDistributionGroupSpec, DynamicGroupLive> = {
  kind: 'dynamicDistributionGroup',
  shape: 'collection', section: 'dynamicDistributionGroups', listKey: ['address'], keyLabel: 'dynamic distribution group address',
  prefix: 'dynamicDistributionGroup', schema: 'dynamicDistributionGroups.schema.json',
  offers: [{ type: 'recipient', field: 'address', inTenant: true }],
  permissions: EXCHANGE_PERMISSIONS,
  pruneKey: 'dynamicDistributionGroups',
  select: (config) => config.dynamicDistributionGroups ?? [],
  address: (o) => addressOf(o.address),
  async fetch(ctx, desired) {
    // Nothing declared and nothing to prune: no request at all.
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const ex = exchangeClient(ctx.clients);
    const wanted = new Set(desired.map((d) => lower(d.address)));
    const rows = await ex.invoke<Row>('Get-DynamicDistributionGroup', { ResultSize: 'Unlimited' });
    return { live: rows.map(fromRow).filter((l) => ctx.prune || wanted.has(l.address)), complete: true };
  },
  validate: validateGroups,
  diff: diffGroups,
  apply: applyGroup,
  export: (ctx) => exportDynamicGroups(ctx, dynamicDistributionGroupKind.fetch),
};

