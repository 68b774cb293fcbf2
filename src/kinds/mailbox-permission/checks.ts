// FullAccess (Add-MailboxPermission -User), SendAs (Add-RecipientPermission -Trustee) and SendOnBehalf
// (Set-Mailbox -GrantSendOnBehalfTo) take mailboxes, mail users and mail-enabled security groups. A Microsoft 365
// or a security group without mail is no Exchange security principal, and a distribution group is not a security
// principal at all: Exchange answers ManagementObjectNotFoundException, after earlier changes were already applied.
import type { Issue, KindCheck } from '../../config/kind-spec.js';
import type { GroupSpec } from '../../config/model.js';
import type { RefIndex } from '../../config/references.js';

const TYPE_NAMES: Record<NonNullable<GroupSpec['type']>, string> = {
  security: 'security group (not mail-enabled)',
  microsoft365: 'Microsoft 365 group',
  distribution: 'distribution group',
  mailEnabledSecurity: 'mail-enabled security group',
};

/** The declared group a permission reference names: `group:nick`, or an address that is a group's. */
function holderGroup(ref: string, groups: GroupSpec[], idx: RefIndex): GroupSpec | undefined {
  if (ref.startsWith('group:')) {
    const i = idx.groups.get(ref.slice(6).toLowerCase());
    return i === undefined ? undefined : groups[i];
  }
  const address = ref.replace(/^user:/, '').toLowerCase();
  return groups.find((g) => g.primarySmtpAddress?.toLowerCase() === address);
}

const holders: KindCheck = (c, { index }) => {
  const groups = c.groups ?? [];
  const out: Issue[] = [];
  const check = (ref: string, path: string, right: string) => {
    const g = holderGroup(ref, groups, index);
    if (!g || g.type === 'mailEnabledSecurity') return;
    out.push({
      severity: 'error',
      path,
      message: `${right} cannot be granted to ${TYPE_NAMES[g.type ?? 'security']} "${g.mailNickname}": Exchange accepts only mailboxes, mail users and mail-enabled security groups; use a group of type: mailEnabledSecurity`,
    });
  };
  (c.mailboxes ?? []).forEach((m, i) => {
    const p = `mailboxes[${i}].permissions`;
    m.permissions?.fullAccess?.forEach((f, j) => check(f.user, `${p}.fullAccess[${j}].user`, 'FullAccess'));
    m.permissions?.sendAs?.forEach((u, j) => check(u, `${p}.sendAs[${j}]`, 'SendAs'));
    m.permissions?.sendOnBehalf?.forEach((u, j) => check(u, `${p}.sendOnBehalf[${j}]`, 'SendOnBehalf'));
  });
  return out;
};

export const mailboxPermissionChecks: readonly KindCheck[] = [holders];
