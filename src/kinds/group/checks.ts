// What a group entry means beyond the schema: a dynamic group lists no static members, only security and Microsoft 365
// groups have membership rules or may be replaced, groups do not nest in a cycle, its licenses name published
// products, and the members it licenses (group-based licensing) have a usage location.
import type { Issue, KindCheck } from '../../config/kind-spec.js';
import type { GroupSpec } from '../../config/model.js';
import { findCycles } from '../shared/cycles.js';
import { checkLicenseNames } from '../shared/licensing-names.js';

const err = (path: string, message: string): Issue => ({ severity: 'error', path, message });
const nested = (g: GroupSpec): string[] => (g.members ?? []).filter((m) => m.startsWith('group:')).map((m) => m.slice(6).toLowerCase());

const membershipRules: KindCheck = (c) =>
  (c.groups ?? []).flatMap((g, i) => {
    const out: Issue[] = [];
    if (g.membershipRule && g.members?.length) {
      out.push(err(`groups[${i}].members`, `group "${g.mailNickname}" is dynamic (membershipRule); it cannot list static members`));
    }
    if (g.membershipRule && (g.type === 'distribution' || g.type === 'mailEnabledSecurity')) {
      out.push(err(`groups[${i}].membershipRule`, `a ${g.type} group cannot have a membershipRule`));
    }
    if (g.membershipRuleProcessingState && !g.membershipRule) {
      out.push(err(`groups[${i}].membershipRuleProcessingState`, 'membershipRuleProcessingState needs a membershipRule'));
    }
    return out;
  });

const nestingCycles: KindCheck = (c) => {
  const groups = c.groups ?? [];
  const edges = new Map(groups.map((g) => [g.mailNickname.toLowerCase(), nested(g)]));
  return findCycles(edges).map((cycle) => {
    const i = groups.findIndex((g) => g.mailNickname.toLowerCase() === cycle[0]);
    return err(`groups[${i}].members`, `group nesting cycle: ${cycle.map((n) => `group:${n}`).join(' → ')}`);
  });
};

/**
 * `replace: true` lets a plan delete and create a group whose type cannot be converted in place: that is between
 * security and Microsoft 365 groups only, and it contradicts `ensure: absent`.
 */
const replace: KindCheck = (c) =>
  (c.groups ?? []).flatMap((g, i): Issue[] => {
    if (g.replace !== true) return [];
    const path = `groups[${i}].replace`;
    if (g.ensure === 'absent') return [err(path, 'replace: true contradicts ensure: absent; remove one of them')];
    if (g.type === 'distribution' || g.type === 'mailEnabledSecurity') {
      return [err(path, `replace: true is for security and Microsoft 365 groups; a ${g.type} group is an Exchange group`)];
    }
    return [];
  });

const licenseNames: KindCheck = (c) => {
  const out: Issue[] = [];
  (c.groups ?? []).forEach((g, i) => checkLicenseNames(g.licenses, `groups[${i}].licenses`, out));
  return out;
};

/** Users licensed through a group, nested groups followed (the first licensed group reaching a user names it). */
const licensedMembers: KindCheck = (c, { index }) => {
  const viaGroup = new Map<string, string>();
  const groups = c.groups ?? [];
  const visit = (nick: string, licensedGroup: string, seen: Set<string>) => {
    const gi = index.groups.get(nick);
    if (gi === undefined || seen.has(nick)) return;
    seen.add(nick);
    for (const m of groups[gi]?.members ?? []) {
      if (m.startsWith('group:')) visit(m.slice(6).toLowerCase(), licensedGroup, seen);
      else if (!viaGroup.has(m.replace(/^user:/, '').toLowerCase())) viaGroup.set(m.replace(/^user:/, '').toLowerCase(), licensedGroup);
    }
  };
  for (const g of groups) if (g.licenses?.length) visit(g.mailNickname.toLowerCase(), g.mailNickname, new Set());
  // A user licensed directly is told so by the license kind's rule; this one speaks of the group only.
  return (c.users ?? []).flatMap((u, i): Issue[] => {
    if (u.usageLocation || u.ensure === 'absent' || u.external || u.licenses?.length) return [];
    const group = viaGroup.get(u.userPrincipalName.toLowerCase());
    return group ? [err(`users[${i}]`, `user "${u.userPrincipalName}" is licensed through group "${group}" but has no usageLocation`)] : [];
  });
};

export const groupChecks: readonly KindCheck[] = [membershipRules, nestingCycles, replace, licenseNames, licensedMembers];
