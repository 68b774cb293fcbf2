// The pure halves of the kinds' exports: what is written, what is left out and what that does to the list mode.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderSectionFile } from '../../src/engine/export-yaml.js';
import { calendarToYaml } from '../../src/kinds/calendar-permission/export.js';
import { distributionGroupToYaml } from '../../src/kinds/distribution-group/export.js';
import type { GroupLive } from '../../src/kinds/distribution-group/index.js';
import { mailboxToYaml } from '../../src/kinds/mailbox/export.js';
import { permissionsToYaml } from '../../src/kinds/mailbox-permission/export.js';
import { membershipToYaml } from '../../src/kinds/membership/export.js';
import { userToYaml } from '../../src/kinds/user/export.js';

const config = { tenant: { name: 'c', tenantId: '6b1a3c6e-0000-4000-8000-000000000001', domains: ['c.com'], primaryDomain: 'c.com' } };

describe('kind exports leave out what has no natural key, without planning its removal', () => {
  it('membership: a service principal owner makes the group additive and is named in a note', () => {
    const notes: string[] = [];
    const yaml = membershipToYaml(
      { id: 'g1', group: 'finance', dynamic: false, members: ['group:sub', 'group:unknown', 'user:a@c.com'], owners: ['servicePrincipal:0f0f0f0f-0000-4000-8000-000000000001'], ids: {} },
      new Set(['finance', 'sub']),
      notes,
    );
    expect(yaml).toEqual({ mailNickname: 'finance', members: ['a@c.com', 'group:sub'], membersMode: 'additive' });
    expect(notes).toEqual([
      '1 member without a natural key (service principal, device or contact) not exported',
      '1 owner without a natural key (service principal or device) not exported',
    ]);
  });

  it('user: more business phones than the model takes are left out with a note; nulls are not written', () => {
    const notes: string[] = [];
    const yaml = userToYaml({ id: 'u', userPrincipalName: 'a@c.com', displayName: 'A', jobTitle: null, businessPhones: ['1', '2'], manager: 'b@c.com' }, notes);
    expect(yaml).toEqual({ userPrincipalName: 'a@c.com', displayName: 'A', manager: 'b@c.com' });
    expect(notes).toEqual(['businessPhones not exported: 2 numbers, the YAML model takes one']);
  });

  it('mailbox permissions: a trustee that is only a name makes them additive', () => {
    const notes: string[] = [];
    const yaml = permissionsToYaml({ address: 'info@c.com', fullAccess: ['b@c.com', 'a@c.com', 'Old Admin'], sendAs: [], sendOnBehalf: ['group:team'] }, notes);
    expect(yaml).toEqual({ fullAccess: [{ user: 'a@c.com' }, { user: 'b@c.com' }], sendOnBehalf: ['group:team'], mode: 'additive' });
    expect(notes).toEqual(['1 permission of trustees without an address not exported']);
  });

  it('calendar: Default and Anonymous only when they differ from Exchange defaults', () => {
    const notes: string[] = [];
    expect(calendarToYaml({ address: 'a@c.com', folder: 'Calendar', entries: { Default: 'AvailabilityOnly', Anonymous: 'None' } }, notes)).toBeUndefined();
    expect(calendarToYaml({ address: 'a@c.com', folder: 'Kalender', entries: { Default: 'Reviewer', Anonymous: 'None', 'b@c.com': 'Editor' } }, notes)).toEqual({
      calendar: [{ user: 'Default', access: 'Reviewer' }, { user: 'b@c.com', access: 'Editor' }],
    });
    expect(notes).toEqual([]);
  });

  it('distribution group: default address and sender authentication are not written; an unnamed owner leaves owners unmanaged', () => {
    const notes: string[] = [];
    const live: GroupLive = {
      mailNickname: 'sales', displayName: 'Sales', primarySmtpAddress: 'sales@c.com', type: 'distribution', hiddenFromAddressLists: false,
      requireAuthenticatedSenders: true, members: ['a@c.com'], owners: ['Organization Management'], acceptFrom: [], rejectFrom: ['x@partner.example'],
    };
    expect(distributionGroupToYaml(live, config, notes)).toEqual({
      mailNickname: 'sales', displayName: 'Sales', type: 'distribution', members: ['a@c.com'], deliveryRestrictions: { rejectFrom: ['x@partner.example'] },
    });
    expect(notes).toEqual(['owners not exported: 1 entry without an address']);
  });

  it('mailbox: default limits, switched-on protocols and a disabled auto-reply are not written', () => {
    const yaml = mailboxToYaml({
      address: 'info@c.com', id: 'x', type: 'shared', displayName: 'Info', aliases: ['hello@c.com', 'info@c.onmicrosoft.com'], hiddenFromAddressLists: false,
      'forwarding.to': null, 'forwarding.keepCopy': false, archive: false, litigationHold: false, 'room.capacity': null,
      'limits.maxSendSizeKB': 35840, 'limits.maxReceiveSizeKB': 36864, 'limits.issueWarningQuotaMB': 45000, 'limits.prohibitSendQuotaMB': 49000,
      'limits.prohibitSendReceiveQuotaMB': 50000, 'protocols.imap': false, 'protocols.owa': true, 'autoReply.status': 'disabled',
    });
    expect(yaml).toEqual({
      address: 'info@c.com', type: 'shared', displayName: 'Info', aliases: ['hello@c.com'],
      limits: { issueWarningQuotaMB: 45000, prohibitSendQuotaMB: 49000, prohibitSendReceiveQuotaMB: 50000 }, protocols: { imap: false },
    });
  });
});

describe('renderSectionFile', () => {
  it('puts the modeline first, section comments above the key and notes above their entry', () => {
    const text = renderSectionFile({
      name: 'users.yaml',
      sections: [{ path: ['users'], comments: ['2 users'], items: [
        { value: { userPrincipalName: 'a@c.com', licenses: [{ sku: 'SPE_E3', disabledPlans: ['TEAMS1'] }] }, notes: [] },
        { value: { userPrincipalName: 'b@c.com', roles: ['Global Reader'] }, notes: ['manager not exported'] },
      ] }],
    });
    expect(text).toBe([
      '# yaml-language-server: $schema=../../schemas/tenant-document.schema.json',
      '',
      '# 2 users',
      'users:',
      '  - userPrincipalName: a@c.com',
      '    licenses:',
      '      - { sku: SPE_E3, disabledPlans: [ TEAMS1 ] }',
      '  # manager not exported',
      '  - userPrincipalName: b@c.com',
      '    roles: [ Global Reader ]',
      '',
    ].join('\n'));
    expect(parse(text)).toEqual({ users: [{ userPrincipalName: 'a@c.com', licenses: [{ sku: 'SPE_E3', disabledPlans: ['TEAMS1'] }] }, { userPrincipalName: 'b@c.com', roles: ['Global Reader'] }] });
  });
});
