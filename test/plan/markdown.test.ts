// The pull-request comment beyond the golden file: how to apply, GDAP access with roles, and an empty pull request.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/plan/render/index.js';
import { change, plan, samplePlan, tenant } from './builders.js';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const LICENSE = '4d6ac14f-3453-41d0-bef9-a3e0c569773a';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('pull-request comment', () => {
  it('says how to apply a plan with changes, after the summary, and not when nothing changes', () => {
    const out = renderMarkdown(samplePlan());
    const how = out.indexOf('**How to apply**: merge this pull request');
    expect(how).toBeGreaterThan(out.indexOf('| northwind |'));
    expect(how).toBeLessThan(out.indexOf('<details'));
    expect(out).toContain('`tenantform apply plan.json`');
    expect(renderMarkdown(plan([tenant('northwind')]))).not.toContain('How to apply');
  });

  it('shows each GDAP access group with its roles: added, changed and removed', () => {
    const access = change('contoso', 1, {
      address: 'gdap:contoso-helpdesk',
      action: 'update',
      fields: [
        {
          path: 'access',
          before: [{ groupId: 'g-admins', roles: [USER_ADMIN] }, { groupId: 'g-old', roles: [HELPDESK] }],
          after: [
            { group: 'Partner Helpdesk Agents', groupId: 'g-helpdesk', roles: [HELPDESK, LICENSE] },
            { group: 'Partner Admin Agents', groupId: 'g-admins', roles: [USER_ADMIN, LICENSE] },
          ],
          added: ['Partner Helpdesk Agents', 'Partner Admin Agents'],
          removed: ['g-old'],
        },
      ],
    });
    const out = renderMarkdown(plan([tenant('contoso', { changes: [access] })]));
    expect(out).toContain(
      [
        '! gdap:contoso-helpdesk',
        '!     access:',
        '+         "Partner Helpdesk Agents": [Helpdesk Administrator, License Administrator]',
        '!         "Partner Admin Agents": [User Administrator] -> [User Administrator, License Administrator]',
        '-         "g-old": [Helpdesk Administrator]',
      ].join('\n'),
    );
  });

  it('shows the access groups and roles a new GDAP relationship is given', () => {
    const created = change('contoso', 1, {
      address: 'gdap:contoso-helpdesk',
      action: 'create',
      fields: [{ path: 'roles', after: ['Helpdesk Administrator'] }, { path: 'duration', after: 'P730D' }],
      after: { displayName: 'contoso-helpdesk', roles: [HELPDESK], access: [{ group: 'Partner Helpdesk Agents', groupId: 'g-helpdesk', roles: [HELPDESK] }] },
    });
    const out = renderMarkdown(plan([tenant('contoso', { changes: [created] })]));
    expect(out).toContain('+     duration: "P730D"\n+     access:\n+         "Partner Helpdesk Agents": [Helpdesk Administrator]');
  });

  it('says that no tenant changed instead of rendering an empty table', () => {
    const out = renderMarkdown(plan([]), { marker: 'tenantform-plan' });
    expect(out).toBe('<!-- tenantform-plan -->\n## tenantform plan\n\nNo tenant changed in this pull request: nothing to plan or apply.\n\n');
    expect(out).not.toContain('| Tenant |');
  });
});
