// The Exchange Online admin endpoint used by the ExchangeOnlineManagement v3 module:
// POST /adminapi/beta/{tenantId}/InvokeCommand {CmdletInput:{CmdletName, Parameters}} → {value:[...]} in pages.
import { ApiError, json, jsonBody, type Ctx, type Reply, type ServiceModule } from '../router.js';
import { AUDIENCES } from '../tokens.js';
import { bind, commandNotFound, type Cmdlet } from './cmdlet.js';
import { groupCmdlets } from './groups.js';
import { mailboxCmdlets } from './mailboxes.js';
import { directorySync, mirrorGroups } from './directory.js';
import { exchangeOf } from './model.js';
import { permissionCmdlets } from './permissions.js';
import { orgSettingsCmdlets } from './org-settings.js';
import { settingsCmdlets } from './mailbox-settings.js';
import { dynamicGroupCmdlets } from './dynamic-groups.js';
import { mailUserCmdlets } from './mail-users.js';
import { bindingError, CmdletError } from './values.js';
import { exchangeConcurrency, exchangeMeter } from './throttling.js';
import { authorizeExchange } from './app-access.js';

export interface ExchangeModuleOptions {
  /** How long after licensing a user's mailbox appears (Exchange provisions asynchronously). */
  mailboxProvisioningDelayMs?: number;
}

const CMDLETS: Map<string, [string, Cmdlet]> = new Map(
  Object.entries({ ...mailboxCmdlets, ...permissionCmdlets, ...groupCmdlets, ...orgSettingsCmdlets, ...settingsCmdlets, ...dynamicGroupCmdlets, ...mailUserCmdlets }).map(([name, c]) => [name.toLowerCase(), [name, c]]),
);

export const cmdletNames = (): string[] => [...CMDLETS.values()].map(([name]) => name);

const MAX_PAGE = 1000;
const PATH = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pageSize(ctx: Ctx): number {
  const m = /odata\.maxpagesize=(\d+)/i.exec(ctx.headers.prefer ?? '');
  return m ? Math.min(MAX_PAGE, Math.max(1, Number(m[1]))) : MAX_PAGE;
}

function invoke(delayMs: number | undefined) {
  return (ctx: Ctx): Reply => {
    const tenant = ctx.tenant;
    if (!tenant) throw new ApiError(401, 'InvalidAuthenticationToken', 'The tenant of the access token is unknown.');
    const input = jsonBody(ctx).CmdletInput as { CmdletName?: unknown; Parameters?: unknown } | undefined;
    if (!input || typeof input !== 'object' || typeof input.CmdletName !== 'string') {
      throw bindingError("The request body must contain 'CmdletInput' with a 'CmdletName'.");
    }
    const found = CMDLETS.get(input.CmdletName.toLowerCase());
    if (!found) throw commandNotFound(input.CmdletName);
    const [name, cmdlet] = found;
    const params = bind(name, cmdlet, input.Parameters);
    if (delayMs !== undefined) exchangeOf(tenant).provisioningDelayMs = delayMs;
    const now = ctx.state.clock.now();
    const model = directorySync(tenant, now);
    const warnings: string[] = [];
    const skip = Number(ctx.query.get('$skiptoken') ?? '0');
    if (!Number.isInteger(skip) || skip < 0 || (skip > 0 && !cmdlet.paged)) throw new ApiError(400, 'BadRequest', 'The skip token is not valid.');
    const rows = cmdlet.run({ tenant, model, warnings, now }, params);
    if (!cmdlet.paged) {
      mirrorGroups(tenant, model, now);
      ctx.core.changed();
    }
    const size = pageSize(ctx);
    const base = `${ctx.origin}/adminapi/beta/${ctx.params.tenant ?? tenant.tenantId}/InvokeCommand`;
    const body: Record<string, unknown> = {
      '@odata.context': `${base.replace(/InvokeCommand$/, '')}$metadata#Collection(Exchange.GenericHashTable)`,
      '@adminapi.warnings': warnings,
      value: rows.slice(skip, skip + size),
    };
    if (skip + size < rows.length) body['@odata.nextLink'] = `${base}?$skiptoken=${skip + size}`;
    return json(200, body);
  };
}

function errorReply(ctx: Ctx, err: ApiError): Reply {
  if (err instanceof CmdletError) {
    const detail = `Ex${ctx.requestId.slice(0, 6).toUpperCase()}|${err.exception}|${err.message}`;
    return json(400, {
      error: {
        code: 'BadRequest', message: 'Invalid Operation',
        details: [{ code: 'Context', target: '', message: detail }],
        innererror: { message: detail, type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException', '@Microsoft.ExchangeServices.Diagnostics.ErrorCategory': 'NotSpecified' },
      },
    });
  }
  return json(err.status, { error: { code: err.code, message: err.message, innererror: { 'request-id': ctx.requestId } } }, err.headers);
}

export function exchangeModule(o: ExchangeModuleOptions = {}): ServiceModule {
  return {
    name: 'exchange',
    faults: true,
    audience: AUDIENCES.exchange,
    matches: (path) => path.toLowerCase().startsWith('/adminapi/'),
    tenantFromPath: (path) => {
      const id = PATH.exec(path)?.[1];
      return id && GUID.test(id) ? id : undefined;
    },
    errorReply,
    authorize: authorizeExchange,
    meter: exchangeMeter,
    concurrency: exchangeConcurrency,
    routes: [{ method: 'POST', pattern: '/adminapi/beta/:tenant/InvokeCommand', handler: invoke(o.mailboxProvisioningDelayMs) }],
  };
}
