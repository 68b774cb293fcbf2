#!/usr/bin/env node
import { Command } from 'commander';
import { registerPermissions } from './permissions.js';

const program = new Command('tenantform')
  .description('Terraform-style plan/apply for the customer tenants of a Microsoft CSP partner')
  .version('0.1.0');

registerPermissions(program);

await program.parseAsync(process.argv);
