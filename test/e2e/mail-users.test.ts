// Mail users through the commands, over HTTP against the demo emulator: fabrikam-logistics' customs broker is in sync
// with the demo estate; a second one added to the copied YAML is planned with its password shown only as sensitive,
// made by apply of the saved plan, and the next plan has nothing for mail users; a forwarding target changed out of
// band on the emulator (Set-MailUser, MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/
// Set-MailUser.md) is drift again; a hand-edited entry with a misspelt field is an error at its file and line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { copyExamples, DEMO_SEED, type ExampleRepo } from '../support/examples.js';
import { appToken, startEmulator } from '../support/world.js';

const FABRIKAM = '3f2c9a7e-0002-4000-8000-000000000002';
const PASSWORD = 'Customs-Initial-7q!';
let emu: RunningEmulator;
let repo: ExampleRepo;

beforeAll(async () => {
  emu = await startEmulator({ seed: DEMO_SEED, throttling: false });
  repo = copyExamples(['fabrikam-logistics']);
});
afterAll(async () => {
  await emu.close();
  repo.remove();
});

function deps(): CliDeps & { text: () => string } {
  let text = '';
  return {
    kinds, connect: (o) => connect({ ...o, env: { TENANTFORM_INITIAL_PASSWORD: PASSWORD } }), out: (t) => (text += t), err: (t) => (text += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(), text: () => text,
  };
}

async function plan(name: string): Promise<{ file: string; code: number; text: string; fabrikam: Pick<TenantPlan, 'changes'> }> {
  const file = join(repo.root, `${name}.json`);
  const d = deps();
  const code = await runPlan({ dir: repo.dir, emulator: emu.url, out: file, detailedExitcode: true }, d);
  const tp = code === 1 ? undefined : (await readPlanFile(file)).tenants.find((t) => t.tenantId === FABRIKAM);
  return { file, code, text: d.text(), fabrikam: { changes: (tp?.changes ?? []).filter((c) => c.kind === 'mailUser') } };
}

const lines = (tp: Pick<TenantPlan, 'changes'>): string[] => tp.changes.map((c) => `${c.action} ${c.address} ${c.fields.map((f) => f.path).join(',')}`).sort();

async function invoke(cmdlet: string, parameters: Record<string, unknown>): Promise<void> {
  const token = await appToken(emu.url, FABRIKAM, 'app-1', 'https://outlook.office365.com/.default');
  const res = await fetch(`${emu.url}/adminapi/beta/${FABRIKAM}/InvokeCommand`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const yamlFile = (): string => join(repo.dir, 'fabrikam-logistics', 'mailUsers.yaml');

describe('mail users from the command line', () => {
  it('plans a new one without its password, applies the saved plan, converges, and sees out-of-band drift', async () => {
    expect((await plan('demo')).fabrikam.changes).toEqual([]);
    writeFileSync(yamlFile(), `${readFileSync(yamlFile(), 'utf8')}  - userPrincipalName: lars.berg@fabrikamlogistics.com\n    displayName: Lars Berg (auditor)\n    externalEmailAddress: lars@revisionsbyran.example.com\n`);
    const first = await plan('first');
    expect(lines(first.fabrikam)).toEqual(['create mailUser:lars.berg@fabrikamlogistics.com displayName,externalEmailAddress,password']);
    expect(first.text).toContain('password: (sensitive)');
    expect(readFileSync(first.file, 'utf8')).not.toContain(PASSWORD);
    const a = deps();
    expect(await runApply({ plan: first.file, dir: repo.dir, emulator: emu.url, autoApprove: true, log: join(repo.root, 'apply.jsonl') }, a), a.text()).toBe(0);
    expect(a.text()).not.toContain(PASSWORD);
    expect(readFileSync(join(repo.root, 'apply.jsonl'), 'utf8')).not.toContain(PASSWORD);
    expect((await plan('again')).fabrikam.changes).toEqual([]);

    await invoke('Set-MailUser', { Identity: 'karin.ek@fabrikamlogistics.com', ExternalEmailAddress: 'karin@elsewhere.example.com' });
    const drift = await plan('drift');
    expect(lines(drift.fabrikam)).toEqual(['update mailUser:karin.ek@fabrikamlogistics.com externalEmailAddress']);
    expect(drift.fabrikam.changes[0]!.fields[0]).toMatchObject({ before: 'karin@elsewhere.example.com', after: 'karin.ek@tullpartner.example.com' });
  });

  it('a misspelt field in a hand-edited entry is an error at its file and line', async () => {
    writeFileSync(yamlFile(), 'mailUsers:\n  - userPrincipalName: x@fabrikamlogistics.com\n    externalEmail: x@example.com\n');
    const bad = await plan('bad');
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(/mailUsers\.yaml:3:\d+.*externalEmail/);
  });
});
