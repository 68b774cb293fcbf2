// `tenantform validate`: loads and checks the tenant folders, prints every diagnostic as `path:line:col: message`
// (or JSON, or GitHub annotations), exits 1 when any is an error.
import { Option, type Command } from 'commander';
import { loadTenants } from '../config/index.js';
import type { LoadedTenant } from '../config/model.js';
import type { KindSpec } from '../config/kind-spec.js';
import type { Kind } from '../kinds/contract.js';
import { kinds as registeredKinds } from '../kinds/index.js';
import type { Diagnostic } from '../plan/types.js';

/** A kind as validate sees it: its description and its own offline checks, if any. */
type CheckedKind = KindSpec & Pick<Kind, 'validate'>;

export type ValidateFormat = 'text' | 'json' | 'github';

export interface ValidateOptions {
  dir?: string;
  tenant?: string[];
  format?: ValidateFormat;
  /** For ignore-rule expiry; tests pin it. */
  now?: Date;
  repoRoot?: string;
  /** The kinds the YAML is checked against; the registry unless a test passes its own. */
  kinds?: readonly CheckedKind[];
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function runValidate(opts: ValidateOptions, io: Io): Promise<number> {
  const kinds = opts.kinds ?? registeredKinds;
  const result = await loadTenants({ dir: opts.dir ?? 'tenants', tenants: opts.tenant, now: opts.now, repoRoot: opts.repoRoot, kinds });
  const diagnostics = [...result.diagnostics, ...result.tenants.flatMap((t) => kindChecks(t, kinds))];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const format = opts.format ?? 'text';
  if (format === 'json') {
    io.stdout(`${JSON.stringify(diagnostics, null, 2)}\n`);
  } else {
    const line = format === 'github' ? githubAnnotation : textLine;
    for (const d of diagnostics) io.stdout(`${line(d)}\n`);
    io.stdout(`${summary(result.tenants.length, errors, warnings)}\n`);
  }
  return errors > 0 ? 1 : 0;
}

/** The kinds' own offline checks (posture), placed at their YAML lines. */
function kindChecks(t: LoadedTenant, kinds: readonly CheckedKind[]): Diagnostic[] {
  return kinds.flatMap((k) => k.validate?.(t.config) ?? []).map((d) => {
    const pos = d.path ? t.locate(d.path) : undefined;
    return pos ? { ...d, file: pos.file, line: pos.line, column: pos.column } : d;
  });
}

function where(d: Diagnostic): string {
  if (d.file === undefined) return 'tenantform';
  return d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
}

export function textLine(d: Diagnostic): string {
  const mark = d.severity === 'error' ? '' : `${d.severity}: `;
  return `${where(d)}: ${mark}${d.summary}${d.detail ? `\n  ${d.detail}` : ''}`;
}

/** GitHub workflow command; see "Workflow commands for GitHub Actions" for the escaping rules. */
export function githubAnnotation(d: Diagnostic): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (d.file !== undefined) props.push(`file=${escapeProperty(d.file)}`);
  if (d.line !== undefined) props.push(`line=${d.line}`);
  if (d.column !== undefined) props.push(`col=${d.column}`);
  const message = d.detail ? `${d.summary}\n${d.detail}` : d.summary;
  return `::${level}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function summary(valid: number, errors: number, warnings: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (errors === 0 && warnings === 0) return `${n(valid, 'tenant')} valid`;
  return `${n(errors, 'error')}, ${n(warnings, 'warning')}; ${n(valid, 'tenant')} valid`;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the tenant YAML: syntax, schema, baselines and cross-references')
    .option('--dir <dir>', 'folder holding one folder per tenant', 'tenants')
    .option('--tenant <name...>', 'tenant names or globs (repeatable); default all')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .action(async (opts: { dir: string; tenant?: string[]; format: ValidateFormat }) => {
      process.exitCode = await runValidate(opts, processIo);
    });
}
