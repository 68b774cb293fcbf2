// Conditional Access policies and named locations through the CLI against the emulator: plan → apply → plan
// converges, references resolve to ids and order after what they name, security defaults go off first, and the
// identity of a policy is its displayName however it is cased or composed. Pages: conditionalaccessroot-post-
// policies.md, conditionalaccesspolicy-update.md, conditionalaccessroot-post-namedlocations.md,
// identitysecuritydefaultsenforcementpolicy-update.md (microsoft-graph-docs-contrib api-reference/v1.0/api/).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { caOf } from '../../src/emulator/graph/conditional-access.js';
import { baseline, workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { portalChange } from '../support/http.js';
import { addresses, errors } from '../support/pipeline.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

const state = () => caOf(emu.state.tenants.get(CONTOSO)!);

describe('conditional access and named locations', () => {
  it('plans, applies in dependency order and re-plans to no changes', { timeout: 60_000 }, async () => {
    const w = workspace();
    const first = await plan(emu, w.dir, w.root);
    expect(first.code, first.out + first.err).toBe(2);
    expect(addresses(first.plan)).toEqual(expect.arrayContaining([
      'create group:ca-pilot', 'create namedLocation:hq', 'create namedLocation:nordics', 'update securityDefaults:tenant',
      'create conditionalAccess:ca001 require mfa for admins', 'create conditionalAccess:ca002 mfa for pilot outside hq', 'create conditionalAccess:ca003 block legacy authentication',
    ]));
    const changes = first.plan.tenants[0]!.changes;
    const idOf = (a: string) => changes.find((c) => c.address === a)!.id;
    const ca002 = changes.find((c) => c.address === 'conditionalAccess:ca002 mfa for pilot outside hq')!;
    expect(ca002.dependsOn).toEqual(expect.arrayContaining([idOf('group:ca-pilot'), idOf('namedLocation:hq'), idOf('securityDefaults:tenant')]));

    const applied = await apply(emu, w.dir, w.root, join(w.root, 'plan.json'));
    expect(applied.code, applied.out + applied.err).toBe(0);
    const model = state();
    expect(model.securityDefaults).toBe(false);
    expect(model.policies).toHaveLength(3);
    const tenant = emu.state.tenants.get(CONTOSO)!;
    const pilot = [...tenant.groups.values()].find((g) => g.props.mailNickname === 'ca-pilot')!;
    const hq = model.locations.find((l) => l.displayName === 'HQ')!;
    const p2 = model.policies.find((p) => p.displayName === 'CA002 MFA for pilot outside HQ')! as { conditions: { users: { includeGroups: string[] }; locations: { excludeLocations: string[] } } };
    expect(p2.conditions.users.includeGroups).toContain(pilot.id);
    expect(p2.conditions.locations.excludeLocations).toEqual([hq.id]);
    const p1 = model.policies.find((p) => p.displayName === 'CA001 Require MFA for admins')! as { conditions: { users: { includeRoles: string[] } } };
    expect(p1.conditions.users.includeRoles).toEqual(expect.arrayContaining(['62e90394-69f5-4237-9190-012177145e10']));

    const again = await plan(emu, w.dir, w.root, 'again.json');
    expect(again.code, again.out).toBe(0);
    expect(again.plan.tenants[0]!.changes).toEqual([]);
  });

  it('updates a policy the portal changed, naming only the condition that moved', { timeout: 60_000 }, async () => {
    const w = workspace();
    await apply(emu, w.dir, w.root, (await plan(emu, w.dir, w.root), join(w.root, 'plan.json')));
    const p3 = state().policies.find((p) => p.displayName === 'CA003 Block legacy authentication')!;
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: `/identity/conditionalAccess/policies/${String(p3.id)}`, body: { conditions: { clientAppTypes: ['other'] } } }]);
    const drifted = await plan(emu, w.dir, w.root, 'drift.json');
    expect(drifted.plan.tenants[0]!.changes.map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([['conditionalAccess:ca003 block legacy authentication', ['conditions.clientAppTypes']]]);
    expect((await apply(emu, w.dir, w.root, join(w.root, 'drift.json'))).code).toBe(0);
    expect((await plan(emu, w.dir, w.root, 'after.json')).code).toBe(0);
  });

  it('matches a policy whose name differs in case and Unicode form, and refuses two live policies for one name', { timeout: 60_000 }, async () => {
    const sections = baseline();
    const w = workspace({ ...sections, conditionalAccess: [{ ...sections.conditionalAccess![2]!, displayName: 'Café legacy block' }] });
    await apply(emu, w.dir, w.root, (await plan(emu, w.dir, w.root), join(w.root, 'plan.json')));
    const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...body } = structuredClone(state().policies[0]!);
    // The same name in NFD and upper case: the same key for tenantform, so the key is now ambiguous.
    await portalChange(emu, CONTOSO, [{ method: 'POST', url: '/identity/conditionalAccess/policies', body: { ...body, displayName: 'CAFE\u0301 LEGACY BLOCK' } }]);
    const twice = await plan(emu, w.dir, w.root, 'twice.json');
    expect(twice.code).toBe(1);
    expect(errors(twice.plan).join('\n')).toMatch(/conditionalAccess:café legacy block: 2 live objects have this key \(ids .+, .+\)/);
  });
});
