// `tenantform report merge FILE...`: one plan or drift report from the shards of a matrix run.
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { renderPlan, type PlanFormat } from '../plan/render/index.js';
import { renderDriftJson } from '../report/build.js';
import { renderDriftHtml } from '../report/html.js';
import { renderDriftMarkdown } from '../report/markdown.js';
import { mergeDocuments } from '../report/merge.js';
import { defaultDeps, type CliDeps } from './common.js';

export interface MergeOptions {
  files: string[];
  out?: string;
  format?: 'json' | 'markdown' | 'text' | 'html';
}

export async function runReportMerge(opts: MergeOptions, deps: Pick<CliDeps, 'out' | 'err'> = defaultDeps()): Promise<number> {
  const format = opts.format ?? 'json';
  try {
    const inputs = await Promise.all(opts.files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
    const merged = mergeDocuments(inputs);
    let text: string;
    if (merged.type === 'plan') {
      if (format === 'html') throw new Error('--format html is for drift reports; plans render as json, markdown or text');
      text = renderPlan(merged.plan, format as PlanFormat, { markdown: { marker: 'tenantform-plan' } });
    } else {
      if (format === 'text') throw new Error('--format text is for plans; drift reports render as json, markdown or html');
      text = format === 'html' ? renderDriftHtml(merged.report) : format === 'markdown' ? renderDriftMarkdown(merged.report) : renderDriftJson(merged.report);
    }
    if (opts.out) await writeFile(opts.out, text);
    else deps.out(text);
    return 0;
  } catch (error) {
    deps.err(`tenantform: report merge: ${(error as Error).message}\n`);
    return 1;
  }
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
