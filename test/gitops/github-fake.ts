// A fake GitHub REST API on 127.0.0.1 that answers exactly the calls the plan/apply flow makes: open and single pull
// requests, their reviews and comments, the pull requests of a commit, artifacts by name and their download (a
// redirect to the archive, as GitHub answers). Any other URL, or a call without the token, is answered 599 and
// recorded in `unexpected`, which the tests require to stay empty.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Pull {
  number: number; state: 'open' | 'closed'; head: { sha: string }; html_url: string;
  mergeable: boolean | null; mergeable_state: string; merged_at: string | null;
}
export interface Comment { id: number; user: { login: string; type: 'Bot' | 'User' }; body: string }
export interface Review { user: { login: string }; state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED'; commit_id: string }
export interface Artifact { id: number; name: string; expired: boolean; created_at: string; workflow_run: { head_sha: string }; zip: Buffer }

export const REPO = 'contoso-msp/tenants';
export const TOKEN = 'ghs_fake-token-for-tests';

export interface FakeGitHub {
  url: string;
  pulls: Map<number, Pull>;
  comments: Map<number, Comment[]>;
  reviews: Map<number, Review[]>;
  commitPulls: Map<string, number[]>;
  artifacts: Artifact[];
  unexpected: string[];
  close(): Promise<void>;
}

const body = async (req: IncomingMessage): Promise<{ body?: string }> => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as { body?: string }) : {};
};

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const fake = {
    pulls: new Map<number, Pull>(), comments: new Map<number, Comment[]>(), reviews: new Map<number, Review[]>(),
    commitPulls: new Map<string, number[]>(), artifacts: [] as Artifact[], unexpected: [] as string[],
  };
  let nextComment = 1000;
  const page = <T>(items: T[], q: URLSearchParams): T[] => {
    const per = Number(q.get('per_page') ?? 30);
    const n = Number(q.get('page') ?? 1);
    return items.slice((n - 1) * per, n * per);
  };
  const prefix = `/repos/${REPO}`;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const send = (status: number, data?: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(data === undefined ? '' : JSON.stringify(data));
      };
      const blob = /^\/blob\/(\d+)$/.exec(url.pathname);
      if (blob) {
        const a = fake.artifacts.find((x) => x.id === Number(blob[1]));
        if (a) return void res.writeHead(200, { 'content-type': 'application/zip' }).end(a.zip);
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}` || !url.pathname.startsWith(prefix)) {
        fake.unexpected.push(`${req.method} ${req.url}`);
        return send(599, { message: 'unexpected call' });
      }
      const key = `${req.method} ${path}`;
      let m: RegExpExecArray | null;
      if (key === 'GET /pulls' && url.searchParams.get('state') === 'open') {
        return send(200, page([...fake.pulls.values()].filter((p) => p.state === 'open'), url.searchParams));
      }
      if ((m = /^GET \/pulls\/(\d+)$/.exec(key)) && fake.pulls.has(Number(m[1]))) return send(200, fake.pulls.get(Number(m[1])));
      if ((m = /^GET \/pulls\/(\d+)\/reviews$/.exec(key))) return send(200, page(fake.reviews.get(Number(m[1])) ?? [], url.searchParams));
      if ((m = /^GET \/issues\/(\d+)\/comments$/.exec(key))) return send(200, page(fake.comments.get(Number(m[1])) ?? [], url.searchParams));
      if ((m = /^POST \/issues\/(\d+)\/comments$/.exec(key))) {
        const c: Comment = { id: nextComment++, user: { login: 'github-actions[bot]', type: 'Bot' }, body: String((await body(req)).body) };
        fake.comments.set(Number(m[1]), [...(fake.comments.get(Number(m[1])) ?? []), c]);
        return send(201, c);
      }
      if ((m = /^PATCH \/issues\/comments\/(\d+)$/.exec(key))) {
        const c = [...fake.comments.values()].flat().find((x) => x.id === Number(m?.[1]));
        if (c) {
          c.body = String((await body(req)).body);
          return send(200, c);
        }
      }
      if ((m = /^GET \/commits\/([0-9a-f]{40})\/pulls$/.exec(key))) {
        return send(200, (fake.commitPulls.get(m[1] as string) ?? []).map((n) => fake.pulls.get(n)));
      }
      if (key === 'GET /actions/artifacts' && url.searchParams.get('name')) {
        const list = fake.artifacts.filter((a) => a.name === url.searchParams.get('name')).map(({ zip: _zip, ...a }) => a);
        return send(200, { total_count: list.length, artifacts: page(list, url.searchParams) });
      }
      if ((m = /^GET \/actions\/artifacts\/(\d+)\/zip$/.exec(key))) return send(302, undefined, { location: `/blob/${m[1]}` });
      fake.unexpected.push(`${req.method} ${req.url}`);
      send(599, { message: 'unexpected call' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { ...fake, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
