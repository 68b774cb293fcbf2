import { describe, expect, it } from 'vitest';
import { buildDriftReport, driftExitCode, renderDriftJson } from '../../src/report/build.js';
import { linkOptionsFromEnv, sourceHref } from '../../src/report/fix.js';
import { renderDriftMarkdown } from '../../src/report/markdown.js';
import { mergeDocuments } from '../../src/report/merge.js';
import { renderJson } from '../../src/plan/render/index.js';
import { change, plan, samplePlan, tenant } from '../plan/builders.js';
import { expectGolden } from '../plan/golden.js';
import { sampleReport } from './fixtures.js';

describe('drift report', () => {
  it('classifies tenants as in sync, drifted, errored and unlinked, counting drifted objects per kind', () => {
    const r = sampleReport();
    expect(r.tenants.map((t) => [t.name, t.status])).toEqual([
      ['contoso', 'drifted'],
      ['fabrikam', 'unlinked'],
      ['northwind', 'in_sync'],
      ['woodgrove', 'unlinked'],
    ]);
    expect(r.summary).toEqual({ in_sync: 1, drifted: 1, errored: 0, unlinked: 2, tenants: 4, objects: 5 });
    expect(r.tenants[0]?.counts).toEqual({ user: 3, group: 2 });
  });

  it('marks a read failure without identity problems as errored, and sets exit codes', () => {
    const errored = buildDriftReport(plan([tenant('a', { diagnostics: [{ severity: 'error', summary: 'reading user failed: graph 503' }] })]));
    expect(errored.tenants[0]?.status).toBe('errored');
    expect(driftExitCode(errored, true)).toBe(1);
    const drifted = buildDriftReport(plan([tenant('b', { changes: [change('b', 1, { address: 'user:x', action: 'update' })] })]));
    expect(driftExitCode(drifted, true)).toBe(2);
    expect(driftExitCode(drifted, false)).toBe(0);
  });

  it('names each drifted field with desired and live values, who changed it and when, and accepted drift', () => {
    const md = renderDriftMarkdown(sampleReport());
    expect(md).toContain(
      '| `user:alice@contoso.com` [users.yaml:4](tenants/contoso/users.yaml#L4) | `jobTitle` | `"Controller"` | `"Analyst"` | admin@contoso.com at 2026-11-21T08:15:00Z (Update user) |',
    );
    expect(md).not.toContain('hunter2');
    expect(md).toContain('`user:ceo@contoso.com` `jobTitle`: set by HR system (until 2027-06-30)');
    expectGolden('drift.md', md);
  });

  it('renders an object still to create as one "pending create" row, never its fields', () => {
    const md = renderDriftMarkdown(sampleReport());
    const rows = md.split('\n').filter((l) => l.startsWith('| `user:dana@contoso.com`'));
    expect(rows).toEqual(['| `user:dana@contoso.com` [users.yaml:12](tenants/contoso/users.yaml#L12) | — | **pending create** "Dana Dahl", 2 fields to set | | pending: declared, not yet applied |']);
    expect(md).not.toContain('passwordProfile');
  });

  it('says how to fix each drift: re-apply, accept it with the exact policy.ignore entry, or change the YAML', () => {
    const md = renderDriftMarkdown(sampleReport());
    expect(md).toContain(
      '- `user:alice@contoso.com`: re-apply to restore the YAML\'s value (`tenantform apply`); or accept the live value: add under `policy.ignore` ' +
        '`- { address: "user:alice@contoso.com", fields: ["jobTitle"], reason: "why the live value is right" }`; or change the YAML to the live value.',
    );
    expect(md).toContain('- `user:dana@contoso.com`: apply creates it (`tenantform apply`); or remove it from the YAML if it should not exist.');
    expect(md).toContain('- `user:olduser@contoso.com`: apply deletes it (`tenantform apply`); or, to keep it, declare it in the YAML');
    // A replacement cannot be accepted: policy.ignore filters updates only.
    expect(md).toMatch(/- `group:sales`: re-apply to restore the YAML's value; this replaces the object \(`tenantform apply`\); or change the YAML to the live value\./);
  });

  it('links into the commit on GitHub when Actions says which, else relative to the report folder', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'tailspin/estate', GITHUB_SHA: 'abc123def' };
    const src = { file: 'tenants/contoso/users.yaml', line: 4 };
    expect(sourceHref(src, linkOptionsFromEnv(env))).toBe('https://github.com/tailspin/estate/blob/abc123def/tenants/contoso/users.yaml#L4');
    expect(sourceHref(src, linkOptionsFromEnv({}, 'drift'))).toBe('../tenants/contoso/users.yaml#L4');
    expect(sourceHref({ file: 'tenants/a (old)/users.yaml', line: 1 }, {})).toBe('tenants/a%20%28old%29/users.yaml#L1');
    // Not a web address: no javascript: link lands in a report.
    expect(linkOptionsFromEnv({ ...env, GITHUB_SERVER_URL: 'javascript:alert(1)//' }).github).toBeUndefined();
    const md = renderDriftMarkdown(sampleReport(), { links: linkOptionsFromEnv(env) });
    expect(md).toContain('[users.yaml:4](https://github.com/tailspin/estate/blob/abc123def/tenants/contoso/users.yaml#L4)');
  });

  it('writes canonical JSON that merges back from shards into the same report', () => {
    const whole = sampleReport();
    const shard = (names: string[]) => ({ ...whole, tenants: whole.tenants.filter((t) => names.includes(t.name)) });
    const merged = mergeDocuments([
      { file: 'a/drift.json', text: renderDriftJson(shard(['northwind', 'contoso'])) },
      { file: 'b/drift.json', text: renderDriftJson(shard(['woodgrove', 'fabrikam'])) },
    ]);
    expect(merged.type).toBe('drift');
    if (merged.type === 'drift') expect(renderDriftJson(merged.report)).toBe(renderDriftJson(whole));
  });
});

describe('report merge of plans', () => {
  it('combines shard plans, recomputing the summary, and refuses overlapping or mixed inputs', () => {
    const p = samplePlan();
    const [a, b, c] = p.tenants;
    const merged = mergeDocuments([
      { file: '1.json', text: renderJson(plan([c!, a!])) },
      { file: '2.json', text: renderJson(plan([b!])) },
    ]);
    expect(merged.type === 'plan' && renderJson(merged.plan)).toBe(renderJson(p));
    expect(() => mergeDocuments([{ file: '1.json', text: renderJson(plan([a!])) }, { file: '2.json', text: renderJson(plan([a!])) }])).toThrow(
      'tenant contoso is in both 1.json and 2.json',
    );
    expect(() => mergeDocuments([{ file: '1.json', text: renderJson(plan([a!])) }, { file: 'd.json', text: renderDriftJson(sampleReport()) }])).toThrow(
      'cannot merge plans with drift reports',
    );
  });
});
