// `tenantform report merge FILE...`: one plan or drift report from the shards of a matrix run.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { planChunks } from '../plan/render/index.js';
import { driftJsonChunks } from '../report/build.js';
import { linkOptionsFromEnv } from '../report/fix.js';
import { driftHtmlChunks } from '../report/html.js';
import { driftMarkdownChunks } from '../report/markdown.js';
import { mergeDocuments, type Merged } from '../report/merge.js';
import { defaultDeps, type CliDeps } from './common.js';
import { checkOutput, emit, saveOutput } from './output.js';

export interface MergeOptions {
  files: string[];
  out?: string;
  format?: 'json' | 'markdown' | 'text' | 'html';
}

/** The merged document in the asked format, as chunks; throws when the format does not fit the document. */
function mergedChunks(merged: Merged, format: NonNullable<MergeOptions['format']>, out?: string): Iterable<string> {
  if (merged.type === 'plan') {
    if (format === 'html') throw new Error('--format html is for drift reports; plans render as json, markdown or text');
    return planChunks(merged.plan, format, { markdown: { marker: 'tenantform-plan' } });
  }
  if (format === 'text') throw new Error('--format text is for plans; drift reports render as json, markdown or html');
  // Links to the YAML: into the commit on GitHub in CI, else relative to where the report is written.
  const links = linkOptionsFromEnv(process.env, out ? dirname(out) : undefined);
  if (format === 'html') return driftHtmlChunks(merged.report, { links });
  return format === 'markdown' ? driftMarkdownChunks(merged.report, { links }) : driftJsonChunks(merged.report);
}

export async function runReportMerge(opts: MergeOptions, deps: Pick<CliDeps, 'out' | 'err' | 'drain'> = defaultDeps()): Promise<number> {
  const format = opts.format ?? 'json';
  if (opts.out && !(await checkOutput(opts.out, '--out', deps))) return 1;
  let chunks: Iterable<string>;
  try {
    const inputs = await Promise.all(opts.files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
    chunks = mergedChunks(mergeDocuments(inputs), format, opts.out);
  } catch (error) {
    deps.err(`tenantform: report merge: ${(error as Error).message}\n`);
    return 1;
  }
  if (opts.out) return (await saveOutput(opts.out, chunks, '--out', deps)) ? 0 : 1;
  await emit(deps, chunks);
  return 0;
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('work with plans and drift reports');
  report
    .command('merge')
    .description('combine the JSON plans or drift reports of shards into one')
    .argument('<files...>', 'shard outputs (plan.json or drift.json)')
    .option('--out <file>', 'write here instead of stdout')
    .option('--format <format>', 'json | markdown | text (plans) | html (drift)', 'json')
    .action(async (files: string[], opts: Omit<MergeOptions, 'files'>) => {
      process.exitCode = await runReportMerge({ files, ...opts });
    });
}
