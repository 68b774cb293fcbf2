// The Microsoft Graph v1.0 service module: path prefix, audience, Graph's error body, the throttling limits of
// each request (throttling.ts), and the routes of every Graph route file (one line each).
import { json, type Ctx, type Reply, type Route, type ServiceModule, type ApiError } from '../router.js';
import { AUDIENCES } from '../tokens.js';
import { organizationRoutes, auditRoutes } from './directory.js';
import { userRoutes } from './users.js';
import { deletedItemRoutes } from './deleted.js';
import { licenseRoutes } from './licenses.js';
import { userLinkRoutes } from './user-links.js';
import { groupServiceRoutes } from './group-service.js';
import { gdapRoutes } from './gdap.js';
import { servicePrincipalRoutes } from './service-principals.js';
import { applicationRoutes } from './applications.js';
import { contactRoutes } from './contacts.js';
import { authMethodRoutes } from './auth-methods.js';
import { conditionalAccessRoutes } from './conditional-access.js';
import { authorizationPolicyRoutes } from './authorization-policy.js';
import { methodConfigRoutes } from './auth-method-configs.js';
import { invitationRoutes } from './invitations.js';
import { teamRoutes } from './teams.js';
import { channelRoutes } from './channels.js';
import { sharePointSettingsRoutes } from './sharepoint-settings.js';
import { authorizeGraph } from './permissions.js';
import { normalizeGraphPath } from './path-forms.js';
import { notByEmulator } from './advanced-query.js';
import { graphMeter } from './throttling.js';

export function graphRoutes(): Route[] {
  return [
    ...organizationRoutes,
    ...userRoutes,
    ...deletedItemRoutes,
    ...licenseRoutes,
    ...userLinkRoutes,
    ...auditRoutes,
    ...gdapRoutes,
    ...servicePrincipalRoutes,
    ...applicationRoutes,
    ...contactRoutes,
    ...authMethodRoutes,
    ...conditionalAccessRoutes,
    ...authorizationPolicyRoutes,
    ...methodConfigRoutes,
    ...invitationRoutes,
    ...teamRoutes,
    ...channelRoutes,
    ...sharePointSettingsRoutes,
  ];
}

/** GET routes that model `$search` and `$orderby`; elsewhere the emulator refuses them rather than ignore them. */
const SEARCHABLE = new Set(['/v1.0/users', '/v1.0/users/$count', '/v1.0/groups', '/v1.0/groups/$count']);

function refuseUnmodelled(route: Route): Route {
  if (route.method !== 'GET' || SEARCHABLE.has(route.pattern)) return route;
  return {
    ...route,
    handler: (ctx) => {
      for (const option of ['$search', '$orderby']) if (ctx.query.has(option)) throw notByEmulator(`${option} on ${route.pattern}`);
      return route.handler(ctx);
    },
  };
}

/** Graph's error body; `date` carries no zone, as the service sends it. */
export function graphError(ctx: Ctx, err: ApiError): Reply {
  return json(err.status, {
    error: {
      code: err.code, message: err.message, ...err.extra,
      innerError: { date: ctx.state.clock.iso().replace(/\.\d+Z$/, ''), 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId },
    },
  });
}

export function graphService(): ServiceModule {
  const service: ServiceModule = {
    name: 'graph',
    faults: true,
    audience: AUDIENCES.graph,
    matches: (path) => path === '/v1.0' || path.startsWith('/v1.0/'),
    normalizePath: normalizeGraphPath,
    errorReply: graphError,
    meter: graphMeter,
    authorize: authorizeGraph,
    routes: [],
  };
  // Groups, delta, $batch (which dispatches back into this module) and roles come first: `/users/delta` is no user id.
  service.routes = [...groupServiceRoutes(() => service), ...graphRoutes()].map(refuseUnmodelled);
  return service;
}
