// Export of distribution lists and mail-enabled security groups into `groups`, with members, owners and delivery
// restrictions as references. Values equal to what an undeclared field leaves alone are omitted.
import type { TenantConfig } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { writableReference } from '../exchange/export.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import type { GroupLive } from './index.js';

type Fetch = (ctx: FetchContext, desired: never[]) => Promise<FetchResult<GroupLive>>;

/** The list as references, or undefined (left unmanaged) when an entry has no address the YAML could hold. */
function whole(name: string, list: string[], notes: string[]): string[] | undefined {
  const ok = list.filter(writableReference);
  if (ok.length === list.length) return sortStrings(ok);
  notes.push(`${name} not exported: ${count(list.length - ok.length, 'entry', 'entries')} without an address`);
  return undefined;
}

export function distributionGroupToYaml(l: GroupLive, config: TenantConfig, notes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { mailNickname: l.mailNickname, displayName: l.displayName, type: l.type };
  // Without primarySmtpAddress the diff expects <mailNickname>@<primaryDomain>.
  const primary = config.tenant.primaryDomain ?? config.tenant.domains[0];
  if (l.primarySmtpAddress !== `${l.mailNickname}@${primary}`) out.primarySmtpAddress = l.primarySmtpAddress;
  if (l.hiddenFromAddressLists) out.hiddenFromAddressLists = true;
  const members = sortStrings(l.members.filter(writableReference));
  if (members.length < l.members.length) {
    // Additive keeps the members that cannot be named, so the plan neither removes them nor reports a change.
    out.membersMode = 'additive';
    notes.push(`${count(l.members.length - members.length, 'member')} without an address not exported`);
  }
  if (members.length) out.members = members;
  const owners = whole('owners', l.owners, notes);
  if (owners?.length) out.owners = owners;
  const r: Record<string, unknown> = {};
  if (!l.requireAuthenticatedSenders) r.requireAuthenticatedSenders = false;
  const acceptFrom = whole('acceptFrom', l.acceptFrom, notes);
  const rejectFrom = whole('rejectFrom', l.rejectFrom, notes);
  if (acceptFrom?.length) r.acceptFrom = acceptFrom;
  if (rejectFrom?.length) r.rejectFrom = rejectFrom;
  if (Object.keys(r).length) out.deliveryRestrictions = r;
  return out;
}

export async function exportDistributionGroups(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const { live } = await fetch({ ...ctx, prune: true }, []);
  const notes: Record<string, string[]> = {};
  const items = [...live].sort(byKey((g) => g.mailNickname)).map((g) => {
    const n: string[] = [];
    const item = distributionGroupToYaml(g, ctx.tenant, n);
    if (n.length) notes[g.mailNickname] = n;
    return item;
  });
  return { section: 'groups', items, comments: [count(items.length, 'distribution or mail-enabled security group')], notes };
}
