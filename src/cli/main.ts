#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator.js';
import { registerPermissions } from './permissions.js';
import { registerValidate } from './validate.js';

const program = new Command('tenantform')
  .description('Terraform-style plan/apply for the customer tenants of a Microsoft CSP partner')
  .version('0.1.0');

registerValidate(program);
program.addCommand(emulatorCommand());
registerPermissions(program);

await program.parseAsync(process.argv);
