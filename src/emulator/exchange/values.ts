// Value formats of the Exchange cmdlets: ByteQuantifiedSize ("35 MB (36,700,160 bytes)") and the parameter errors
// the cmdlets raise, with the exception type in front of the text as the InvokeCommand endpoint reports it.
import { ApiError } from '../router.js';

const UNITS: [string, number][] = [['TB', 2 ** 40], ['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10], ['B', 1]];

export const DEFAULT_LIMITS: Record<string, number | null> = {
  MaxSendSize: 35 * 2 ** 20, MaxReceiveSize: 36 * 2 ** 20, IssueWarningQuota: 98 * 2 ** 30,
  ProhibitSendQuota: 99 * 2 ** 30, ProhibitSendReceiveQuota: 100 * 2 ** 30,
};

const MAX_MESSAGE_SIZE = 150 * 2 ** 20;

/** Parses "35MB", "35 MB", "36700160", "35840KB" or "Unlimited"; undefined when it is none of these. */
export function parseSize(value: unknown): number | null | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (/^unlimited$/i.test(v)) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(TB|GB|MB|KB|B)?(?:\s*\([\d,]+ bytes\))?$/i.exec(v);
  if (!m) return undefined;
  const unit = UNITS.find(([u]) => u === (m[2] ?? 'B').toUpperCase()) as [string, number];
  return Math.round(Number(m[1]) * unit[1]);
}

export function formatSize(bytes: number | null): string {
  if (bytes === null) return 'Unlimited';
  const [unit, factor] = UNITS.find(([, f]) => bytes >= f) ?? ['B', 1];
  const n = Math.round((bytes / factor) * 100) / 100;
  return `${n} ${unit} (${bytes.toLocaleString('en-US')} bytes)`;
}

const SERVER = 'AM6PR04MB7016.EURPRD04.PROD.OUTLOOK.COM';

/** A cmdlet failure: HTTP 400 "Invalid Operation" with `<id>|<exception type>|<text>` in error.details[0]. */
export class CmdletError extends ApiError {
  constructor(readonly exception: string, text: string) {
    super(400, 'BadRequest', text, {}, { exception });
    this.name = 'CmdletError';
  }
}

export const notFound = (identity: string): CmdletError => new CmdletError(
  'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
  `The operation couldn't be performed because object '${identity}' couldn't be found on '${SERVER}'.`,
);

export const folderNotFound = (identity: string): CmdletError => new CmdletError(
  'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
  `The operation couldn't be performed because '${identity}' couldn't be found.`,
);

export const bindingError = (text: string): CmdletError =>
  new CmdletError('System.Management.Automation.ParameterBindingException', text);

export const invalidValue = (param: string, value: unknown, allowed: string[]): CmdletError => bindingError(
  `Cannot process argument transformation on parameter '${param}'. Cannot convert value "${String(value)}" to type "${param}". Error: "Unable to match the identifier name ${String(value)} to a valid enumerator name. Specify one of the following enumerator names and try again: ${allowed.join(', ')}"`,
);

export function sizeParam(param: string, value: unknown): number | null {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    throw bindingError(`Cannot process argument transformation on parameter '${param}'. Cannot convert value "${String(value)}" to type "Microsoft.Exchange.Data.Unlimited\`1[Microsoft.Exchange.Data.ByteQuantifiedSize]".`);
  }
  if ((param === 'MaxSendSize' || param === 'MaxReceiveSize') && (bytes === null || bytes > MAX_MESSAGE_SIZE)) {
    throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', `The value of property '${param}' must be less than or equal to 150 MB (157,286,400 bytes).`);
  }
  return bytes;
}
