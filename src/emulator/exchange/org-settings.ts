// Tenant-wide Exchange Online settings a security baseline enforces, as the cmdlet reference documents them
// (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/exchange/):
// - Get-/Set-TransportConfig -SmtpClientAuthenticationDisabled: $true disables authenticated SMTP for the whole
//   organization, "This is the default value" (Set-TransportConfig.md);
// - Get-/Set-OrganizationConfig -AuditDisabled ($false, mailbox auditing allowed, is the default) and
//   -OAuth2ClientProfileEnabled (modern authentication; the reference states no default, the emulator starts it on)
//   (Set-OrganizationConfig.md);
// - Get-/Set-HostedOutboundSpamFilterPolicy -Identity Default -AutoForwardingMode Automatic (the default, now the
//   same as Off), On or Off (Set-HostedOutboundSpamFilterPolicy.md).
import type { TenantState } from '../state.js';
import { bool, oneOf, str, type Cmdlet } from './cmdlet.js';
import { notFound } from './values.js';

export interface OrgSettings { smtpClientAuthenticationDisabled: boolean; auditDisabled: boolean; oauth2ClientProfileEnabled: boolean; autoForwardingMode: string }

export function orgSettingsOf(tenant: TenantState): OrgSettings {
  const existing = tenant.ext.exchangeOrgSettings as OrgSettings | undefined;
  if (existing) return existing;
  const created: OrgSettings = { smtpClientAuthenticationDisabled: true, auditDisabled: false, oauth2ClientProfileEnabled: true, autoForwardingMode: 'Automatic' };
  tenant.ext.exchangeOrgSettings = created;
  return created;
}

const MODES = ['Automatic', 'On', 'Off'] as const;

export const orgSettingsCmdlets: Record<string, Cmdlet> = {
  'Get-TransportConfig': { params: [], run: (c) => [{ Identity: 'Transport Settings', SmtpClientAuthenticationDisabled: orgSettingsOf(c.tenant).smtpClientAuthenticationDisabled }] },
  'Set-TransportConfig': {
    params: ['SmtpClientAuthenticationDisabled'],
    run: (c, p) => {
      const v = bool(p, 'SmtpClientAuthenticationDisabled');
      if (v !== undefined) orgSettingsOf(c.tenant).smtpClientAuthenticationDisabled = v;
      return [];
    },
  },
  'Get-OrganizationConfig': {
    params: [],
    run: (c) => {
      const s = orgSettingsOf(c.tenant);
      return [{ Identity: c.tenant.displayName, AuditDisabled: s.auditDisabled, OAuth2ClientProfileEnabled: s.oauth2ClientProfileEnabled }];
    },
  },
  'Set-OrganizationConfig': {
    params: ['AuditDisabled', 'OAuth2ClientProfileEnabled'],
    run: (c, p) => {
      const s = orgSettingsOf(c.tenant);
      s.auditDisabled = bool(p, 'AuditDisabled') ?? s.auditDisabled;
      s.oauth2ClientProfileEnabled = bool(p, 'OAuth2ClientProfileEnabled') ?? s.oauth2ClientProfileEnabled;
      return [];
    },
  },
  'Get-HostedOutboundSpamFilterPolicy': {
    params: ['Identity'],
    run: (c, p) => {
      const id = str(p, 'Identity');
      if (id !== undefined && id.toLowerCase() !== 'default') throw notFound(id);
      return [{ Identity: 'Default', Name: 'Default', IsDefault: true, AutoForwardingMode: orgSettingsOf(c.tenant).autoForwardingMode }];
    },
  },
  'Set-HostedOutboundSpamFilterPolicy': {
    params: ['Identity', 'AutoForwardingMode'], required: ['Identity'],
    run: (c, p) => {
      const id = str(p, 'Identity') ?? '';
      if (id.toLowerCase() !== 'default') throw notFound(id);
      const mode = oneOf(p, 'AutoForwardingMode', MODES);
      if (mode) orgSettingsOf(c.tenant).autoForwardingMode = mode;
      return [];
    },
  },
};
