// The Microsoft Teams service limits of Graph (microsoft-graph-docs-contrib, concepts/throttling-limits.md, "Microsoft
// Teams service limits"), per app per tenant and per app across all tenants, in requests per second:
// - any Graph API call for Microsoft Teams: 15,000 requests every 10 seconds per app per tenant;
// - GET team, channel: 60 / 600 rps; POST/PUT channel: 30 / 300; PATCH team, channel: 30 / 300; DELETE channel:
//   15 / 150; GET /teams/{team-id}: 30 / 300; POST /teams/{team-id}, PUT /groups/{team-id}/team: 6 / 150;
// - "A maximum of 4 requests per second per app can be issued on a given team or channel."
// The page names no throttle headers for these limits: refusals carry Retry-After only.
import type { Limit } from '../throttle.js';

const SECOND = 1000;

function rps(key: string, capacity: number, windowMs = SECOND): Limit {
  return { key, capacity, windowMs, units: 1, headers: {}, message: 'Too many requests: the Microsoft Teams limit for this request type is reached. Retry after the time in Retry-After.' };
}

/** The request type of a Teams request (its row of the table), or undefined when the path is none of Teams'. */
function requestType(method: string, segs: string[]): { name: string; perTenant: number; perApp: number } | undefined {
  const m = method.toUpperCase();
  if (segs[0] === 'groups' && segs[2] === 'team' && segs.length === 3) return m === 'PUT' ? { name: 'create', perTenant: 6, perApp: 150 } : undefined;
  if (segs[0] !== 'teams' || segs.length < 2) return undefined;
  if (segs.length === 2) {
    if (m === 'GET') return { name: 'get-team', perTenant: 30, perApp: 300 };
    if (m === 'PATCH') return { name: 'patch', perTenant: 30, perApp: 300 };
    return { name: 'create', perTenant: 6, perApp: 150 };
  }
  if (m === 'GET') return { name: 'get', perTenant: 60, perApp: 600 };
  if (m === 'POST' || m === 'PUT') return { name: 'post', perTenant: 30, perApp: 300 };
  if (m === 'PATCH') return { name: 'patch', perTenant: 30, perApp: 300 };
  return { name: 'delete', perTenant: 15, perApp: 150 };
}

/** The Teams limits a request is charged against (narrowest first), or undefined for a request that is not Teams'. */
export function teamsLimits(method: string, segs: string[], app: string, tenant: string): Limit[] | undefined {
  const type = requestType(method, segs);
  if (!type) return undefined;
  // The team (or channel) the request is issued on: its id is the group's, so PUT /groups/{id}/team counts on it too.
  const target = segs[0] === 'teams' && segs[2] === 'channels' && segs[3] ? `${segs[1]}/${segs[3]}` : segs[1];
  return [
    rps(`teams/target/${app}|${target}`, 4),
    rps(`teams/${type.name}/${app}|${tenant}`, type.perTenant),
    rps(`teams/any/${app}|${tenant}`, 15_000, 10 * SECOND),
    rps(`teams/${type.name}/${app}`, type.perApp),
  ];
}
