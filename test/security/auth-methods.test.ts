// The authentication methods policy as a kind, through the CLI against the emulator: methods switched on and off
// with group targets by mailNickname, plan → apply → plan converges, a portal change is drift, the served policy has
// only CSDL properties. Pages (microsoft-graph-docs-contrib api-reference/v1.0/api/): authenticationmethodspolicy-
// get.md, authenticationmethodconfiguration-update.md, and each configuration type's resource page.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { methodConfigsOf } from '../../src/emulator/graph/auth-method-configs.js';
import { check, readCsdl } from '../emulator/csdl.js';
import { baseline, workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { control, portalChange } from '../support/http.js';
import { addresses, roundTrip } from '../support/pipeline.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

const configs = () => methodConfigsOf(emu.state.tenants.get(CONTOSO)!);

describe('authentication methods', () => {
  it('enables the authenticator and FIDO2 for groups, switches SMS off, and re-plans to zero', { timeout: 60_000 }, async () => {
    const w = workspace({
      users: baseline().users, groups: baseline().groups,
      authenticationMethods: {
        microsoftAuthenticator: { state: 'enabled', include: ['all_users'], exclude: ['ca-pilot'] },
        fido2: { state: 'enabled', include: ['finance', 'ca-pilot'] },
        sms: { state: 'disabled' },
      },
    } as never);
    const first = await plan(emu, w.dir, w.root);
    expect(addresses(first.plan)).toEqual(expect.arrayContaining(['update authenticationMethod:microsoftAuthenticator', 'update authenticationMethod:fido2', 'update authenticationMethod:sms']));
    const fido = first.plan.tenants[0]!.changes.find((c) => c.address === 'authenticationMethod:fido2')!;
    expect(fido.dependsOn.length).toBe(1);
    const applied = await apply(emu, w.dir, w.root, join(w.root, 'plan.json'));
    expect(applied.code, applied.out).toBe(0);
    expect(configs().Sms).toMatchObject({ state: 'disabled' });
    expect(configs().MicrosoftAuthenticator).toMatchObject({ state: 'enabled', includeTargets: [{ id: 'all_users', authenticationMode: 'any' }], excludeTargets: [{ targetType: 'group' }] });
    expect((await plan(emu, w.dir, w.root, 'again.json')).code).toBe(0);

    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms', body: { state: 'enabled' } }]);
    const drift = await plan(emu, w.dir, w.root, 'drift.json');
    expect(drift.plan.tenants[0]!.changes.map((c) => [c.address, c.fields])).toEqual([['authenticationMethod:sms', [{ path: 'state', before: 'enabled', after: 'disabled' }]]]);

    const trip = await roundTrip(emu, 'contoso', CONTOSO);
    expect(trip.files['authenticationMethods.yaml']).toContain('fido2:');
    expect(trip.plan.changes).toEqual([]);
  });

  it('refuses a target group that is neither declared nor live', async () => {
    const w = workspace({ authenticationMethods: { fido2: { state: 'enabled', include: ['nobody'] } } } as never);
    const r = await plan(emu, w.dir, w.root);
    expect(r.code).toBe(1);
    expect(r.out).toContain('authenticationMethod:fido2: group "nobody" is neither declared nor in the tenant');
  });

  it('serves only CSDL properties and refuses undeclared ones', async () => {
    const res = (await control(emu, `tenants/${CONTOSO}/changes`, {
      actor: { userPrincipalName: 'admin@contoso.onmicrosoft.com' },
      requests: [{ method: 'GET', url: '/policies/authenticationMethodsPolicy' }, { method: 'PATCH', url: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Fido2', body: { state: 'enabled', allowEverything: true } }],
    })) as { responses: { status: number; body: { authenticationMethodConfigurations: Record<string, unknown>[] } }[] };
    const types = readCsdl();
    const served = res.responses[0]!.body.authenticationMethodConfigurations;
    expect(served).toHaveLength(8);
    expect(served.flatMap((c) => check(types, String(c['@odata.type']).replace('#microsoft.graph.', ''), c))).toEqual([]);
    expect(res.responses[1]!.status).toBe(400);
  });
});
