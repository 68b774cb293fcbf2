// Endpoints of the national clouds. A tenant's `cloud` picks one row; nothing else in tenantform spells a host.

export type CloudName = 'global' | 'usgov' | 'usgovdod' | 'china';
export type Resource = 'graph' | 'exchange' | 'arm' | 'partner';

export interface CloudEndpoints {
  login: string;
  graph: string;
  exchange: string;
  arm: string;
  /** Partner Center exists only in the global cloud; partner calls in other clouds fail clearly. */
  partner?: string;
}

export const CLOUDS: Record<CloudName, CloudEndpoints> = {
  global: {
    login: 'login.microsoftonline.com',
    graph: 'graph.microsoft.com',
    exchange: 'outlook.office365.com',
    arm: 'management.azure.com',
    partner: 'api.partnercenter.microsoft.com',
  },
  usgov: {
    login: 'login.microsoftonline.us',
    graph: 'graph.microsoft.us',
    exchange: 'outlook.office365.us',
    arm: 'management.usgovcloudapi.net',
  },
  usgovdod: {
    login: 'login.microsoftonline.us',
    graph: 'dod-graph.microsoft.us',
    exchange: 'webmail.apps.mil',
    arm: 'management.usgovcloudapi.net',
  },
  china: {
    login: 'login.chinacloudapi.cn',
    graph: 'microsoftgraph.chinacloudapi.cn',
    exchange: 'partner.outlook.cn',
    arm: 'management.chinacloudapi.cn',
  },
};

export function cloudEndpoints(cloud: CloudName | undefined): CloudEndpoints {
  const c = CLOUDS[cloud ?? 'global'];
  if (!c) throw new Error(`unknown cloud "${String(cloud)}": expected one of ${Object.keys(CLOUDS).join(', ')}`);
  return c;
}

/** The host that serves `resource` in `cloud`, or an error naming what is missing. */
export function resourceHost(cloud: CloudName | undefined, resource: Resource): string {
  const host = cloudEndpoints(cloud)[resource];
  if (!host) throw new Error(`${resource} is not available in the ${cloud ?? 'global'} cloud`);
  return host;
}

/** The client-credentials scope of a resource: its origin plus `/.default`. */
export function resourceScope(cloud: CloudName | undefined, resource: Resource): string {
  return `https://${resourceHost(cloud, resource)}/.default`;
}

/**
 * SharePoint Online's own hosts for a tenant: `<name>.sharepoint.com` (sites), `<name>-admin.sharepoint.com` (the
 * tenant admin API) and `<name>-my.sharepoint.com` (OneDrive), `<name>` being the first label of the tenant's initial
 * `.onmicrosoft.com` domain, each with its own token audience (`https://<host>`). Only the global cloud's suffix is
 * known to tenantform; elsewhere the SharePoint kinds fail clearly rather than call a guessed host.
 */
export interface SharePointHosts { root: string; admin: string; my: string }

const SHAREPOINT_SUFFIX: Partial<Record<CloudName, string>> = { global: 'sharepoint.com' };

export function sharePointHosts(cloud: CloudName | undefined, domains: readonly string[]): SharePointHosts {
  const suffix = SHAREPOINT_SUFFIX[cloud ?? 'global'];
  if (!suffix) throw new Error(`SharePoint Online is not available to tenantform in the ${cloud ?? 'global'} cloud`);
  const initial = domains.find((d) => d.toLowerCase().endsWith('.onmicrosoft.com'));
  if (!initial) throw new Error('the tenant declares no .onmicrosoft.com domain, which names its SharePoint hosts (add it to tenant.domains)');
  const name = initial.split('.')[0]!.toLowerCase();
  return { root: `${name}.${suffix}`, admin: `${name}-admin.${suffix}`, my: `${name}-my.${suffix}` };
}
