// Emulator tokens, raw requests for checking the wire, and a fetch-based RestApi that resolves Partner Center's
// `links.next` uri under /v1 as the service means it (createRestClient resolves it against the origin).
import type { RestApi } from '../../src/kinds/azure/api.js';
import { odataError, partnerCenterError, readBody } from '../../src/clients/service-errors.js';
import { appToken, TEST_APP } from '../support/world.js';

export type Audience = 'https://graph.microsoft.com' | 'https://management.azure.com' | 'https://api.partnercenter.microsoft.com';

export function emulatorToken(url: string, tenantId: string, audience: Audience): Promise<string> {
  return appToken(url, tenantId, TEST_APP, `${audience}/.default`);
}

interface Page { value?: unknown[]; items?: unknown[]; nextLink?: string; '@odata.nextLink'?: string; links?: { next?: { uri: string; headers?: { key: string; value: string }[] } } }

export function testRestApi(url: string, tenantId: string, service: 'arm' | 'partnerCenter'): RestApi {
  const audience: Audience = service === 'arm' ? 'https://management.azure.com' : 'https://api.partnercenter.microsoft.com';
  let token: string | undefined;
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> => {
    token ??= await emulatorToken(url, tenantId, audience);
    const target = /^https?:/.test(path) ? path : `${url}${path}`;
    const res = await fetch(target, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });
    const parsed = await readBody(res);
    if (!res.ok) throw (service === 'arm' ? odataError : partnerCenterError)(service, res.status, res.headers, parsed);
    return parsed;
  };
  return {
    get: async <T>(p: string, o?: { headers?: Record<string, string> }) => (await send('GET', p, undefined, o?.headers)) as T,
    async list<T>(p: string): Promise<T[]> {
      const out: T[] = [];
      let next: { path: string; headers?: Record<string, string> } | undefined = { path: p };
      while (next) {
        const page = (await send('GET', next.path, undefined, next.headers)) as Page;
        out.push(...((page.value ?? page.items ?? []) as T[]));
        const link = page.nextLink ?? page['@odata.nextLink'];
        const pc = page.links?.next;
        next = link ? { path: link }
          : pc ? { path: pc.uri.startsWith('/v1/') ? pc.uri : `/v1${pc.uri}`, headers: Object.fromEntries((pc.headers ?? []).map((h) => [h.key, h.value])) }
            : undefined;
      }
      return out;
    },
    post: async <T>(p: string, b: unknown, o?: { headers?: Record<string, string> }) => (await send('POST', p, b, o?.headers)) as T,
    put: async <T>(p: string, b: unknown, o?: { headers?: Record<string, string> }) => (await send('PUT', p, b, o?.headers)) as T,
    patch: async <T>(p: string, b: unknown, o?: { headers?: Record<string, string> }) => (await send('PATCH', p, b, o?.headers)) as T,
    async delete(p: string, o?: { headers?: Record<string, string> }) {
      await send('DELETE', p, undefined, o?.headers);
    },
  };
}

/** One raw request with a token of the tenant: status, headers and parsed body, for checking the wire. */
export async function call(url: string, tenantId: string, audience: Audience, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const token = await emulatorToken(url, tenantId, audience);
  const res = await fetch(`${url}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  });
  const parsed = (await readBody(res)) as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: parsed ?? {} };
}
