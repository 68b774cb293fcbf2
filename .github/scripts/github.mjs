// The few GitHub REST calls the plan/apply flow makes, with the workflow's token, and the markers by which the scripts
// find the sticky plan comment and read what it records. Plain Node (no dependencies, no build), so a job can run it
// before or without `npm ci`; the API base comes from GITHUB_API_URL, which the tests point at a local fake.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { Buffer } from 'node:buffer';

/** The renderer's marker: the sticky comment is the bot's comment that carries it. */
export const PLAN_MARKER = '<!-- tenantform-plan -->';
/** The head commit the comment's plan was made for (the artifact is named for it). */
export const headMarker = (sha) => `<!-- tenantform-head: ${sha} -->`;
/** The tenants this pull request holds locked: planned here, so refused to the plans of other open pull requests. */
export const lockMarker = (names) => `<!-- tenantform-lock: ${names.join(',')} -->`;
/** The artifact the pull-request plan job saves and every apply downloads. */
export const artifactName = (sha) => `tenantform-plan-${sha}`;

/** A refusal the scripts print as the reason and exit 1 on; any other error is a bug or an outage. */
export class Refusal extends Error {}

export function client(env = process.env) {
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !env.GITHUB_TOKEN) throw new Error('GITHUB_REPOSITORY and GITHUB_TOKEN must be set');
  const headers = { authorization: `Bearer ${env.GITHUB_TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

  async function call(method, path, body) {
    const res = await globalThis.fetch(`${api}/repos/${repo}${path}`, {
      method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`GitHub ${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.status === 204 ? undefined : res.json();
  }

  /** Every page of a list (100 a page; a short page is the last). */
  async function all(path, pick = (page) => page) {
    const items = [];
    for (let page = 1; ; page++) {
      const got = pick(await call('GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`));
      items.push(...got);
      if (got.length < 100) return items;
    }
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    all,
    /** The newest unexpired artifact of that name made for that head commit, or undefined. */
    async artifact(sha) {
      const list = await all(`/actions/artifacts?name=${encodeURIComponent(artifactName(sha))}`, (p) => p.artifacts);
      const fit = list.filter((a) => !a.expired && a.name === artifactName(sha) && (a.workflow_run?.head_sha ?? sha) === sha);
      return fit.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))[0];
    },
    /** One file of an artifact's zip (the API answers with a redirect to the archive; fetch follows it). */
    async artifactFile(id, file) {
      const res = await globalThis.fetch(`${api}/repos/${repo}/actions/artifacts/${id}/zip`, { headers });
      if (!res.ok) throw new Error(`GitHub artifact ${id}: ${res.status}`);
      const dir = mkdtempSync(join(tmpdir(), 'tenantform-artifact-'));
      try {
        writeFileSync(join(dir, 'a.zip'), Buffer.from(await res.arrayBuffer()));
        return execFileSync('unzip', ['-p', join(dir, 'a.zip'), file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      } catch (error) {
        throw new Refusal(`the artifact has no readable ${file}: ${error.message.split('\n')[0]}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The bot's sticky plan comment of a pull request, or undefined. */
export async function planComment(gh, pr) {
  const comments = await gh.all(`/issues/${pr}/comments`);
  return comments.find((c) => c.user?.type === 'Bot' && typeof c.body === 'string' && c.body.includes(PLAN_MARKER));
}

/** What a plan comment records: the plan digest, the head commit and the locked tenants. */
export function readComment(body) {
  const digest = /Plan digest: `?(sha256:[0-9a-f]{64})`?/.exec(body)?.[1];
  const head = /<!-- tenantform-head: ([0-9a-f]{40}) -->/.exec(body)?.[1];
  const lock = /<!-- tenantform-lock: ([^\s>]*) -->/.exec(body)?.[1];
  return { digest, head, locked: lock ? lock.split(',').filter(Boolean) : [] };
}

/** `--name value` pairs and bare `--flag`s. */
export function args(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) out._.push(a);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  return out;
}

/** Appends to the job summary and outputs when the runner provides them. */
export const summary = (text) => process.env.GITHUB_STEP_SUMMARY && appendFileSync(process.env.GITHUB_STEP_SUMMARY, text);
export const output = (name, value) => process.env.GITHUB_OUTPUT && appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);

/** Runs a script's body: a refusal is printed (and written to `refusalFile`, for a comment) and exits 1. */
export async function main(body, refusalFile) {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`tenantform: refusing: ${error.message}\n`);
    summary(`### Refused\n\n${error.message}\n`);
    if (refusalFile) writeFileSync(refusalFile, `**tenantform: refused.** ${error.message}\n`);
    process.exitCode = 1;
  }
}
