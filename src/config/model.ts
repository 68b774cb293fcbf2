// The desired state of one tenant after loading, merging baselines and validating.
// PLACEHOLDER until the schema-generated types land: the config work replaces this file with types generated from
// schemas/ and keeps these exported names.

export interface TenantSection {
  name: string;
  tenantId: string;
  primaryDomain?: string;
  domains: string[];
  cloud?: 'global' | 'usgov' | 'usgovdod' | 'china';
  organization?: { id: string; name?: string };
}

export interface IgnoreRule {
  address: string;
  fields?: string[];
  reason: string;
  expires?: string;
}

export interface Policy {
  prune?: Record<string, boolean>;
  protected?: string[];
  maxDeletes?: number;
  ignore?: IgnoreRule[];
}

export interface TenantConfig {
  tenant: TenantSection;
  policy?: Policy;
  [section: string]: unknown;
}

/** A loaded tenant: its config plus where it came from, for diagnostics. */
export interface LoadedTenant {
  name: string;
  dir: string;
  config: TenantConfig;
  /** Maps a JSON path such as `users[3].usageLocation` to its source position. */
  locate(path: string): { file: string; line: number; column: number } | undefined;
}
