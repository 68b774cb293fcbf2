// Teams through the commands, over HTTP against the emulator on the demo seed: Contoso Dental's Front Desk team is
// in sync as the example declares it; a pull request that tightens a setting, adds a private channel with its owner
// and members, describes a channel and removes a member of the shared one is planned, saved, applied from the saved
// plan and re-planned to nothing; then `export` writes the team beside its group and plans to no changes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/common.js';
import { connect } from '../../src/cli/connect.js';
import { runApply } from '../../src/cli/apply.js';
import { runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { teamsOf } from '../../src/emulator/graph/teams-model.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import { copyExamples, DEMO_SEED, type ExampleRepo } from '../support/examples.js';
import { startEmulator } from '../support/world.js';

const CONTOSO = '3f2c9a7e-0003-4000-8000-000000000003';
let emu: RunningEmulator;
let repo: ExampleRepo;
let out = '';
let err = '';
const deps = (): CliDeps => ({
  kinds, connect: (o) => connect({ ...o, env: {} }), out: (t) => void (out += t), err: (t) => void (err += t),
  isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
});

beforeEach(async () => {
  emu = await startEmulator({ seed: DEMO_SEED, throttling: false });
  repo = copyExamples(['contoso-dental']);
  out = '';
  err = '';
});
afterEach(async () => {
  await emu.close();
  repo.remove();
});

it('plans, applies from the saved plan and converges a team change; export of the team plans to nothing', async () => {
  const file = join(repo.dir, 'contoso-dental', 'groups.yaml');
  expect(await runPlan({ dir: repo.dir, emulator: emu.url, detailedExitcode: true }, deps())).toBe(0);
  const yaml = readFileSync(file, 'utf8')
    .replace('messagingSettings: { allowUserDeleteMessages: false }', 'messagingSettings: { allowUserDeleteMessages: false, allowTeamMentions: false }')
    .replace('members: [megan.price@contosodental.com, ryan.doyle@contosodental.com, sophie.turner@contosodental.com, liam.foster@contosodental.com]', 'members: [megan.price@contosodental.com, ryan.doyle@contosodental.com, sophie.turner@contosodental.com]')
    .replace('        - { displayName: Rota, description: Shift swaps and cover. }', [
      '        - { displayName: ROTA, description: "Shift swaps, cover and holidays." }',
      '        - { displayName: Practice Managers, type: private, owners: [fiona.mcallister@contosodental.com], members: [megan.price@contosodental.com] }',
    ].join('\n'));
  writeFileSync(file, yaml);

  const planFile = join(repo.root, 'plan.json');
  expect(await runPlan({ dir: repo.dir, emulator: emu.url, out: planFile, detailedExitcode: true }, deps())).toBe(2);
  expect(err).toBe('');
  const team = (await readPlanFile(planFile)).tenants[0]!.changes.find((c) => c.address === 'team:front-desk')!;
  expect(team.fields.map((f) => f.path)).toEqual([
    'messagingSettings.allowTeamMentions', 'channels.Bookings.members', 'channels.Rota.description', 'channels.Practice Managers',
  ]);
  expect(team.fields[1]).toMatchObject({ added: [], removed: ['liam.foster@contosodental.com'] });
  expect(out).toContain('team:front-desk');

  expect(await runApply({ plan: planFile, dir: repo.dir, emulator: emu.url, autoApprove: true, log: join(repo.root, 'apply.jsonl'), secret: () => { throw new Error('no secrets'); } }, deps())).toBe(0);
  const live = Object.values(teamsOf(emu.state.tenants.get(CONTOSO)!))[0]!;
  expect(live.settings.messagingSettings.allowTeamMentions).toBe(false);
  expect(live.channels.map((c) => c.displayName)).toEqual(['General', 'Bookings', 'Rota', 'Practice Managers']);
  expect(live.channels[1]!.members).toHaveLength(4);
  expect(live.channels[3]!).toMatchObject({ membershipType: 'private', members: [expect.objectContaining({ roles: ['owner'] }), expect.objectContaining({ roles: [] })] });

  out = '';
  expect(await runPlan({ dir: repo.dir, emulator: emu.url, detailedExitcode: true }, deps())).toBe(0);
  expect(out).toContain('No changes.');

  const exported = join(repo.root, 'exported');
  expect(await runExport({ tenant: 'contoso-dental', tenantId: CONTOSO, dir: exported, emulator: emu.url }, deps())).toBe(0);
  const groups = readFileSync(join(exported, 'contoso-dental', 'groups.yaml'), 'utf8');
  expect(groups).toContain('displayName: Practice Managers');
  expect(groups).toContain('allowTeamMentions: false');
  rmSync(join(exported, 'contoso-dental', 'partner.yaml'), { force: true });
  out = '';
  err = '';
  await runPlan({ dir: exported, emulator: emu.url, format: 'json' }, deps());
  const replanned = JSON.parse(out) as { tenants: { changes: { kind: string; address: string }[] }[] };
  expect(replanned.tenants[0]!.changes.filter((c) => c.kind === 'team')).toEqual([]);
});
