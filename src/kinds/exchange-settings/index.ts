// Kind `exchangeSettings`: the tenant-wide Exchange Online settings a security baseline enforces, one object per
// tenant (`exchangeSettings:tenant`), by their cmdlets' own names: authenticated SMTP off
// (Set-TransportConfig -SmtpClientAuthenticationDisabled), external auto-forwarding (the default outbound spam
// policy's AutoForwardingMode: Automatic, On or Off), mailbox auditing (Set-OrganizationConfig -AuditDisabled) and
// modern authentication (-OAuth2ClientProfileEnabled). Only the keys the YAML gives are read and managed; export
// lists those that differ from an untouched organization.
// MicrosoftDocs/office-docs-powershell exchange/exchange-ps/exchange/Set-TransportConfig.md,
// Set-OrganizationConfig.md, Set-HostedOutboundSpamFilterPolicy.md.
import type { ExchangeSettingsSpec } from '../../config/model.js';
import { opsOf, type CmdletOps, type FieldChange } from '../../plan/types.js';
import type { Kind } from '../contract.js';
import { EXCHANGE_PERMISSIONS, exchangeClient, type Row } from '../exchange/common.js';
import { changedFields, exportSingleton, singletonBehaviour, type Singleton } from '../shared/reconcile-singleton.js';

export const ADDRESS = 'exchangeSettings:tenant';
export type ExchangeSettingsLive = Record<string, unknown>;

/** Each setting: the cmdlet pair holding it and the parameter's name. */
const SETTINGS: Record<keyof ExchangeSettingsSpec, { get: string; set: string; param: string; identity?: string }> = {
  smtpClientAuthenticationDisabled: { get: 'Get-TransportConfig', set: 'Set-TransportConfig', param: 'SmtpClientAuthenticationDisabled' },
  auditDisabled: { get: 'Get-OrganizationConfig', set: 'Set-OrganizationConfig', param: 'AuditDisabled' },
  oauth2ClientProfileEnabled: { get: 'Get-OrganizationConfig', set: 'Set-OrganizationConfig', param: 'OAuth2ClientProfileEnabled' },
  autoForwardingMode: { get: 'Get-HostedOutboundSpamFilterPolicy', set: 'Set-HostedOutboundSpamFilterPolicy', param: 'AutoForwardingMode', identity: 'Default' },
};
const KEYS = Object.keys(SETTINGS) as (keyof ExchangeSettingsSpec)[];
// An untouched organization, for export: the cmdlet reference's defaults, and modern authentication on (the
// reference names no default for it).
const DEFAULTS: Required<ExchangeSettingsSpec> = { smtpClientAuthenticationDisabled: true, auditDisabled: false, oauth2ClientProfileEnabled: true, autoForwardingMode: 'Automatic' };

/** One Set- call per cmdlet, with every changed parameter it holds (and the policy's identity). */
function cmdlets(fields: readonly FieldChange[]): CmdletOps {
  const params: Record<string, Record<string, unknown>> = {};
  for (const f of fields) {
    const s = SETTINGS[f.path as keyof ExchangeSettingsSpec];
    params[s.set] = { ...(s.identity ? { Identity: s.identity } : {}), ...params[s.set], [s.param]: f.after };
  }
  return { op: 'cmdlets', calls: Object.entries(params).map(([cmdlet, p]) => ({ cmdlet, params: p })) };
}

const singleton: Singleton<ExchangeSettingsSpec, ExchangeSettingsLive> = {
  kind: 'exchangeSettings', address: ADDRESS, path: 'exchangeSettings',
  async read(ctx, want) {
    const ex = exchangeClient(ctx.clients);
    const keys = KEYS.filter((k) => want[k] !== undefined);
    const gets = [...new Set(keys.map((k) => SETTINGS[k].get))];
    const rows = new Map(await Promise.all(gets.map(async (c) => {
      const identity = KEYS.map((k) => SETTINGS[k]).find((s) => s.get === c)?.identity;
      return [c, (await ex.invoke<Row>(c, identity ? { Identity: identity } : {}))[0] ?? {}] as const;
    })));
    return [Object.fromEntries(keys.map((k) => [k, rows.get(SETTINGS[k].get)?.[SETTINGS[k].param] ?? null]))];
  },
  // The organization's settings are one object whatever the cmdlets: it has no id of its own.
  id: () => ADDRESS,
  fields: (want, have) => changedFields(want, have, KEYS),
  ops: (_want, _have, fields) => cmdlets(fields),
};

export const exchangeSettingsKind: Kind<ExchangeSettingsSpec, ExchangeSettingsLive> = {
  kind: 'exchangeSettings',
  shape: 'singleton', section: 'exchangeSettings', prefix: 'exchangeSettings', schema: 'security.schema.json',
  permissions: EXCHANGE_PERMISSIONS,
  ...singletonBehaviour(singleton, (config) => config.exchangeSettings),
  async apply(change, ctx) {
    const ex = exchangeClient(ctx.clients);
    for (const { cmdlet, params } of opsOf(change, 'cmdlets').calls) await ex.invoke(cmdlet, params);
    return {};
  },
  async export(ctx) {
    const all = Object.fromEntries(KEYS.map((k) => [k, DEFAULTS[k]])) as ExchangeSettingsSpec;
    const { live } = await exchangeSettingsKind.fetch({ ...ctx, prune: true }, [all]);
    const changed = Object.fromEntries(Object.entries(live[0] ?? {}).filter(([k, v]) => v !== null && v !== DEFAULTS[k as keyof ExchangeSettingsSpec]));
    return exportSingleton('exchangeSettings', changed, 'an untouched organization');
  },
};
