// Export of the teams of Microsoft 365 groups, beside their group entries: every setting as read, the archived
// state, and every channel (General only when it has a description) with the owners and members of private and
// shared ones by user principal name. Read through the kind's own fetch, so the export re-plans to no changes.
import type { ExportResult, FetchContext } from '../contract.js';
import { typeOf } from '../group/model.js';
import { byKey, count } from '../shared/export.js';
import { normalKey } from '../shared/reconcile.js';
import { fetchTeams } from './fetch.js';
import { GENERAL, SETTINGS_GROUPS, type DesiredTeam, type LiveChannel, type LiveTeam } from './model.js';

interface RawGroup { mailNickname?: string | null; groupTypes?: string[]; mailEnabled?: boolean; securityEnabled?: boolean }

function channelToYaml(c: LiveChannel): Record<string, unknown> {
  const out: Record<string, unknown> = { displayName: c.displayName };
  if (c.description) out.description = c.description;
  if (c.membershipType !== 'standard') {
    out.type = c.membershipType;
    out.owners = (c.members ?? []).filter((m) => m.owner).map((m) => m.user).sort();
    out.members = (c.members ?? []).filter((m) => !m.owner).map((m) => m.user).sort();
  }
  return out;
}

export function teamToYaml(l: LiveTeam): Record<string, unknown> | undefined {
  if (!l.team) return undefined;
  const team: Record<string, unknown> = { archived: l.team.archived };
  for (const g of SETTINGS_GROUPS) {
    const entries = Object.entries(l.team.settings[g]).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length) team[g] = Object.fromEntries(entries);
  }
  const channels = l.team.channels.filter((c) => normalKey(c.displayName) !== GENERAL || c.description).map(channelToYaml);
  if (channels.length) team.channels = channels;
  return { mailNickname: l.group, team };
}

export async function exportTeams(ctx: FetchContext): Promise<ExportResult> {
  const all = await ctx.clients.graph.list<RawGroup>('/groups?$select=mailNickname,groupTypes,mailEnabled,securityEnabled');
  const nicks = [...new Set(all.filter((g) => g.mailNickname && typeOf(g) === 'microsoft365').map((g) => g.mailNickname!.toLowerCase()))].sort();
  const desired: DesiredTeam[] = nicks.map((group, i) => ({ group, spec: {}, path: `groups[${i}]` }));
  const { live } = await fetchTeams(ctx, desired, true);
  const items = [...live].sort(byKey((l) => l.group)).flatMap((l): Record<string, unknown>[] => { const y = teamToYaml(l); return y ? [y] : []; });
  return { section: 'groups', items, comments: [`${count(items.length, 'team')} of Microsoft 365 groups, with their channels`] };
}
