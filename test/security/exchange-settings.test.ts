// Tenant-wide Exchange Online settings as a kind, through the CLI against the emulator's Exchange admin API:
// plan → apply → plan converges, only the declared settings are read and written, an out-of-band change is planned
// back. Pages (MicrosoftDocs/office-docs-powershell exchange/exchange-ps/exchange/): Set-TransportConfig.md
// (SmtpClientAuthenticationDisabled, $true the default), Set-OrganizationConfig.md (AuditDisabled,
// OAuth2ClientProfileEnabled), Set-HostedOutboundSpamFilterPolicy.md (AutoForwardingMode Automatic, On, Off).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { orgSettingsOf } from '../../src/emulator/exchange/org-settings.js';
import { workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { addresses, roundTrip } from '../support/pipeline.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

const settings = () => orgSettingsOf(emu.state.tenants.get(CONTOSO)!);

describe('exchange settings', () => {
  it('blocks external forwarding, keeps auditing and modern authentication on, and converges', { timeout: 60_000 }, async () => {
    settings().smtpClientAuthenticationDisabled = false;
    const w = workspace({ exchangeSettings: { smtpClientAuthenticationDisabled: true, autoForwardingMode: 'Off', auditDisabled: false, oauth2ClientProfileEnabled: true } } as never);
    const first = await plan(emu, w.dir, w.root);
    expect(addresses(first.plan)).toEqual(['update exchangeSettings:tenant']);
    expect(first.plan.tenants[0]!.changes[0]!.fields.map((f) => f.path)).toEqual(['smtpClientAuthenticationDisabled', 'autoForwardingMode']);
    expect((await apply(emu, w.dir, w.root, join(w.root, 'plan.json'))).code).toBe(0);
    expect(settings()).toEqual({ smtpClientAuthenticationDisabled: true, auditDisabled: false, oauth2ClientProfileEnabled: true, autoForwardingMode: 'Off' });
    expect((await plan(emu, w.dir, w.root, 'again.json')).code).toBe(0);

    // Someone turns forwarding back on outside tenantform: the next plan turns it off again.
    settings().autoForwardingMode = 'On';
    const drift = await plan(emu, w.dir, w.root, 'drift.json');
    expect(drift.plan.tenants[0]!.changes[0]!.fields).toEqual([{ path: 'autoForwardingMode', before: 'On', after: 'Off' }]);

    const trip = await roundTrip(emu, 'contoso', CONTOSO);
    expect(trip.files['exchangeSettings.yaml']).toContain('autoForwardingMode: On');
    expect(trip.plan.changes).toEqual([]);
  });

  it('reads nothing from Exchange when no setting is declared', async () => {
    const w = workspace({});
    const before = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
    await plan(emu, w.dir, w.root);
    const after = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
    expect(after.requests.exchange ?? 0).toBe(before.requests.exchange ?? 0);
  });
});
