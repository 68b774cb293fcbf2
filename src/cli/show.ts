// `tenantform show PLAN`: renders a saved plan without touching any tenant.
import type { Command } from 'commander';
import { readPlanFile } from '../plan/read.js';
import { PLAN_FORMATS, planChunks, type PlanFormat } from '../plan/render/index.js';
import type { Plan } from '../plan/types.js';
import { defaultDeps, useColor, type CliDeps } from './common.js';
import { emit } from './output.js';

export interface ShowOptions {
  plan: string;
  format?: PlanFormat;
}

export async function runShow(opts: ShowOptions, deps: Pick<CliDeps, 'out' | 'err' | 'isTTY' | 'color' | 'drain'> = defaultDeps()): Promise<number> {
  const format = opts.format ?? 'text';
  if (!PLAN_FORMATS.includes(format)) {
    deps.err(`tenantform: --format must be one of ${PLAN_FORMATS.join(', ')}\n`);
    return 1;
  }
  let plan: Plan;
  try {
    plan = await readPlanFile(opts.plan);
  } catch (error) {
    deps.err(`tenantform: ${(error as Error).message}\n`);
    return 1;
  }
  await emit(deps, planChunks(plan, format, { color: useColor(deps), markdown: { marker: 'tenantform-plan' } }));
  return 0;
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('render a saved plan')
    .argument('<plan>', 'a plan saved with plan --out')
    .option('--format <format>', 'text | markdown | json', 'text')
    .action(async (plan: string, opts: { format?: PlanFormat }) => {
      process.exitCode = await runShow({ plan, format: opts.format });
    });
}
