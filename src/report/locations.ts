// Where each drifted object is declared: the YAML file and line a reader of the drift report jumps to. Positions are
// known only while the tenant is loaded, so they are looked up at drift time and travel in drift.json (a merge of
// shards keeps them). Each kind's own `select` names the declared objects, so this cannot disagree with the diff.
import type { Kind } from '../kinds/contract.js';
import type { LoadedTenant, TenantConfig } from '../config/model.js';
import type { Change } from '../plan/types.js';
import type { SourceRef } from './types.js';

/** The config sections whose items a kind may select as they are (without wrapping them), by their path. */
function sections(config: TenantConfig): [string, unknown[] | undefined][] {
  return [
    ['users', config.users],
    ['groups', config.groups],
    ['mailboxes', config.mailboxes],
    ['contacts', config.contacts],
    ['partner.gdap', config.partner?.gdap],
    ['partner.seats', config.partner?.seats],
    ['azure.subscriptions', config.azure?.subscriptions],
  ];
}

/**
 * The config path of a declared object: its own `path` where the kind keeps one, else the place in the config of the
 * spec it wraps or is, found by identity (kinds select the loaded objects themselves, not copies).
 */
function pathOf(declared: unknown, config: TenantConfig): string | undefined {
  const o = declared as { path?: unknown; spec?: unknown };
  if (typeof o.path === 'string') return o.path;
  const target = o.spec ?? declared;
  if (target === config.partner?.adminLink) return 'partner.adminLink';
  for (const [name, list] of sections(config)) {
    const i = list?.indexOf(target) ?? -1;
    if (i >= 0) return `${name}[${i}]`;
  }
  return undefined;
}

/** Address → config path of every object the kinds select from the config; the first kind to claim one wins. */
export function declaredPaths(config: TenantConfig, kinds: readonly Kind[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const kind of kinds) {
    for (const d of kind.select(config)) {
      const address = kind.address(d);
      const path = pathOf(d, config);
      if (path && !paths.has(address)) paths.set(address, path);
    }
  }
  return paths;
}

/**
 * The YAML position of each changed object. An object the YAML does not declare (pruned) points at the prune setting
 * that removes it, which is where a reader would change their mind; without one it has no position.
 */
export function driftSources(loaded: LoadedTenant, kinds: readonly Kind[], changes: readonly Change[]): Record<string, SourceRef> {
  const paths = declaredPaths(loaded.config, kinds);
  const pruneKey = new Map(kinds.map((k) => [k.kind, k.pruneKey]));
  const out: Record<string, SourceRef> = {};
  for (const c of changes) {
    const declared = paths.get(c.address);
    const key = pruneKey.get(c.kind);
    const path = declared ?? (c.reason === 'pruned' && key ? `policy.prune.${key}` : undefined);
    const at = path ? loaded.locate(path) : undefined;
    if (at) out[c.address] = { file: at.file, line: at.line };
  }
  return out;
}
