import { describe, expect, it } from 'vitest';
import { renderJson, renderMarkdown, renderText } from '../../src/plan/render/index.js';
import { parsePlan } from '../../src/plan/read.js';
import { CHANGE_REASONS } from '../../src/plan/types.js';
import { change, plan, samplePlan, tenant } from './builders.js';
import { expectGolden } from './golden.js';

describe('renderText', () => {
  it('matches the golden rendering of every change type, errors, ignored drift and unmanaged counts', () => {
    expectGolden('plan.txt', renderText(samplePlan()));
  });

  it('never shows a sensitive value, in any format', () => {
    const p = samplePlan();
    for (const out of [renderText(p), renderText(p, { color: true }), renderMarkdown(p)]) {
      expect(out).not.toContain('hunter2');
      expect(out).toContain('passwordProfile.password: (sensitive)');
    }
  });

  it('colours only when asked', () => {
    const p = samplePlan();
    expect(renderText(p)).not.toContain('\u001b[');
    const coloured = renderText(p, { color: true });
    expect(coloured).toContain('\u001b[32m+\u001b[39m user:dana@contoso.com');
    expect(coloured.replace(new RegExp(String.fromCharCode(27) + '\\[\\d+m', 'g'), '')).toBe(renderText(p));
  });

  it('renders every reason code as words, never raw, in text and markdown', () => {
    const changes = CHANGE_REASONS.map((reason, i) => change('contoso', i + 1, { address: `user:u${i}@contoso.com`, action: 'delete', reason, destructive: true }));
    const p = plan([tenant('contoso', { status: 'changes', changes })]);
    const outputs = [renderText(p), renderText(p, { color: true }), renderMarkdown(p)];
    for (const reason of CHANGE_REASONS.filter((r) => r.includes('_'))) {
      for (const out of outputs) expect(out).not.toContain(reason);
    }
    expect(renderText(p)).toContain('(contoso/4, members changed)');
    expect(renderMarkdown(p)).toContain('`user:u3@contoso.com` (members changed)');
  });

  it('says so when nothing changes', () => {
    const out = renderText(plan([tenant('northwind')]));
    expect(out).toContain('No changes.');
    expect(out).toContain('Overall plan: 0 to add, 0 to change, 0 to destroy. 1 tenant: 0 with changes, 1 in sync, 0 errored.');
  });
});

describe('renderMarkdown', () => {
  it('matches the golden rendering', () => {
    expectGolden('plan.md', renderMarkdown(samplePlan(), { marker: 'tenantform-plan' }));
  });

  it('calls out destructive changes before the table', () => {
    const out = renderMarkdown(samplePlan());
    const caution = out.indexOf('[!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(out.indexOf('| Tenant |'));
    expect(out).toContain('**delete** `user:olduser@contoso.com`');
    expect(out).toContain('**replace** `group:sales`');
  });

  it('cuts a long plan at whole sections, within the limit, pointing at the full plan', () => {
    const many = plan(
      Array.from({ length: 40 }, (_, i) =>
        tenant(`t${String(i).padStart(2, '0')}`, {
          changes: Array.from({ length: 20 }, (_, j) => change(`t${i}`, j, { address: `user:u${j}@t${i}.com`, action: 'update', fields: [{ path: 'jobTitle', before: 'a'.repeat(50), after: 'b'.repeat(50) }] })),
        }),
      ),
    );
    const out = renderMarkdown(many, { maxLength: 20_000, fullPlan: 'the `plan` artifact' });
    expect(out.length).toBeLessThanOrEqual(20_000);
    expect(out).toMatch(/Plan cut to fit\*\*: \d+ of 40 tenant sections shown\. The full plan is in the `plan` artifact\./);
    expect(out.match(/<details/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    expect(out).toContain('| t39 |');
  });

  it('keeps values from closing the code fence or breaking the table', () => {
    const p = plan([tenant('a|b', { changes: [change('a|b', 1, { address: 'user:x', action: 'update', fields: [{ path: 'note', before: '```', after: 'y' }] })] })]);
    const out = renderMarkdown(p);
    expect(out).toContain('| a\\|b |');
    expect(out).toContain('````diff');
  });
});

describe('renderJson', () => {
  it('is canonical: key order does not matter and it reads back as the same plan', () => {
    const p = samplePlan();
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(p) as typeof p;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(p));
    expect(renderJson(reordered)).toBe(renderJson(p));
    expect(parsePlan(renderJson(p))).toEqual(p);
    expect(renderJson(p).endsWith('}\n')).toBe(true);
  });
});
