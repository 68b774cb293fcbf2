#!/usr/bin/env node
import { Command } from 'commander';
import { registerApply } from './apply.js';
import { disableColor } from './color.js';
import { registerCustomers } from './customers.js';
import { registerDoctor } from './doctor.js';
import { registerDrift } from './drift.js';
import { emulatorCommand } from './emulator.js';
import { registerExport } from './export.js';
import { guardOutput } from './output.js';
import { registerPermissions } from './permissions.js';
import { registerPlan } from './plan.js';
import { registerReport } from './report.js';
import { registerShow } from './show.js';
import { registerUnlock } from './unlock.js';
import { registerValidate } from './validate.js';

// Before anything prints: a reader closing the pipe early must not crash the run (see output.ts).
guardOutput(process.stdout);
guardOutput(process.stderr);

const program = new Command('tenantform')
  .description('Terraform-style plan/apply for the customer tenants of a Microsoft CSP partner')
  .version('0.1.0')
  .option('--no-color', 'no colour in any output (as NO_COLOR=1 does)')
  .hook('preAction', (root) => {
    if (root.opts().color === false) disableColor();
  });

registerValidate(program);
registerPlan(program);
registerApply(program);
registerShow(program);
registerDrift(program);
registerReport(program);
registerExport(program);
program.addCommand(emulatorCommand());
registerPermissions(program);
registerUnlock(program);
registerDoctor(program);
registerCustomers(program);

await program.parseAsync(process.argv);
