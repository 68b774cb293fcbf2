// What a reader of the drift report does next, shared by drift.md and drift.html: a link to the YAML that declares
// each drifted object, a one-line summary of an object still to create, and the ways to resolve each drift.
import { posix, relative, sep } from 'node:path';
import { formatValue } from '../plan/render/common.js';
import type { DriftObject, SourceRef } from './types.js';

/** How links to the YAML are made: into the commit on GitHub when known, else relative to the report's folder. */
export interface LinkOptions {
  github?: { server: string; repository: string; sha: string };
  /** The folder the report is written to, relative to the working directory (links are relative to it). */
  fromDir?: string;
}

/**
 * From the variables GitHub Actions sets. The server must be http(s): the value lands in an href, and a report
 * opened from a mail must not carry a `javascript:` link.
 */
export function linkOptionsFromEnv(env: NodeJS.ProcessEnv, fromDir?: string): LinkOptions {
  const server = env.GITHUB_SERVER_URL?.replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  const github = server && /^https?:\/\//i.test(server) && repository && sha ? { server, repository, sha } : undefined;
  return { ...(github ? { github } : {}), ...(fromDir ? { fromDir } : {}) };
}

/** Each segment percent-encoded, parentheses too, so that the href also stands inside a markdown link. */
const encodePath = (p: string): string =>
  p.split('/').map((seg) => encodeURIComponent(seg).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

/** The href of an object's YAML line. A file outside the checkout (a `..` path) can only be linked relatively. */
export function sourceHref(src: SourceRef, opts: LinkOptions = {}): string {
  const file = src.file.split(sep).join('/').replace(/^\.\//, '');
  const anchor = `#L${src.line}`;
  if (opts.github && !file.startsWith('../') && !posix.isAbsolute(file)) {
    const { server, repository, sha } = opts.github;
    return `${server}/${repository}/blob/${encodeURIComponent(sha)}/${encodePath(file)}${anchor}`;
  }
  const rel = opts.fromDir ? relative(opts.fromDir, src.file).split(sep).join('/') : file;
  return `${encodePath(rel)}${anchor}`;
}

/** `users.yaml:12`: short enough for a narrow column; the full path is in the link. */
export function sourceLabel(src: SourceRef): string {
  return `${posix.basename(src.file.split(sep).join('/'))}:${src.line}`;
}

/**
 * What follows "pending create" on the one row of an object still to create: what identifies it to a reader and how
 * many fields apply will set, never the fields themselves (a new user's password among them).
 */
export function createSummary(o: DriftObject): string {
  const name = o.fields.find((f) => f.path === 'displayName' && !f.sensitive && typeof f.desired === 'string');
  const n = o.fields.length;
  return [name ? formatValue(name.desired) : '', n > 0 ? `${n} field${n === 1 ? '' : 's'} to set` : ''].filter(Boolean).join(', ');
}

/** One way to resolve a drift; `snippet` is YAML to paste as it stands. */
export interface FixStep {
  text: string;
  snippet?: string;
}

/** The `policy.ignore` entry that accepts the live values of these fields (only updates can be accepted). */
export function ignoreSnippet(o: DriftObject): string {
  const fields = o.fields.map((f) => JSON.stringify(f.path)).join(', ');
  return `- { address: ${JSON.stringify(o.address)}, fields: [${fields}], reason: "why the live value is right" }`;
}

export function howToFix(o: DriftObject): FixStep[] {
  if (o.drift === 'missing') {
    return [{ text: 'apply creates it (`tenantform apply`)' }, { text: 'or remove it from the YAML if it should not exist' }];
  }
  if (o.drift === 'unwanted') {
    return [{ text: 'apply deletes it (`tenantform apply`)' }, { text: 'or, to keep it, declare it in the YAML without `ensure: absent`, or stop pruning its kind in `policy.prune`' }];
  }
  if (o.action === 'replace') {
    return [{ text: "re-apply to restore the YAML's value; this replaces the object (`tenantform apply`)" }, { text: 'or change the YAML to the live value' }];
  }
  return [
    { text: "re-apply to restore the YAML's value (`tenantform apply`)" },
    { text: 'or accept the live value: add under `policy.ignore`', snippet: ignoreSnippet(o) },
    { text: 'or change the YAML to the live value' },
  ];
}
