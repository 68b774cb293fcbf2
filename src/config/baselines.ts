// Baselines named by `extends`: resolved relative to the file naming them, confined to the repository root, parsed
// once per run (then cloned per tenant), nested extends applied first, cycles reported.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../plan/types.js';
import { mergeValues, type MergeContext } from './merge.js';
import { cloneLocated, isPlainObject, type SourcePositions } from './positions.js';
import { errorAt, readYamlFile } from './yaml-file.js';

export interface ResolveContext extends MergeContext {
  repoRoot: string;
  sp: SourcePositions;
  cache: Map<string, Promise<{ value?: unknown; diagnostics: Diagnostic[] }>>;
}

export const displayPath = (abs: string): string => relative(process.cwd(), abs) || '.';

export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Resolves a path and checks, through symlinks, that it stays inside the repository. */
export async function confinedPath(abs: string, repoRoot: string): Promise<{ real?: string; problem?: string }> {
  if (!isInside(repoRoot, abs)) return { problem: 'is outside the repository root' };
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    return { problem: 'does not exist' };
  }
  if (!isInside(repoRoot, real)) return { problem: 'resolves outside the repository root (through a symbolic link)' };
  return { real };
}

/**
 * Loads the baselines listed in `doc.extends` (doc read from `file`) and merges them, in order, into one value that
 * the caller then overrides with the tenant's own values. `stack` holds the real paths being loaded (cycle check).
 */
export async function loadExtends(
  doc: Record<string, unknown>,
  file: string,
  ctx: ResolveContext,
  stack: string[],
  diagnostics: Diagnostic[],
  used: Set<string>,
): Promise<Record<string, unknown>> {
  let merged: Record<string, unknown> = {};
  const list = doc.extends;
  if (list === undefined) return merged;
  const at = (i: number | undefined) =>
    (i === undefined ? ctx.sp.child(doc, 'extends') : ctx.sp.child(list as object, i)) ?? { file: displayPath(file), line: 1, column: 1 };
  if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) {
    const p = at(undefined);
    diagnostics.push(errorAt(p.file, p.line, p.column, 'extends: must be a list of relative paths to baseline files', 'extends'));
    return merged;
  }
  for (const [i, entry] of (list as string[]).entries()) {
    const pos = at(i);
    const fail = (msg: string) => diagnostics.push(errorAt(pos.file, pos.line, pos.column, `extends[${i}]: ${msg}`, `extends[${i}]`));
    const { real, problem } = await confinedPath(resolve(dirname(file), entry), ctx.repoRoot);
    if (!real) {
      fail(`baseline "${entry}" ${problem}`);
      continue;
    }
    if (stack.includes(real)) {
      fail(`extends cycle: ${[...stack.slice(stack.indexOf(real)), real].map(displayPath).join(' → ')}`);
      continue;
    }
    used.add(real);
    const loaded = await loadBaseline(real, ctx, [...stack, real], diagnostics, used);
    if (loaded) merged = mergeValues(merged, loaded, ctx) as Record<string, unknown>;
  }
  return merged;
}

async function loadBaseline(
  real: string,
  ctx: ResolveContext,
  stack: string[],
  diagnostics: Diagnostic[],
  used: Set<string>,
): Promise<Record<string, unknown> | undefined> {
  let pending = ctx.cache.get(real);
  if (!pending) {
    pending = readYamlFile(real, displayPath(real), ctx.sp);
    ctx.cache.set(real, pending);
  }
  const parsed = await pending;
  for (const d of parsed.diagnostics) if (!diagnostics.includes(d)) diagnostics.push(d);
  if (parsed.value == null) return undefined;
  if (!isPlainObject(parsed.value)) {
    diagnostics.push(errorAt(displayPath(real), 1, 1, 'a baseline must be a map of sections (tenant, users, ...)'));
    return undefined;
  }
  const own = cloneLocated(parsed.value, ctx.sp);
  const parents = await loadExtends(own, real, ctx, stack, diagnostics, used);
  delete own.extends;
  return mergeValues(parents, own, ctx) as Record<string, unknown>;
}
