// CLI test kit: a temporary git repository of tenant folders, an in-memory kind over the `contacts` section (so the
// real loader and schema accept the YAML), and injected dependencies that capture output instead of printing.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { CliDeps } from '../../src/cli/common.js';
import type { Connector } from '../../src/cli/connect.js';
import type { TenantConfig } from '../../src/config/model.js';
import type { Kind } from '../../src/kinds/contract.js';
import { memoryKind, MemoryStore, orgClients, tenantIdOf, type Item } from '../engine/kit.js';

export { MemoryStore, tenantIdOf };

export function tenantYaml(name: string, contacts: Record<string, string | null>, extra = ''): string {
  const items = Object.entries(contacts).map(([address, displayName]) =>
    displayName === null ? `  - { address: ${address}, ensure: absent }` : `  - { address: ${address}, displayName: "${displayName}" }`,
  );
  return [`tenant:`, `  name: ${name}`, `  tenantId: ${tenantIdOf(name)}`, `  domains: [${name}.com]`, extra, items.length ? 'contacts:' : '', ...items, ''].filter((l) => l !== '').join('\n') + '\n';
}

/** A git repository with one commit holding `files` (paths relative to the repository root). */
export async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-cli-'));
  writeFiles(root, files);
  const git = simpleGit(root);
  await git.init(['-b', 'main']);
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial');
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The memory kind reading `contacts`: name = address, value = displayName. */
export function contactKind(stores: Map<string, MemoryStore>): Kind {
  const storeFor = (config: TenantConfig): MemoryStore => {
    const store = stores.get(config.tenant.name) ?? new MemoryStore();
    stores.set(config.tenant.name, store);
    return store;
  };
  const base = memoryKind(storeFor, 'contact');
  const select = (config: TenantConfig): Item[] =>
    (config.contacts ?? []).map((c) => ({ name: c.address, value: c.displayName ?? '', ...(c.ensure === 'absent' ? { ensure: 'absent' as const } : {}) }));
  // Described as the contact kind is, so that the loader merges, checks and validates `contacts` as it would.
  const spec = { listKey: ['address'] as const, keyLabel: 'contact address', schema: 'contacts.schema.json', offers: [{ type: 'recipient', field: 'address' }] };
  return { ...base, ...spec, select } as unknown as Kind;
}

export interface Captured {
  deps: CliDeps;
  out: () => string;
  err: () => string;
  connects: number;
  closed: number;
  questions: string[];
}

export function captureDeps(kinds: Kind[], o: { isTTY?: boolean; answer?: boolean; connectError?: Error } = {}): Captured {
  let out = '';
  let err = '';
  const cap: Captured = { deps: undefined as unknown as CliDeps, out: () => out, err: () => err, connects: 0, closed: 0, questions: [] };
  const connector: Connector = {
    clientsFor: async (t) => orgClients(t.config.tenant.tenantId),
    close: async () => {
      cap.closed++;
    },
  };
  cap.deps = {
    kinds,
    connect: async () => {
      if (o.connectError) throw o.connectError;
      cap.connects++;
      return connector;
    },
    out: (t) => (out += t),
    err: (t) => (err += t),
    isTTY: o.isTTY ?? false,
    interactive: o.isTTY ?? false,
    confirm: async (q) => {
      cap.questions.push(q);
      return o.answer ?? false;
    },
    now: () => new Date('2026-11-22T10:00:00Z'),
  };
  return cap;
}
