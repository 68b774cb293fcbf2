// The dynamic distribution group as tenantform compares it: one flat record, built the same way from the YAML and
// from Get-DynamicDistributionGroup, so that the diff is a plain comparison and the plan shows the YAML's names.
import type { DynamicDistributionGroupSpec } from '../../config/model.js';
import { lower, sorted, type Row } from '../exchange/common.js';
import { canonicalFilter, declaredPart } from './filter.js';

export interface DynamicGroupLive extends Record<string, unknown> {
  address: string;
  /** The group's guid: names the candidates when two groups share an address; not shown in plans. */
  id?: string;
}

/** YAML condition key → the Conditional* property's suffix. */
export const CONDITIONS: Record<string, string> = {
  company: 'Company', department: 'Department', stateOrProvince: 'StateOrProvince',
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`customAttribute${i + 1}`, `CustomAttribute${i + 1}`])),
};

export const alias = (address: string): string => lower(address).split('@')[0]!;

export function fromRow(r: Row): DynamicGroupLive {
  const custom = r.RecipientFilterType !== 'Precanned';
  const live: DynamicGroupLive = {
    address: lower(String(r.PrimarySmtpAddress)), displayName: String(r.DisplayName ?? ''),
    recipientFilter: custom ? declaredPart(String(r.RecipientFilter ?? '')) : null,
    includedRecipients: custom ? null : sorted(String(r.IncludedRecipients ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    hiddenFromAddressLists: r.HiddenFromAddressListsEnabled === true, requireAuthenticatedSenders: r.RequireSenderAuthenticationEnabled === true,
    id: String(r.Guid ?? r.ExternalDirectoryObjectId ?? r.PrimarySmtpAddress),
  };
  for (const [k, suffix] of Object.entries(CONDITIONS)) {
    const v = r[`Conditional${suffix}`];
    live[`conditional.${k}`] = custom ? [] : sorted(Array.isArray(v) ? v.map(String) : []);
  }
  return live;
}

/**
 * The YAML's declared values as the same flat record; undefined = not managed. A precanned filter is declared whole:
 * conditions it does not list are empty. A declared filter equal to the live one but for case, spacing or enclosing
 * parentheses takes the live spelling, so it plans no change.
 */
export function desiredFlat(d: DynamicDistributionGroupSpec, l: DynamicGroupLive | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    displayName: d.displayName, hiddenFromAddressLists: d.hiddenFromAddressLists, requireAuthenticatedSenders: d.requireAuthenticatedSenders,
  };
  if (d.recipientFilter !== undefined) {
    const have = typeof l?.recipientFilter === 'string' ? l.recipientFilter : undefined;
    out.recipientFilter = have !== undefined && canonicalFilter(have) === canonicalFilter(d.recipientFilter) ? have : d.recipientFilter.trim();
    out.includedRecipients = null;
  }
  if (d.includedRecipients !== undefined) {
    out.recipientFilter = null;
    out.includedRecipients = sorted(d.includedRecipients);
    const given: Record<string, string[] | undefined> = { ...d.conditional };
    for (const k of Object.keys(CONDITIONS)) out[`conditional.${k}`] = sorted(given[k] ?? []);
  }
  return out;
}
