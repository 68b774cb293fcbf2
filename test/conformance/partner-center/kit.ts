// A partner with one customer, an Admin Agent who holds Cloud Application Administrator there through GDAP, a
// partner user who is not an Admin Agent, their refresh tokens, and helpers for the token endpoint and Partner Center.
import type { SeedDocument } from '../../../src/emulator/seed.js';

export const PARTNER = '11111111-0000-4000-8000-0000000000aa';
export const CUSTOMER = '6b1a3c6e-0000-4000-8000-0000000000c1';
export const OTHER = '6b1a3c6e-0000-4000-8000-0000000000c2';
export const APP = 'a0000000-0000-4000-8000-00000000000a';
export const APP_SECRET = 'partner-app-secret';
export const AGENT_RT = 'rt-agent-0000000000000000000000';
export const HELPER_RT = 'rt-helper-000000000000000000000';
export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';

export function consentSeed(o: { gdapStatus?: string; roles?: string[]; adminAgent?: boolean } = {}): SeedDocument {
  const roles = o.roles ?? ['Cloud Application Administrator'];
  const customer = (tenantId: string, name: string) => ({ tenantId, displayName: name, domains: [`${name.toLowerCase()}.onmicrosoft.com`], skus: [] });
  return {
    tenants: [customer(CUSTOMER, 'Contoso'), customer(OTHER, 'Fabrikam')],
    partner: {
      tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      apps: [{ clientId: APP, displayName: 'tenantform', clientSecret: APP_SECRET }],
      users: [{ userPrincipalName: 'agent@partner.onmicrosoft.com' }, { userPrincipalName: 'helper@partner.onmicrosoft.com' }],
      groups: [
        { displayName: 'AdminAgents', members: o.adminAgent === false ? [] : ['agent@partner.onmicrosoft.com'] },
        { displayName: 'Consenters', members: ['agent@partner.onmicrosoft.com', 'helper@partner.onmicrosoft.com'] },
      ],
      gdapRelationships: [{
        displayName: 'contoso-onboarding', customerTenantId: CUSTOMER, status: o.gdapStatus ?? 'active', roles,
        accessAssignments: [{ group: 'Consenters', roles }],
      }],
      refreshTokens: [
        { token: AGENT_RT, user: 'agent@partner.onmicrosoft.com', clientId: APP },
        { token: HELPER_RT, user: 'helper@partner.onmicrosoft.com', clientId: APP },
      ],
    },
  };
}

export interface Answer { status: number; body: Record<string, unknown> }

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function tokenCall(url: string, tenant: string, form: Record<string, string>): Promise<Answer> {
  return answer(await fetch(`${url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
  }));
}

/** An App+User token for Partner Center from a partner user's refresh token. */
export async function userToken(url: string, refreshToken = AGENT_RT): Promise<string> {
  const got = await tokenCall(url, PARTNER, {
    grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: refreshToken,
    scope: 'https://api.partnercenter.microsoft.com/.default offline_access',
  });
  if (got.status !== 200) throw new Error(`refresh grant: ${JSON.stringify(got.body)}`);
  return String(got.body.access_token);
}

/** An app-only token of the partner app for Partner Center. */
export async function appToken(url: string): Promise<string> {
  const got = await tokenCall(url, PARTNER, { grant_type: 'client_credentials', client_id: APP, client_secret: APP_SECRET, scope: 'https://api.partnercenter.microsoft.com/.default' });
  return String(got.body.access_token);
}

export function partnerCenter(url: string, bearer: string) {
  return async (method: string, path: string, body?: unknown): Promise<Answer> => answer(await fetch(`${url}/v1${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

export const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
