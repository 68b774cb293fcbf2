// The grants each declared app must hold in the customer, derived from the kinds the tenant declares (the same
// totals `tenantform permissions` prints). Apart from model.ts because it reads the kinds' registry, which imports
// this kind: model.ts must stay importable first without meeting the registry half-built.
import type { ConsentSpec, TenantConfig } from '../../config/model.js';
import { permissionsFor } from '../permissions.js';
import type { ResourceGrants } from './model.js';

/** The grants an app of this access needs in the tenant: plan's for read, apply's (reads included) for write. */
export function neededGrants(config: TenantConfig, access: ConsentSpec['access']): ResourceGrants {
  const needs = permissionsFor([config]);
  const list = access === 'write' ? needs.apply : needs.plan;
  return { graph: [...list.graph].sort(), exchange: [...list.exchange].sort(), sharepoint: [...list.sharepoint].sort() };
}
