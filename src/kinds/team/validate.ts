// Offline checks of declared teams, placed at their lines: a team only on a Microsoft 365 group (Teams builds a team
// on a group's mailbox and site, team-put-teams.md), channel names unique within a team as Teams compares them,
// owners for every private or shared channel (channel-post.md creates them with their owner), and members only on
// private and shared channels (channel-post-members.md: "allowed only for channels with a membershipType value of
// private"); a team whose group declares no owners is warned about, as Teams needs one to create it.
import type { GroupSpec, TenantConfig } from '../../config/model.js';
import type { Diagnostic } from '../../plan/types.js';
import { declaredType } from '../group/model.js';
import { normalKey } from '../shared/reconcile.js';
import { channelType, teamAddress } from './model.js';

function channelChecks(g: GroupSpec, at: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const address = teamAddress(g.mailNickname);
  const seen = new Map<string, number>();
  (g.team?.channels ?? []).forEach((c, i) => {
    const path = `${at}.team.channels[${i}]`;
    const key = normalKey(c.displayName);
    const first = seen.get(key);
    if (first !== undefined) out.push({ severity: 'error', summary: `${address}: channel "${c.displayName}" is declared twice (also channels[${first}]); Teams compares channel names case-insensitively`, address, path: `${path}.displayName` });
    else seen.set(key, i);
    if (c.ensure === 'absent') return;
    const type = channelType(c);
    if (type === 'standard' && (c.owners !== undefined || c.members !== undefined)) {
      out.push({ severity: 'error', summary: `${address}: channel "${c.displayName}" is standard: its members are the team's; owners and members are for private and shared channels`, address, path: `${path}.${c.owners !== undefined ? 'owners' : 'members'}` });
    }
    if (type !== 'standard' && !(c.owners ?? []).length) {
      out.push({ severity: 'error', summary: `${address}: ${type} channel "${c.displayName}" needs at least one owner`, address, path: `${path}.owners` });
    }
  });
  return out;
}

export function validateTeams(config: TenantConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  (config.groups ?? []).forEach((g, i) => {
    if (!g.team || g.ensure === 'absent') return;
    const at = `groups[${i}]`;
    const address = teamAddress(g.mailNickname);
    if (declaredType(g) !== 'microsoft365') {
      out.push({ severity: 'error', summary: `${address}: a team can only be created on a Microsoft 365 group; this group is ${declaredType(g)}`, detail: 'declare type: microsoft365 on a new group, or remove team', address, path: `${at}.team` });
      return;
    }
    if (!(g.owners ?? []).length) out.push({ severity: 'warning', summary: `${address}: Teams creates a team only on a group with an owner; declare the group's owners`, address, path: `${at}.owners` });
    out.push(...channelChecks(g, at));
  });
  return out;
}
