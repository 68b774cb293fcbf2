// How failures are told to the user: the service's own words, with the service and status when it answered.
import { ApiError } from '../clients/errors.js';

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.service} ${error.status} ${error.code}: ${error.message}`;
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Reads the live tenant id; the organization object's id is the tenant id in Graph. */
export async function liveTenantId(graph: { list<T>(path: string): Promise<T[]> }): Promise<string | undefined> {
  const orgs = await graph.list<{ id?: string }>('/organization?$select=id,verifiedDomains');
  return orgs[0]?.id;
}

export function tenantMismatch(yamlId: string, liveId: string | undefined): string | undefined {
  if (liveId !== undefined && liveId.toLowerCase() === yamlId.toLowerCase()) return undefined;
  return `tenantId mismatch: YAML says ${yamlId}, credentials reach ${liveId ?? '(no organization)'}`;
}
