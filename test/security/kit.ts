// Fixtures of the security tests: Contoso seeded with security defaults on and a breakglass account, the policies a
// partner declares first, and plan/apply through the CLI (real clients over HTTP) returning the saved plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import type { TenantConfig } from '../../src/config/model.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { Plan } from '../../src/plan/types.js';
import { cli, contoso, seed, workDir } from '../e2e/cli-kit.js';

export const BREAKGLASS = 'breakglass@contoso.onmicrosoft.com';

export function securitySeed(): SeedDocument {
  const s = seed();
  const t = s.tenants[0]!;
  t.securityDefaults = true;
  t.users = [...(t.users ?? []), { userPrincipalName: BREAKGLASS, displayName: 'Breakglass' }];
  return s;
}

type Sections = Omit<TenantConfig, 'tenant'>;

/** The YAML of a first rollout: a trusted location, MFA for admins and users, legacy authentication blocked. */
export function baseline(): Sections {
  return {
    policy: { breakglass: [BREAKGLASS] },
    securityDefaults: { enabled: false },
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson' },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' },
      { userPrincipalName: BREAKGLASS, displayName: 'Breakglass' },
    ],
    groups: [
      { mailNickname: 'finance', displayName: 'Finance', members: ['bob@contoso.com', 'carol@contoso.com'] },
      { mailNickname: 'ca-pilot', displayName: 'CA pilot', type: 'security', members: ['alice@contoso.com'] },
    ],
    namedLocations: [
      { displayName: 'HQ', ipRanges: ['203.0.113.0/24', '2001:db8::/48'], isTrusted: true },
      { displayName: 'Nordics', countriesAndRegions: ['SE', 'NO'] },
    ],
    conditionalAccess: [
      {
        displayName: 'CA001 Require MFA for admins', state: 'enabled',
        conditions: { users: { includeRoles: ['Global Administrator', 'User Administrator'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      },
      {
        displayName: 'CA002 MFA for pilot outside HQ', state: 'enabled',
        conditions: {
          users: { includeGroups: ['ca-pilot', 'finance'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['Office365'] },
          locations: { includeLocations: ['All'], excludeLocations: ['HQ'] }, clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'], platforms: { includePlatforms: ['all'], excludePlatforms: ['linux'] },
        },
        grantControls: { authenticationStrength: 'Phishing-resistant MFA' },
        sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 12 }, persistentBrowser: { isEnabled: true, mode: 'never' } },
      },
      {
        displayName: 'CA003 Block legacy authentication', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['exchangeActiveSync', 'other'] },
        grantControls: { builtInControls: ['block'] },
      },
    ],
  } as Sections;
}

export function workspace(sections: Sections = baseline()) {
  return workDir([{ ...contoso(sections), domains: ['contoso.com', 'contoso.onmicrosoft.com'] }]);
}

export interface Planned { code: number; plan: Plan; out: string; err: string }

export async function plan(emu: RunningEmulator, dir: string, root: string, name = 'plan.json'): Promise<Planned> {
  const file = join(root, name);
  const c = cli();
  const code = await runPlan({ dir, emulator: emu.url, out: file, detailedExitcode: true }, c.deps);
  return { code, plan: JSON.parse(readFileSync(file, 'utf8')) as Plan, out: c.out(), err: c.err() };
}

export async function apply(emu: RunningEmulator, dir: string, root: string, planFile: string): Promise<{ code: number; out: string; err: string }> {
  const c = cli();
  const code = await runApply({ plan: planFile, dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, c.deps);
  return { code, out: c.out(), err: c.err() };
}

export const addresses = (p: Plan): string[] => p.tenants[0]!.changes.map((c) => `${c.action} ${c.address}`);
export const errors = (p: Plan): string[] => p.tenants[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
