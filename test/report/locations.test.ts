// Where the drift report's links point: the YAML line that declares each drifted object, found through the kinds'
// own selection of the loaded example tenant (read only; nothing is written).
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import { kinds } from '../../src/kinds/index.js';
import { driftSources } from '../../src/report/locations.js';
import { change } from '../plan/builders.js';
import { copyExamples } from '../support/examples.js';

const lineOf = (file: string, line: number): string => readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
/** A source path (relative to the working directory) as a path inside the copied repository. */
const inRepo = (root: string, file: string): string => relative(root, resolve(file));

describe('YAML positions of drifted objects', () => {
  it('points each declared object at the line that declares it, in whichever file of the folder', async () => {
    const examples = copyExamples(['contoso-dental']);
    const { tenants } = await loadTenants({ dir: examples.dir, tenants: ['contoso-dental'], kinds });
    const loaded = tenants[0]!;
    const changes = [
      change('c', 1, { address: 'user:james.whitaker@contosodental.com', action: 'update' }),
      change('c', 2, { address: 'directoryRole:admin@contosodental.onmicrosoft.com/Global Administrator', action: 'create' }),
      change('c', 3, { address: 'group:clinicians', action: 'update' }),
      change('c', 4, { address: 'mailbox:appointments@contosodental.com', action: 'update' }),
      change('c', 5, { address: 'mailboxPermission:appointments@contosodental.com', action: 'update' }),
      change('c', 6, { address: 'gdap:contoso-dental-helpdesk', action: 'update' }),
      change('c', 7, { address: 'adminLink', action: 'update' }),
      change('c', 8, { address: 'seats:O365_BUSINESS_PREMIUM', action: 'update' }),
    ];
    const sources = driftSources(loaded, kinds, changes);
    const at = (address: string) => {
      const s = sources[address]!;
      return { file: inRepo(examples.root, s.file), text: lineOf(s.file, s.line).trim() };
    };
    expect(at('user:james.whitaker@contosodental.com')).toEqual({ file: 'tenants/contoso-dental/users.yaml', text: '- userPrincipalName: james.whitaker@contosodental.com' });
    expect(at('directoryRole:admin@contosodental.onmicrosoft.com/Global Administrator').text).toBe('roles: [Global Administrator]');
    expect(at('group:clinicians')).toEqual({ file: 'tenants/contoso-dental/groups.yaml', text: '- mailNickname: clinicians' });
    expect(at('mailbox:appointments@contosodental.com')).toEqual({ file: 'tenants/contoso-dental/mailboxes.yaml', text: '- address: appointments@contosodental.com' });
    expect(at('mailboxPermission:appointments@contosodental.com').text).toBe('- address: appointments@contosodental.com');
    expect(at('gdap:contoso-dental-helpdesk')).toEqual({ file: 'tenants/contoso-dental/partner.yaml', text: '- displayName: contoso-dental-helpdesk' });
    expect(at('adminLink').text).toBe('adminLink: { partnerId: "4711001" }');
    expect(at('seats:O365_BUSINESS_PREMIUM').text).toBe('- offer: Microsoft 365 Business Standard');
  });

  it('points a pruned object at its prune setting, and leaves an object it cannot place without a position', async () => {
    const examples = copyExamples(['contoso-dental']);
    const { tenants } = await loadTenants({ dir: examples.dir, tenants: ['contoso-dental'], kinds });
    const sources = driftSources(tenants[0]!, kinds, [
      change('c', 1, { address: 'gdap:someone-elses', kind: 'gdap', action: 'delete', reason: 'pruned' }),
      change('c', 2, { address: 'contact:nobody@example.com', kind: 'contact', action: 'delete', reason: 'ensure_absent' }),
    ]);
    const pruned = sources['gdap:someone-elses']!;
    expect(inRepo(examples.root, pruned.file)).toBe('tenants/contoso-dental/tenant.yaml');
    expect(lineOf(pruned.file, pruned.line).trim()).toBe('gdap: false');
    expect(sources['contact:nobody@example.com']).toBeUndefined();
  });
});
