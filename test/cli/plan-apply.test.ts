import { sealPlan } from '../../src/plan/digest.js';
import type { Plan } from '../../src/plan/types.js';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { ConnectError } from '../../src/cli/connect.js';
import { runPlan } from '../../src/cli/plan.js';
import { runShow } from '../../src/cli/show.js';
import { readPlanFile } from '../../src/plan/read.js';
import { captureDeps } from '../support/cli.js';
import { makeRepo, tenantYaml } from '../support/folders.js';
import { contactKind, MemoryStore } from '../support/memory-kind.js';

async function fixture() {
  const root = await makeRepo({
    'tenants/contoso/tenant.yaml': tenantYaml('contoso', { 'a@x.com': 'Alice', 'b@x.com': 'Bob', 'old@x.com': null }),
    'tenants/fabrikam/tenant.yaml': tenantYaml('fabrikam', { 'f@x.com': 'Fay' }),
  });
  const stores = new Map([
    ['contoso', new MemoryStore({ 'a@x.com': 'Alicia', 'old@x.com': 'Old' })],
    ['fabrikam', new MemoryStore({ 'f@x.com': 'Fay' })],
  ]);
  return { root, dir: join(root, 'tenants'), stores, kinds: [contactKind(stores)] };
}

describe('plan command', () => {
  it('plans, prints text, saves canonical JSON and exits 2 with --detailed-exitcode', async () => {
    const f = await fixture();
    const cap = captureDeps(f.kinds);
    const out = join(f.root, 'plan.json');
    const code = await runPlan({ dir: f.dir, out, detailedExitcode: true }, cap.deps);
    expect(cap.err()).toBe('');
    expect(code).toBe(2);
    expect(cap.out()).toContain('~ contact:a@x.com');
    expect(cap.out()).toContain('~ value: "Alicia" -> "Alice"');
    expect(cap.out()).toContain('Overall plan: 1 to add, 1 to change, 1 to destroy.');
    const saved = await readPlanFile(out);
    expect(saved.tenants.map((t) => [t.name, t.status])).toEqual([['contoso', 'changes'], ['fabrikam', 'in_sync']]);
    expect(cap.closed).toBe(1);
  });

  it('exits 0 without --detailed-exitcode, renders markdown, and selects tenants by glob', async () => {
    const f = await fixture();
    const cap = captureDeps(f.kinds);
    expect(await runPlan({ dir: f.dir, tenant: ['fab*'], format: 'markdown' }, cap.deps)).toBe(0);
    expect(cap.out()).toContain('<!-- tenantform-plan -->');
    expect(cap.out()).toContain('| fabrikam | ✅ in sync |');
    expect(cap.out()).not.toContain('contoso');
  });

  it('exits 1 with the loader diagnostic on bad YAML, before connecting', async () => {
    const f = await fixture();
    const root = await makeRepo({ 'tenants/bad/tenant.yaml': 'tenant:\n  name: bad\n  tenantId: nope\n' });
    const cap = captureDeps(f.kinds);
    expect(await runPlan({ dir: join(root, 'tenants') }, cap.deps)).toBe(1);
    expect(cap.err()).toMatch(/tenant\.yaml:\d+:\d+: error: /);
    expect(cap.connects).toBe(0);
  });

  it('exits 1 when no connection can be made, naming why', async () => {
    const f = await fixture();
    const cap = captureDeps(f.kinds, { connectError: new ConnectError('no credentials: set AZURE_CLIENT_ID') });
    expect(await runPlan({ dir: f.dir }, cap.deps)).toBe(1);
    expect(cap.err()).toContain('no credentials: set AZURE_CLIENT_ID');
  });

  it('exits 1 when a tenant cannot be read, and plans no delete for it', async () => {
    const f = await fixture();
    (f.stores.get('contoso') as MemoryStore).fetchError = new Error('503 from the service');
    const cap = captureDeps(f.kinds);
    const out = join(f.root, 'plan.json');
    expect(await runPlan({ dir: f.dir, out }, cap.deps)).toBe(1);
    expect(cap.out()).toContain('Error: reading contact failed: 503 from the service');
    expect((await readPlanFile(out)).tenants[0]?.changes).toEqual([]);
  });
});

describe('apply command', () => {
  it('applies a saved plan exactly, writes the log and converges', async () => {
    const f = await fixture();
    const planFile = join(f.root, 'plan.json');
    await runPlan({ dir: f.dir, out: planFile }, captureDeps(f.kinds).deps);
    const cap = captureDeps(f.kinds);
    const log = join(f.root, 'apply.jsonl');
    expect(await runApply({ plan: planFile, dir: f.dir, log }, cap.deps)).toBe(0);
    expect(cap.out()).toContain('Tenant contoso: applied — 3 completed, 0 failed, 0 skipped');
    expect(cap.out()).toContain('Tenant fabrikam: no changes');
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    expect(entries.filter((e) => e.status === 'completed')).toHaveLength(3);
    expect([...(f.stores.get('contoso') as MemoryStore).items.keys()].sort()).toEqual(['a@x.com', 'b@x.com']);
    const again = captureDeps(f.kinds);
    expect(await runPlan({ dir: f.dir, detailedExitcode: true }, again.deps)).toBe(0);
  });

  it('refuses a stale saved plan and reports the failure with the service message otherwise', async () => {
    const f = await fixture();
    const planFile = join(f.root, 'plan.json');
    await runPlan({ dir: f.dir, out: planFile }, captureDeps(f.kinds).deps);
    const store = f.stores.get('contoso') as MemoryStore;
    store.put('a@x.com', 'changed out of band');
    const cap = captureDeps(f.kinds);
    expect(await runApply({ plan: planFile, dir: f.dir, log: join(f.root, 'a.jsonl') }, cap.deps)).toBe(1);
    expect(cap.out()).toContain('Tenant contoso: refused — plan is stale: contact:a@x.com changed since the plan was made');

    store.put('a@x.com', 'Alicia');
    store.failApply.add('b@x.com');
    const cap2 = captureDeps(f.kinds);
    expect(await runApply({ plan: planFile, dir: f.dir, log: join(f.root, 'b.jsonl') }, cap2.deps)).toBe(1);
    expect(cap2.out()).toContain('failed  contoso/');
    expect(cap2.out()).toContain('contact:b@x.com: cannot create b@x.com');
  });

  it('with --require-commit, refuses a saved plan made at another commit and applies nothing', async () => {
    const f = await fixture();
    const planFile = join(f.root, 'plan.json');
    await runPlan({ dir: f.dir, out: planFile }, captureDeps(f.kinds).deps);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
    saved.source.commit = '0123456789abcdef0123456789abcdef01234567';
    // Resealed, as a plan genuinely made at that commit would be: only --require-commit stands in its way.
    await writeFile(planFile, JSON.stringify(sealPlan(saved)));
    const cap = captureDeps(f.kinds);
    expect(await runApply({ plan: planFile, dir: f.dir, log: join(f.root, 'c.jsonl'), requireCommit: true }, cap.deps)).toBe(1);
    expect(cap.err()).toMatch(/refusing to apply: (the plan was made .*--require-commit refuses it|cannot check --require-commit)/);
    expect((f.stores.get('contoso') as MemoryStore).applied).toEqual([]);
  });

  it('without a plan: refuses non-interactive runs unless --auto-approve, asks on a terminal', async () => {
    const f = await fixture();
    const cap = captureDeps(f.kinds, { isTTY: false });
    expect(await runApply({ dir: f.dir, log: join(f.root, 'x.jsonl') }, cap.deps)).toBe(1);
    expect(cap.err()).toContain('Pass --auto-approve');
    expect(cap.connects).toBe(0);

    const declined = captureDeps(f.kinds, { isTTY: true, answer: false });
    expect(await runApply({ dir: f.dir, log: join(f.root, 'y.jsonl') }, declined.deps)).toBe(1);
    expect(declined.questions[0]).toContain('Only "yes" will be accepted');
    expect(declined.err()).toContain('Apply cancelled.');
    expect((f.stores.get('contoso') as MemoryStore).applied).toEqual([]);

    const auto = captureDeps(f.kinds, { isTTY: false });
    expect(await runApply({ dir: f.dir, autoApprove: true, log: join(f.root, 'z.jsonl') }, auto.deps)).toBe(0);
    expect(auto.out()).toContain('Plan: 1 to add, 1 to change, 1 to destroy.');
    expect(auto.out()).toContain('Apply complete: 3 completed, 0 failed, 0 skipped; 0 tenants refused.');
  });

  it('rejects a plan file of another format version', async () => {
    const f = await fixture();
    const file = join(f.root, 'old.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify({ formatVersion: 1, tenants: [] }));
    const cap = captureDeps(f.kinds);
    expect(await runApply({ plan: file, dir: f.dir, log: join(f.root, 'apply.jsonl') }, cap.deps)).toBe(1);
    expect(cap.err()).toContain('unsupported plan format (formatVersion 1)');
    expect(existsSync(join(f.root, 'apply.jsonl'))).toBe(false);
  });
});

describe('show command', () => {
  it('renders a saved plan in each format and fails clearly on bad JSON', async () => {
    const f = await fixture();
    const planFile = join(f.root, 'plan.json');
    await runPlan({ dir: f.dir, out: planFile }, captureDeps(f.kinds).deps);
    const text = captureDeps(f.kinds);
    expect(await runShow({ plan: planFile }, text.deps)).toBe(0);
    expect(text.out()).toContain('- contact:old@x.com');
    const json = captureDeps(f.kinds);
    expect(await runShow({ plan: planFile, format: 'json' }, json.deps)).toBe(0);
    expect(json.out()).toBe(readFileSync(planFile, 'utf8'));
    const bad = join(f.root, 'bad.json');
    (await import('node:fs')).writeFileSync(bad, '{"formatVersion": 1,');
    const cap = captureDeps(f.kinds);
    expect(await runShow({ plan: bad }, cap.deps)).toBe(1);
    expect(cap.err()).toContain(`${bad}: not valid JSON`);
  });
});
