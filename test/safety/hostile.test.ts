// Hostile input: at least 50 malformed or hostile tenant folders, each answered by a file:line:col error or a safe
// refusal — no crash, no hang, no request sent — and a seeded, bounded fuzz of the loader over the example files.
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../src/emulator/faults.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { LoadResult } from '../../src/config/index.js';
import { copyExamples } from '../support/examples.js';
import { withTenantform } from '../support/access.js';
import { Repo } from '../support/folders.js';
import { driver } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';

const ID = '6b1a3c6e-0000-4000-8000-000000000001';
const head = (name = 'evil') => `tenant:\n  name: ${name}\n  tenantId: ${ID}\n  domains: [contoso.com]\n`;
const withUsers = (users: string) => `${head()}users:\n${users}`;
const user = (upn: string) => withUsers(`  - userPrincipalName: ${JSON.stringify(upn)}\n    displayName: X\n`);
const group = (nick: string) => `${head()}groups:\n  - mailNickname: ${JSON.stringify(nick)}\n    displayName: X\n`;

type Case = [string, (r: Repo) => void];
const file = (text: string | Buffer, name = 'tenant.yaml'): ((r: Repo) => void) => (r) => r.write(`tenants/evil/${name}`, text);

const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');

const CASES: Case[] = [
  ['syntax: unclosed flow sequence', file(`${head()}users: [\n`)],
  ['syntax: unclosed quote', file(`${head()}users:\n  - userPrincipalName: "a@contoso.com\n`)],
  ['syntax: bad indentation', file(`tenant:\n  name: evil\n    tenantId: x\n`)],
  ['syntax: tab indentation', file(`tenant:\n\tname: evil\n`)],
  ['syntax: stray colon mapping', file(`${head()}users: a: b: c\n`)],
  ['syntax: multiple documents', file(`${head()}---\nusers: []\n`)],
  ['syntax: unknown tag', file(`${head()}users: !!python/object:os.system [ls]\n`)],
  ['syntax: custom tag', file(`${head()}users: !evil [1]\n`)],
  ['syntax: lone anchor', file(`${head()}users: &\n`)],
  ['syntax: undefined alias', file(`${head()}users: *nothere\n`)],
  ['wrong type: tenant is a list', file(`tenant: [a, b]\n`)],
  ['wrong type: users is a map', file(`${head()}users: { a: 1 }\n`)],
  ['wrong type: user entry is a string', file(withUsers('  - alice@contoso.com\n'))],
  ['wrong type: accountEnabled is a string', file(withUsers('  - userPrincipalName: a@contoso.com\n    accountEnabled: "yes please"\n'))],
  ['wrong type: displayName is a number', file(withUsers('  - userPrincipalName: a@contoso.com\n    displayName: 12\n'))],
  ['wrong type: tenantId is not a GUID', file(`tenant:\n  name: evil\n  tenantId: not-a-guid\n  domains: [contoso.com]\n`)],
  ['wrong type: domains is a string', file(`tenant:\n  name: evil\n  tenantId: ${ID}\n  domains: contoso.com\n`)],
  ['wrong type: maxDeletes negative', file(`${head()}policy:\n  maxDeletes: -1\n`)],
  ['wrong type: maxDeletes is a string', file(`${head()}policy:\n  maxDeletes: lots\n`)],
  ['wrong type: a file that is a list', file(`- a\n- b\n`)],
  ['wrong type: a file that is a scalar', file(`just text\n`)],
  ['unknown key at top level', file(`${head()}userz: []\n`)],
  ['unknown key in a user', file(withUsers('  - userPrincipalName: a@contoso.com\n    pasword: hunter2\n'))],
  ['unknown key in tenant', file(`${head()}  evil: true\n`)],
  ['duplicate key in a map', file(withUsers('  - userPrincipalName: a@contoso.com\n    displayName: A\n    displayName: B\n'))],
  ['duplicate top-level key', file(`${head()}users: []\nusers: []\n`)],
  ['section in two files', (r) => r.write('tenants/evil/tenant.yaml', `${head()}users: []\n`).write('tenants/evil/more.yaml', 'users: []\n')],
  ['duplicate user in the list', file(withUsers('  - userPrincipalName: a@contoso.com\n    displayName: A\n  - userPrincipalName: A@contoso.com\n    displayName: B\n'))],
  ['alias bomb', file(`${head()}${bomb}\n`)],
  ['alias bomb in a baseline', (r) => r.write('tenants/_b/bomb.yaml', `${bomb}\n`).write('tenants/evil/tenant.yaml', `${head()}extends: [../_b/bomb.yaml]\n`)],
  ['a 50 MB file', file(Buffer.alloc(50 * 1024 * 1024, 0x61))],
  ['binary junk', file(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)))],
  ['NUL bytes in text', file(`${head()}users:\0\0\n`)],
  ['invalid UTF-8', file(Buffer.concat([Buffer.from(head()), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]))],
  ['UTF-16 with BOM', file(Buffer.from(`\ufeff${head()}`, 'utf16le'))],
  ['extends out of the repository', file(`${head()}extends: [../../../../../../etc/passwd]\n`)],
  ['extends to an absolute path', file(`${head()}extends: [/etc/hostname]\n`)],
  ['extends to a missing file', file(`${head()}extends: [../_b/missing.yaml]\n`)],
  ['extends is not a list', file(`${head()}extends: 42\n`)],
  ['extends cycle', (r) => r.write('tenants/_b/a.yaml', 'extends: [b.yaml]\n').write('tenants/_b/b.yaml', 'extends: [a.yaml]\n').write('tenants/evil/tenant.yaml', `${head()}extends: [../_b/a.yaml]\n`)],
  ['extends itself', (r) => r.write('tenants/_b/self.yaml', 'extends: [self.yaml]\n').write('tenants/evil/tenant.yaml', `${head()}extends: [../_b/self.yaml]\n`)],
  ['symlinked file out of the repository', (r) => {
    r.write('tenants/evil/tenant.yaml', head());
    symlinkSync('/etc/hostname', join(r.root, 'tenants/evil/secrets.yaml'));
  }],
  ['symlinked baseline out of the repository', (r) => {
    r.write('tenants/evil/tenant.yaml', `${head()}extends: [../_b/link.yaml]\n`).write('tenants/_b/keep', '');
    symlinkSync('/etc/hostname', join(r.root, 'tenants/_b/link.yaml'));
  }],
  ['no tenant section', file('users: []\n')],
  ['empty folder file', file('')],
  ['folder name differs from tenant.name', file(head('someone-else'))],
  ['tenant name with a path', file(head('"../x"'))],
  ['OData: quote in UPN domain', file(user("o'brien@contoso'.com"))],
  ['URL: slash and space in UPN', file(user('a b/c@contoso.com'))],
  ['URL: newline in UPN', file(user('a\nb@contoso.com'))],
  ['cmdlet: $() in a domain', file(`tenant:\n  name: evil\n  tenantId: ${ID}\n  domains: ["$(Remove-Mailbox)"]\n`)],
  ['cmdlet: semicolon in a mailNickname', file(group('a;Remove-Mailbox'))],
  ['URL: space in a mailNickname', file(group('a b'))],
  ['URL: newline in a mailNickname', file(group('a\nb'))],
  ['OData: mailNickname with a parenthesis', file(group("x')or(1 eq 1"))],
  ['reference to an unknown group', file(`${head()}groups:\n  - mailNickname: a\n    displayName: A\n    members: [group:nothere]\n`)],
  ['groups nesting each other', file(`${head()}groups:\n  - mailNickname: a\n    displayName: A\n    members: [group:b]\n  - mailNickname: b\n    displayName: B\n    members: [group:a]\n`)],
  ['group nesting itself', file(`${head()}groups:\n  - mailNickname: a\n    displayName: A\n    members: [group:a]\n`)],
  ['manager cycle', file(withUsers('  - userPrincipalName: a@contoso.com\n    displayName: A\n    manager: b@contoso.com\n  - userPrincipalName: b@contoso.com\n    displayName: B\n    manager: a@contoso.com\n'))],
  ['unknown placeholder', file(withUsers('  - userPrincipalName: "a@${tenant.secret}"\n    displayName: A\n'))],
];

const MISMATCH_ID = '6b1a3c6e-0000-4000-8000-0000000000ff';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: withTenantform(entraSeed()) });
});
afterAll(async () => {
  await emu.close();
});

/** What the CLI does: load, and plan only the tenants that loaded clean, counting every request sent. */
async function loadAndPlan(repo: Repo): Promise<{ result: LoadResult; requests: number }> {
  const seen = (): number => Object.values(emu.server.counts).reduce((a, b) => a + b, 0);
  const before = seen();
  const result = await repo.load();
  if (result.tenants.length > 0) await driver(emu).plan(result.tenants[0]!);
  return { result, requests: seen() - before };
}

describe('hostile tenant folders', () => {
  it('has at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)('%s: refused with a file:line:col error, fast, before any request', async (_name, build) => {
    const repo = new Repo();
    try {
      build(repo);
      const started = Date.now();
      const { result, requests } = await loadAndPlan(repo);
      expect(Date.now() - started).toBeLessThan(5_000);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length, JSON.stringify(result.diagnostics)).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.file, e.summary).toBeTruthy();
        expect(e.line ?? 1, e.summary).toBeGreaterThan(0);
        expect(e.summary.length).toBeLessThan(2_000);
      }
      expect(result.tenants).toEqual([]);
      expect(requests).toBe(0);
    } finally {
      repo.remove();
    }
  });

  it('a tenantId that is not the tenant the credentials reach is refused after reading the organization only', async () => {
    const repo = new Repo().write('tenants/evil/tenant.yaml', `tenant:\n  name: evil\n  tenantId: ${MISMATCH_ID}\n  domains: [contoso.com]\nusers:\n  - userPrincipalName: olduser@contoso.com\n    ensure: absent\n`);
    try {
      const result = await repo.load();
      expect(result.diagnostics).toEqual([]);
      // The clients authenticate against the emulator's tenant; the YAML names another one.
      const plan = await driver(emu).plan({ ...result.tenants[0]!, config: { ...result.tenants[0]!.config } });
      const tp = plan.tenants[0]!;
      expect(tp.status).toBe('error');
      expect(tp.changes).toEqual([]);
      expect(tp.diagnostics[0]?.summary).toMatch(/^tenantId mismatch: YAML says 6b1a3c6e-0000-4000-8000-0000000000ff, credentials reach 6b1a3c6e-0000-4000-8000-000000000001/);
    } finally {
      repo.remove();
    }
  });
});

describe('loader fuzz (seeded, bounded)', () => {
  const copy = copyExamples();
  afterAll(() => copy.remove());
  const examples = copy.files.filter((f) => f.endsWith('.yaml'));
  const mutate = (text: string, rng: Prng): string => {
    const pick = (n: number) => Math.floor(rng.next() * n);
    const junk = [':', '- ', '\t', '&a ', '*a', '"', "'", '{', ']', '\n  ', '!!binary ', '<<: *a', '\0', '${x}', '#', '%', 'ü', '\ufffd'];
    let out = text;
    for (let i = 1 + pick(4); i > 0; i--) {
      const at = pick(out.length + 1);
      const op = pick(3);
      if (op === 0) out = out.slice(0, at) + junk[pick(junk.length)]! + out.slice(at);
      else if (op === 1) out = out.slice(0, at) + out.slice(at + 1 + pick(20));
      else out = out.slice(0, at) + out.slice(pick(out.length), pick(out.length)) + out.slice(at);
    }
    return out;
  };

  it('never throws or hangs, and every diagnostic names a file and a line', async () => {
    const rng = new Prng(2026);
    // A fixed number of runs, not a time budget: the same inputs on every machine, however fast.
    for (let runs = 0; runs < 120; runs++) {
      const repo = new Repo();
      try {
        const source = examples[Math.floor(rng.next() * examples.length)]!;
        const target = source.includes('_baselines') ? source : join('tenants', 'contoso', source.split('/').pop()!);
        repo.write('tenants/contoso/tenant.yaml', `tenant:\n  name: contoso\n  tenantId: ${ID}\n  domains: [contoso.com]\n`);
        repo.write(target, mutate(readFileSync(join(copy.root, source), 'utf8'), rng));
        const result = await repo.load();
        for (const d of result.diagnostics) {
          expect(d.file, d.summary).toBeTruthy();
          if (d.severity === 'error' && !/tenant directory|no .yaml files/.test(d.summary)) expect(d.line, `${d.file}: ${d.summary}`).toBeGreaterThan(0);
        }
      } finally {
        repo.remove();
      }
    }
  }, 20_000);
});

