// The authorization policy and security defaults as kinds, through the CLI against the emulator: plan → apply →
// plan converges, only the declared keys are managed, a portal change is drift, the served object has only CSDL
// properties. Pages: authorizationpolicy-get.md, authorizationpolicy-update.md, resources/authorizationpolicy.md
// (guest role ids), identitysecuritydefaultsenforcementpolicy-update.md (microsoft-graph-docs-contrib, v1.0).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { authorizationPolicyOf } from '../../src/emulator/graph/authorization-policy.js';
import { check, readCsdl } from '../emulator/csdl.js';
import { workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { portalChange } from '../support/http.js';
import { addresses, roundTrip } from '../support/pipeline.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

const policy = () => authorizationPolicyOf(emu.state.tenants.get(CONTOSO)!) as Record<string, unknown> & { defaultUserRolePermissions: Record<string, unknown> };

describe('authorization policy', () => {
  it('applies guest, consent and creation settings, keeps other grant policies, and re-plans to zero', { timeout: 60_000 }, async () => {
    policy().defaultUserRolePermissions.permissionGrantPoliciesAssigned = ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy', 'ManagePermissionGrantsForOwnedResource.team'];
    const w = workspace({
      authorizationPolicy: {
        allowInvitesFrom: 'adminsAndGuestInviters', guestUserRole: 'restrictedGuest', userConsent: 'lowRisk',
        allowedToCreateApps: false, allowedToCreateSecurityGroups: false, allowedToCreateTenants: false, allowedToSignUpEmailBasedSubscriptions: false,
      },
    });
    const first = await plan(emu, w.dir, w.root);
    expect(addresses(first.plan)).toEqual(['update authorizationPolicy:tenant']);
    expect((await apply(emu, w.dir, w.root, join(w.root, 'plan.json'))).code).toBe(0);
    expect(policy()).toMatchObject({
      allowInvitesFrom: 'adminsAndGuestInviters', guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b', allowedToUseSSPR: true,
      defaultUserRolePermissions: { allowedToCreateApps: false, allowedToReadOtherUsers: true, permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForOwnedResource.team', 'ManagePermissionGrantsForSelf.microsoft-user-default-low'] },
    });
    expect((await plan(emu, w.dir, w.root, 'again.json')).code).toBe(0);

    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/policies/authorizationPolicy', body: { allowInvitesFrom: 'everyone' } }]);
    const drift = await plan(emu, w.dir, w.root, 'drift.json');
    expect(drift.plan.tenants[0]!.changes[0]!.fields).toEqual([{ path: 'allowInvitesFrom', before: 'everyone', after: 'adminsAndGuestInviters' }]);

    const trip = await roundTrip(emu, 'contoso', CONTOSO);
    expect(trip.files['authorizationPolicy.yaml']).toContain('guestUserRole: restrictedGuest');
    expect(trip.plan.changes).toEqual([]);
  });

  it('serves only CSDL properties', async () => {
    const res = await fetch(`${emu.url}/_emulator/tenants/${CONTOSO}/changes`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actor: { userPrincipalName: 'admin@contoso.onmicrosoft.com' }, requests: [{ method: 'GET', url: '/policies/authorizationPolicy' }, { method: 'PATCH', url: '/policies/authorizationPolicy', body: { allowInvitesFrom: 'friends' } }] }),
    });
    const { responses } = (await res.json()) as { responses: { status: number; body: unknown }[] };
    expect(check(readCsdl(), 'authorizationPolicy', responses[0]!.body)).toEqual([]);
    expect(responses[1]!.status).toBe(400);
  });
});

describe('security defaults', () => {
  it('switches them off when the YAML says so, then converges', { timeout: 60_000 }, async () => {
    const w = workspace({ securityDefaults: { enabled: false } });
    expect(addresses((await plan(emu, w.dir, w.root)).plan)).toEqual(['update securityDefaults:tenant']);
    expect((await apply(emu, w.dir, w.root, join(w.root, 'plan.json'))).code).toBe(0);
    expect((await plan(emu, w.dir, w.root, 'again.json')).code).toBe(0);
  });
});
