// How failures are told to the user: the service's own words, with the service and status when it answered.
import { ApiError } from '../clients/errors.js';

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.service} ${error.status} ${error.code}: ${error.message}`;
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export interface LiveTenant { id?: string; domains: string[] }

/** Reads the live tenant's id (the organization object's id in Graph) and its verified domains. */
export async function liveTenant(graph: { list<T>(path: string): Promise<T[]> }): Promise<LiveTenant> {
  const orgs = await graph.list<{ id?: string; verifiedDomains?: { name?: string }[] }>('/organization?$select=id,verifiedDomains');
  return { id: orgs[0]?.id, domains: (orgs[0]?.verifiedDomains ?? []).map((d) => String(d.name ?? '').toLowerCase()).filter(Boolean) };
}

/**
 * The token goes to the YAML's tenantId, so the ids always agree when that id exists; a tenantId copied from another
 * customer's folder is caught by the domains: none of the YAML's domains is verified in the tenant reached.
 */
export function tenantMismatch(yamlId: string, live: LiveTenant, yamlDomains: string[] = []): string | undefined {
  if (live.id === undefined || live.id.toLowerCase() !== yamlId.toLowerCase()) {
    return `tenantId mismatch: YAML says ${yamlId}, credentials reach ${live.id ?? '(no organization)'}`;
  }
  const wanted = yamlDomains.map((d) => d.toLowerCase());
  if (live.domains.length > 0 && wanted.length > 0 && !wanted.some((d) => live.domains.includes(d))) {
    return `tenantId mismatch: tenant ${yamlId} has none of the YAML's domains (${wanted.join(', ')}); it verifies ${live.domains.join(', ')}`;
  }
  return undefined;
}
