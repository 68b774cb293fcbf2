// Cross-tenant identity checks: no two folders may name the same tenantId or the same domain. They hold whatever the
// command selects, so the folders left out of a selection still have their identity read (tenant.yaml's tenantId
// and domains, a small read) and a duplicate is reported on the selected tenant before anything is contacted.
import { join } from 'node:path';
import type { Diagnostic } from '../plan/types.js';
import { confinedPath, displayPath, type ResolveContext } from './baselines.js';
import type { LoadedTenant, SourceLocation } from './model.js';
import { isPlainObject } from './positions.js';
import { readYamlFile } from './yaml-file.js';

interface Located {
  value: string;
  at?: SourceLocation;
  path: string;
}

export interface TenantIdentity {
  name: string;
  selected: boolean;
  tenantId?: Located;
  domains: Located[];
  /** Where errors about a selected tenant go (its diagnostics list); absent for folders outside the selection. */
  diagnostics?: Diagnostic[];
}

export function identityOf(t: LoadedTenant, diagnostics: Diagnostic[]): TenantIdentity {
  const { tenantId, domains } = t.config.tenant;
  return {
    name: t.name,
    selected: true,
    tenantId: { value: tenantId, at: t.locate('tenant.tenantId'), path: 'tenant.tenantId' },
    domains: domains.map((d, i) => ({ value: d, at: t.locate(`tenant.domains[${i}]`), path: `tenant.domains[${i}]` })),
    diagnostics,
  };
}

/**
 * The identity of a folder outside the selection, from its tenant.yaml. A folder whose tenant.yaml cannot be read
 * yields none: its own errors are reported when it is selected, and a full load reports them anyway.
 */
export async function readIdentity(dir: string, name: string, ctx: ResolveContext): Promise<TenantIdentity | undefined> {
  const abs = join(dir, 'tenant.yaml');
  const { real } = await confinedPath(abs, ctx.repoRoot);
  if (!real) return undefined;
  const parsed = await readYamlFile(real, displayPath(abs), ctx.sp).catch(() => undefined);
  const doc = parsed?.value;
  const tenant = isPlainObject(doc) ? doc.tenant : undefined;
  if (!isPlainObject(doc) || !isPlainObject(tenant)) return undefined;
  const located = (path: string, value: unknown): Located[] =>
    typeof value === 'string' ? [{ value, at: ctx.sp.locate(doc, path), path }] : [];
  const domains = Array.isArray(tenant.domains) ? tenant.domains.flatMap((d, i) => located(`tenant.domains[${i}]`, d)) : [];
  return { name, selected: false, tenantId: located('tenant.tenantId', tenant.tenantId)[0], domains };
}

const where = (l: Located): string => (l.at ? `${l.at.file}:${l.at.line}:${l.at.column}` : l.path);

function report(target: TenantIdentity, mine: Located, other: TenantIdentity, theirs: Located, what: string): void {
  target.diagnostics?.push({
    ...mine.at,
    severity: 'error',
    summary: `${mine.path}: ${mine.value} is also the ${what} of tenant "${other.name}" (${where(theirs)})`,
    path: mine.path,
  });
}

/** One key per tenant (tenantId, or each domain): the later folder is flagged, or the selected one when only it is. */
function checkKey(identities: TenantIdentity[], keys: (t: TenantIdentity) => Located[], what: string): void {
  const first = new Map<string, { t: TenantIdentity; l: Located }>();
  for (const t of identities) {
    for (const l of keys(t)) {
      const k = l.value.toLowerCase();
      const seen = first.get(k);
      if (!seen) {
        first.set(k, { t, l });
        continue;
      }
      if (seen.t === t) continue;
      if (t.selected) report(t, l, seen.t, seen.l, what);
      else if (seen.t.selected) report(seen.t, seen.l, t, l, what);
    }
  }
}

/** `identities` in folder-name order; errors land in the selected tenants' diagnostics. */
export function checkIdentities(identities: TenantIdentity[]): void {
  checkKey(identities, (t) => (t.tenantId ? [t.tenantId] : []), 'tenantId');
  checkKey(identities, (t) => t.domains, 'domain');
}
