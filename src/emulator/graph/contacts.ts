// `/v1.0/contacts`: the organizational contacts of the tenant, which in the emulator are Exchange's mail contacts
// (New-MailContact) seen through Graph. Read from the Exchange model on every request, so a contact removed in
// Exchange is gone from Graph at once; Graph refuses to change them, as it does every Exchange-mastered object.
import { ApiError, json, type Ctx, type Reply, type Route } from '../router.js';
import { exchangeOf, type ExoContact } from '../exchange/model.js';
import { compileFilter, isAdvanced, page, parseSelect, parseTop, project } from './odata.js';
import { countAnnotation } from './advanced-query.js';
import { notFound, odataContext, tenantOf } from './common.js';

/** The structural properties of `orgContact` in the v1.0 CSDL (with directoryObject's id and deletedDateTime). */
export const ORG_CONTACT_PROPS = [
  'id', 'deletedDateTime', 'addresses', 'companyName', 'department', 'displayName', 'givenName', 'jobTitle', 'mail',
  'mailNickname', 'onPremisesLastSyncDateTime', 'onPremisesProvisioningErrors', 'onPremisesSyncEnabled', 'phones',
  'proxyAddresses', 'serviceProvisioningErrors', 'surname',
];
const DECLARED = new Set(ORG_CONTACT_PROPS);
const FILTERABLE = new Set(['id', 'displayName', 'mail', 'mailNickname', 'givenName', 'surname', 'proxyAddresses']);
const EXTERNAL_SERVICE = 'Unable to update the specified properties for objects that have originated within an external service.';

const orNull = (s: string): string | null => (s === '' ? null : s);

function contactProps(k: ExoContact): Record<string, unknown> {
  return {
    id: k.guid, deletedDateTime: null, addresses: [], companyName: orNull(k.company), department: null,
    displayName: k.displayName, givenName: orNull(k.firstName), jobTitle: null, mail: k.external, mailNickname: k.alias,
    onPremisesLastSyncDateTime: null, onPremisesProvisioningErrors: [], onPremisesSyncEnabled: null, phones: [],
    proxyAddresses: [`SMTP:${k.external}`], serviceProvisioningErrors: [], surname: orNull(k.lastName),
  };
}

function findContact(ctx: Ctx): ExoContact {
  const id = (ctx.params.id ?? '').toLowerCase();
  const contact = exchangeOf(tenantOf(ctx)).contacts.find((k) => k.guid === id);
  if (!contact) throw notFound(ctx.params.id ?? '');
  return contact;
}

function listContacts(ctx: Ctx): Reply {
  const model = exchangeOf(tenantOf(ctx));
  const select = parseSelect(ctx, DECLARED, 'orgContact');
  const top = parseTop(ctx);
  const filter = ctx.query.get('$filter');
  const pred = filter ? compileFilter(filter, FILTERABLE, 'orgContact', isAdvanced(ctx)) : undefined;
  const items = model.contacts.map(contactProps).filter((p) => !pred || pred(p));
  const { slice, nextLink } = page(ctx, items, top);
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(ctx, select ? `contacts(${select.join(',')})` : 'contacts'), ...countAnnotation(ctx, items.length),
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((p) => project(p, select, ORG_CONTACT_PROPS));
  return json(200, body);
}

function getContact(ctx: Ctx): Reply {
  const contact = findContact(ctx);
  const select = parseSelect(ctx, DECLARED, 'orgContact');
  return json(200, { '@odata.context': odataContext(ctx, 'contacts/$entity'), ...project(contactProps(contact), select, ORG_CONTACT_PROPS) });
}

/** Exchange masters mail contacts: Graph answers a write on one as it does for any object of an external service. */
function refuseWrite(ctx: Ctx): Reply {
  findContact(ctx);
  throw new ApiError(400, 'Request_BadRequest', EXTERNAL_SERVICE);
}

export const contactRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/contacts', handler: listContacts },
  { method: 'GET', pattern: '/v1.0/contacts/:id', handler: getContact },
  { method: 'PATCH', pattern: '/v1.0/contacts/:id', handler: refuseWrite, write: true },
  { method: 'DELETE', pattern: '/v1.0/contacts/:id', handler: refuseWrite, write: true },
];
