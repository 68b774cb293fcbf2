// Benchmark of loading and validating: one tenant of 5,000 users, and an estate of 1,000 tenant folders.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTenants } from '../config/index.js';
import { kinds } from '../kinds/index.js';

const BIG_TENANT_USERS = 5_000;
const FOLDERS = 1_000;
const USERS_PER_FOLDER = 25;

function tenantYaml(name: string, n: number): string {
  const id = `3f2c9a7e-${String(Math.floor(n / 1e4)).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`;
  return `tenant:\n  name: ${name}\n  tenantId: ${id}\n  domains: [${name}.com, ${name}.onmicrosoft.com]\nextends: [../_baselines/smb.yaml]\n`;
}

function usersYaml(domain: string, count: number): string {
  const lines = ['users:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - userPrincipalName: user${i}@${domain}`,
      `    displayName: User ${i}`,
      `    jobTitle: Clerk`,
      `    department: Dept ${i % 12}`,
      `    usageLocation: SE`,
      ...(i > 0 ? [`    manager: user${Math.floor((i - 1) / 10)}@${domain}`] : []),
      `    licenses: [{ sku: SPE_E3, disabledPlans: [YAMMER_ENTERPRISE] }]`,
    );
  }
  lines.push('groups:');
  for (let g = 0; g < Math.max(1, Math.floor(count / 50)); g++) {
    lines.push(`  - mailNickname: team${g}`, `    type: security`, `    members:`);
    for (let m = g * 50; m < Math.min(count, g * 50 + 50); m++) lines.push(`      - user${m}@${domain}`);
  }
  return `${lines.join('\n')}\n`;
}

const BASELINE = `users:\n  - userPrincipalName: "breakglass@\${tenant.initialDomain}"\n    roles: [Global Administrator]\npolicy:\n  protected: ["breakglass@\${tenant.initialDomain}"]\n  maxDeletes: 5\n`;

async function writeTenant(dir: string, name: string, n: number, users: number): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'tenant.yaml'), tenantYaml(name, n));
  await writeFile(join(dir, name, 'users.yaml'), usersYaml(`${name}.com`, users));
}

async function timed(dir: string, expected: number): Promise<{ ms: number; diagnostics: number }> {
  const start = performance.now();
  const result = await loadTenants({ dir, repoRoot: join(dir, '..'), kinds });
  const ms = performance.now() - start;
  if (result.tenants.length !== expected) throw new Error(`expected ${expected} valid tenants, got ${result.tenants.length}`);
  return { ms, diagnostics: result.diagnostics.length };
}

export async function benchValidate(): Promise<Record<string, number | string>> {
  const root = await mkdtemp(join(tmpdir(), 'tenantform-bench-'));
  try {
    const big = join(root, 'big', 'tenants');
    const estate = join(root, 'estate', 'tenants');
    for (const dir of [big, estate]) {
      await mkdir(join(dir, '_baselines'), { recursive: true });
      await writeFile(join(dir, '_baselines', 'smb.yaml'), BASELINE);
    }
    await writeTenant(big, 'bigcorp', 1, BIG_TENANT_USERS);
    for (let i = 0; i < FOLDERS; i++) await writeTenant(estate, `customer-${String(i).padStart(4, '0')}`, i + 2, USERS_PER_FOLDER);

    const coldStart = performance.now();
    await loadTenants({ dir: join(root, 'missing'), kinds });
    const first = await timed(big, 1);
    const cold = performance.now() - coldStart;
    const bigRun = await timed(big, 1);
    const estateRun = await timed(estate, FOLDERS);
    return {
      'first load incl. schema compile (ms)': Math.round(cold),
      [`1 tenant, ${BIG_TENANT_USERS} users (ms)`]: Math.round(bigRun.ms),
      'users per second': Math.round(BIG_TENANT_USERS / (bigRun.ms / 1000)),
      [`${FOLDERS} tenants x ${USERS_PER_FOLDER} users (ms)`]: Math.round(estateRun.ms),
      'tenants per second': Math.round(FOLDERS / (estateRun.ms / 1000)),
      diagnostics: first.diagnostics + bigRun.diagnostics + estateRun.diagnostics,
      'heap used (MB)': Math.round(process.memoryUsage().heapUsed / 1048576),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
