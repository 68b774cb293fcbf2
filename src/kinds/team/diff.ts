// Pure diff of teams: one change per declared team, `team:<mailNickname>`. A group without a team gets a create
// (the team from the group with its declared settings, then its channels); an existing team an update of the
// declared settings that differ, its archived state, and its channels and channel members (channels.ts). Settings
// the YAML does not name are left as they are. The team waits for its group, the group's owners (Teams creates a
// team only on a group with an owner, team-put-teams.md) and every user its channels add.
import type { Diagnostic, FieldChange, TeamOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { groupAddress } from '../shared/refs.js';
import { membershipAddress } from '../membership/model.js';
import { planChannels, userDeps, type ChannelPlan } from './channels.js';
import { GENERAL, SETTINGS_GROUPS, teamAddress, type DesiredTeam, type LiveTeam, type Settings } from './model.js';
import { normalKey } from '../shared/reconcile.js';
import { validateTeams } from './validate.js';

/** The declared settings, by group: only the named properties. */
function declaredSettings(d: DesiredTeam): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const g of SETTINGS_GROUPS) if (d.spec[g] && Object.keys(d.spec[g]).length) out[g] = { ...d.spec[g] };
  return out;
}

function settingsDelta(want: Partial<Settings>, have: Settings): { fields: FieldChange[]; patch: Record<string, unknown> } {
  const fields: FieldChange[] = [];
  const patch: Record<string, Record<string, unknown>> = {};
  for (const g of SETTINGS_GROUPS) {
    for (const [p, after] of Object.entries(want[g] ?? {})) {
      const before = have[g]?.[p] ?? null;
      if (before === after) continue;
      fields.push({ path: `${g}.${p}`, before, after });
      (patch[g] ??= {})[p] = after;
    }
  }
  return { fields, patch };
}

function deps(d: DesiredTeam, channels: ChannelPlan): string[] {
  return [groupAddress(d.group), membershipAddress(d.group), ...userDeps(channels.users)];
}

function createChange(d: DesiredTeam, channels: ChannelPlan, out: Diagnostic[]): ProposedChange {
  const address = teamAddress(d.group);
  const settings = declaredSettings(d);
  const general = (d.spec.channels ?? []).findIndex((c) => normalKey(c.displayName) === GENERAL && c.description !== undefined);
  if (general >= 0) {
    out.push({ severity: 'warning', summary: `${address}: the General channel's description is set once the team exists; plan again after apply`, address, path: `${d.path}.team.channels[${general}].description` });
  }
  const ops: TeamOps = { op: 'team', create: settings, ...(d.spec.archived === true ? { archive: true } : {}), ...channels.ops };
  const fields: FieldChange[] = [
    ...SETTINGS_GROUPS.flatMap((g) => Object.entries(settings[g] ?? {}).map(([p, after]) => ({ path: `${g}.${p}`, after }))),
    ...(d.spec.archived === true ? [{ path: 'archived', after: true }] : []),
    ...channels.fields,
  ];
  return { kind: 'team', address, action: 'create', fields, before: null, after: { group: d.group, ...settings, archived: d.spec.archived === true }, reason: 'missing', ops, dependsOn: deps(d, channels) };
}

/**
 * Whether apply unarchives and archives the team: an archived team takes no changes (team-archive.md: users "can no
 * longer ... edit the team's name, description, or other settings, or in general make most changes to the team"), so
 * one that stays archived is unarchived for the other changes and archived again.
 */
function archiving(live: boolean, declared: boolean | undefined, others: boolean): { unarchive: boolean; archive: boolean } {
  const want = declared ?? live;
  return { unarchive: live && (!want || others), archive: want && (!live || others) };
}

function updateChange(d: DesiredTeam, l: LiveTeam, channels: ChannelPlan, out: Diagnostic[]): ProposedChange | undefined {
  const team = l.team!;
  const { fields, patch } = settingsDelta(declaredSettings(d), team.settings);
  fields.push(...channels.fields);
  const { unarchive, archive } = archiving(team.archived, d.spec.archived, fields.length > 0);
  if (unarchive !== archive) fields.push({ path: 'archived', before: team.archived, after: archive });
  else if (unarchive) out.push({ severity: 'info', summary: `${teamAddress(d.group)} is archived: apply unarchives it for these changes and archives it again`, address: teamAddress(d.group) });
  if (!fields.length) return undefined;
  const ops: TeamOps = { op: 'team', ...(unarchive ? { unarchive } : {}), ...(Object.keys(patch).length ? { settings: patch } : {}), ...(archive ? { archive } : {}), ...channels.ops };
  const before = { group: d.group, archived: team.archived, ...team.settings };
  return { kind: 'team', address: teamAddress(d.group), action: 'update', fields, before, after: { ...before, ...patch, archived: d.spec.archived ?? team.archived }, reason: 'field_changed', ops, dependsOn: deps(d, channels) };
}

export function diffTeams(desired: DesiredTeam[], live: LiveTeam[], ctx: DiffContext): DiffResult {
  // validate's checks hold for plan too: a team on a group of another type is refused here with its line.
  const diagnostics: Diagnostic[] = validateTeams(ctx.tenant);
  const channels = planChannels(desired, live, diagnostics);
  const changes: ProposedChange[] = [];
  for (const d of desired) {
    const entry = channels.get(d.group);
    if (!entry) continue;
    const change = entry.parent?.team ? updateChange(d, entry.parent, entry.plan, diagnostics) : createChange(d, entry.plan, diagnostics);
    if (change) changes.push(change);
  }
  return { changes, diagnostics };
}
