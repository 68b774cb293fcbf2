#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator.js';

const program = new Command('tenantform')
  .description('Terraform-style plan/apply for the customer tenants of a Microsoft CSP partner')
  .version('0.1.0');

program.addCommand(emulatorCommand());

await program.parseAsync(process.argv);
