// `vars:` in a tenant's files and `${vars.name}` in baselines: scalars and lists, the tenant's value wins over the
// baseline's default, a list variable spreads into a list, and an undefined variable is an error at its line.
// The shipped secure-smb baseline, applied to a fresh tenant, converges.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startEmulator } from '../support/world.js';
import { copyExamples } from '../support/examples.js';
import { workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { Repo } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

let repo: Repo;
beforeEach(() => {
  repo = new Repo();
  repo.write('tenants/_baselines/sec.yaml', `vars:
  breakglass: "breakglass@\${tenant.initialDomain}"
  strict: true
policy:
  breakglass: ["\${vars.breakglass}"]
namedLocations:
  - displayName: "\${tenant.name} offices"
    ipRanges: ["\${vars.ranges}", 192.0.2.0/24]
    isTrusted: \${vars.strict}
conditionalAccess:
  - displayName: Block legacy
    state: enabledForReportingButNotEnforced
    description: "excludes \${vars.breakglass}"
    conditions:
      users: { includeUsers: [All], excludeUsers: ["\${vars.breakglass}"] }
      applications: { includeApplications: [All] }
      clientAppTypes: [other]
    grantControls: { builtInControls: [block] }
`);
});
afterEach(() => repo.remove());

test('the tenant\'s values win, lists spread, scalars keep their type, defaults apply', async () => {
  repo.tenant('contoso', { extends: ['../_baselines/sec.yaml'], vars: { ranges: ['203.0.113.0/24', '2001:db8::/48'], strict: false } }, 1);
  const { tenants, diagnostics } = await repo.load();
  expect(diagnostics).toEqual([]);
  const config = tenants[0]!.config;
  expect(config.namedLocations).toEqual([{ displayName: 'contoso offices', ipRanges: ['203.0.113.0/24', '2001:db8::/48', '192.0.2.0/24'], isTrusted: false }]);
  const initial = config.tenant.domains.find((d) => d.endsWith('.onmicrosoft.com'));
  expect(config.policy?.breakglass).toEqual([`breakglass@${initial}`]);
  expect(config.conditionalAccess?.[0]?.description).toBe(`excludes breakglass@${initial}`);
});

test('an undefined variable is an error at the line that names it, and nothing loads', async () => {
  repo.tenant('contoso', { extends: ['../_baselines/sec.yaml'] }, 1);
  const { tenants, diagnostics } = await repo.load();
  expect(tenants).toEqual([]);
  expect(diagnostics).toEqual([expect.objectContaining({
    severity: 'error', file: expect.stringMatching(/sec\.yaml$/), line: 8,
    summary: expect.stringContaining('undefined variable ${vars.ranges}: define it under vars: in the tenant\'s files'),
  })]);
});

test('the shipped secure-smb baseline applied to a fresh tenant converges', { timeout: 90_000 }, async () => {
  const emu = await startEmulator({ seed: securitySeed() });
  try {
    const w = workspace({
      extends: ['../_baselines/secure-smb.yaml'],
      vars: { trustedRanges: ['203.0.113.0/24'] },
      users: [{ userPrincipalName: 'breakglass@contoso.onmicrosoft.com', displayName: 'Breakglass' }],
    } as never);
    // northwind-law extends the shipped baseline, so its copy carries it.
    cpSync(join(copyExamples(['northwind-law']).dir, '_baselines'), join(w.dir, '_baselines'), { recursive: true });
    const first = await plan(emu, w.dir, w.root);
    expect(first.code, first.out + first.err).toBe(2);
    expect((await apply(emu, w.dir, w.root, join(w.root, 'plan.json'))).code).toBe(0);
    const again = await plan(emu, w.dir, w.root, 'again.json');
    expect(again.code, again.out).toBe(0);
    expect(emu.state.tenants.get(CONTOSO)!.ext.conditionalAccess).toMatchObject({ securityDefaults: false });
  } finally {
    await emu.close();
  }
});
