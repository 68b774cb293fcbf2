// The partner app's consent carries SharePoint's own permission when the tenant declares SharePoint sites or
// OneDrive quotas: Office 365 SharePoint Online (enterpriseApplicationId 00000003-0000-0ff1-ce00-000000000000) beside
// Graph's grants, as Partner Center's application consent takes them (learn.microsoft.com/partner-center/developer/
// control-panel-vendor-apis: `applicationGrants: [{ enterpriseApplicationId, scope }]`).
import { describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/model.js';
import { diffConsents } from '../../src/kinds/partner-consent/diff.js';
import { fromWire, SHAREPOINT_APP_ID } from '../../src/kinds/partner-consent/model.js';
import type { ConsentOps } from '../../src/plan/types.js';

const APP = '2222bbbb-0000-4000-8000-000000000002';
const tenant = (sharepoint: TenantConfig['sharepoint']): TenantConfig => ({
  tenant: { name: 'contoso', tenantId: '5b7f0000-0000-4000-8000-000000000701', domains: ['contoso.onmicrosoft.com'] },
  users: [{ userPrincipalName: 'alice@contoso.onmicrosoft.com', displayName: 'Alice' }],
  partner: { consent: [{ applicationId: APP, access: 'write' }] },
  ...(sharepoint ? { sharepoint } : {}),
});
const desired = [{ applicationId: APP, access: 'write' as const, path: 'partner.consent[0]' }];

describe('the consent of an app for a tenant declaring SharePoint kinds', () => {
  it("grants SharePoint's Sites.FullControl.All under SharePoint's own resource app", () => {
    const config = tenant({ sites: [{ url: '/sites/intranet', title: 'Intranet', owner: 'alice@contoso.onmicrosoft.com' }] });
    const [change] = diffConsents(desired, [], { tenant: config, complete: true }).changes;
    const grants = (change!.ops as ConsentOps).grant!.applicationGrants;
    expect(grants).toContainEqual({ enterpriseApplicationId: SHAREPOINT_APP_ID, scope: 'Sites.FullControl.All' });
    expect(change!.fields.map((f) => f.path)).toContain('grants.sharepoint');
  });

  it('a consent holding that grant is in sync; one without it is given again with it', () => {
    const config = tenant({ oneDrive: [{ user: 'alice@contoso.onmicrosoft.com', storageQuotaMB: 5120 }] });
    const wanted = (diffConsents(desired, [], { tenant: config, complete: true }).changes[0]!.ops as ConsentOps).grant!;
    const held = fromWire({ applicationId: APP, applicationGrants: wanted.applicationGrants });
    expect(held.sharepoint).toEqual(['Sites.FullControl.All']);
    expect(diffConsents(desired, [held], { tenant: config, complete: true }).changes).toEqual([]);
    const without = fromWire({ applicationId: APP, applicationGrants: wanted.applicationGrants.filter((g) => g.enterpriseApplicationId !== SHAREPOINT_APP_ID) });
    const [again] = diffConsents(desired, [without], { tenant: config, complete: true }).changes;
    expect(again!.fields).toContainEqual(expect.objectContaining({ path: 'grants.sharepoint', added: ['Sites.FullControl.All'] }));
  });

  it('no SharePoint kind declared: no SharePoint grant', () => {
    const [change] = diffConsents(desired, [], { tenant: tenant(undefined), complete: true }).changes;
    expect((change!.ops as ConsentOps).grant!.applicationGrants.map((g) => g.enterpriseApplicationId)).not.toContain(SHAREPOINT_APP_ID);
  });
});
