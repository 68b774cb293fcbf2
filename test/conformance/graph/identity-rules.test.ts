// Conformance: naming rules of users and groups — userPrincipalName characters and lengths, mailNickname
// characters, usageLocation as an ISO 3166-1 alpha-2 code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConformance, type Conformance } from './kit.js';
import { errorOf } from '../../support/http.js';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
});
afterAll(async () => {
  await c.emu.close();
});

let n = 0;
const newUser = (o: Record<string, unknown> = {}) => ({
  accountEnabled: true, displayName: 'New User', mailNickname: `new${++n}`, userPrincipalName: `new${n}@contoso.com`,
  passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' }, ...o,
});
const invalid = (prop: string, resource = 'User') => ({ code: 'Request_BadRequest', message: `Invalid value specified for property '${prop}' of resource '${resource}'.` });

// api-reference/v1.0/resources/user.md (userPrincipalName): "can't contain accent characters. Only the following
// characters are allowed A - Z, a - z, 0 - 9, ' . - _ ! # ^ ~"; MicrosoftDocs/entra-docs
// docs/identity/authentication/concept-sspr-policy.md ("UserPrincipalName policies") for the period and lengths.
// The request and the 201/400 answers are those of api-reference/v1.0/api/user-post-users.md.
describe('userPrincipalName (resources/user.md; entra-docs concept-sspr-policy.md)', () => {
  it.each(['josé@contoso.com', 'zoë@contoso.com', 'müller@contoso.com', 'ø@contoso.com', '李@contoso.com'])(
    'a UPN with the non-ASCII letter in %s is refused with 400', async (upn) => {
      const r = await c.call('POST', '/users', newUser({ userPrincipalName: upn }));
      expect(r.status).toBe(400);
      expect(errorOf(r)).toMatchObject(invalid('userPrincipalName'));
    },
  );

  it.each(['a b@contoso.com', 'a,b@contoso.com', 'a(b)@contoso.com', 'a"b@contoso.com', 'a%b@contoso.com', 'a@b@contoso.com'])(
    'a UPN with a character outside the allowed set (%s) is refused', async (upn) => {
      expect((await c.call('POST', '/users', newUser({ userPrincipalName: upn }))).status).toBe(400);
    },
  );

  it("every allowed symbol ' . - _ ! # ^ ~ is accepted: 201 (user-post-users.md)", async () => {
    const r = await c.call('POST', '/users', newUser({ userPrincipalName: "o'b.r-i_e!n#x^y~z@contoso.com" }));
    expect(r.status).toBe(201);
    expect(r.body.userPrincipalName).toBe("o'b.r-i_e!n#x^y~z@contoso.com");
  });

  it('a period immediately before the @ is refused (concept-sspr-policy.md, "Characters not allowed")', async () => {
    expect((await c.call('POST', '/users', newUser({ userPrincipalName: 'dot.@contoso.com' }))).status).toBe(400);
  });

  it('more than 64 characters before the @ is refused; exactly 64 is accepted (concept-sspr-policy.md, "Length constraints")', async () => {
    expect((await c.call('POST', '/users', newUser({ userPrincipalName: `${'a'.repeat(65)}@contoso.com` }))).status).toBe(400);
    expect((await c.call('POST', '/users', newUser({ userPrincipalName: `${'b'.repeat(64)}@contoso.com` }))).status).toBe(201);
  });

  it('renaming a user to a UPN with accents is refused like a create (api-reference/v1.0/api/user-update.md)', async () => {
    const r = await c.call('PATCH', '/users/alice@contoso.com', { userPrincipalName: 'alicé@contoso.com' });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject(invalid('userPrincipalName'));
  });
});

// api-reference/v1.0/resources/group.md (mailNickname): at most 64 characters, "only characters in the ASCII
// character set 0 - 127 except the following: @ () \ [] " ; : <> , SPACE". The user page states only the length;
// the directory applies the same alias rule to users.
describe('mailNickname (resources/group.md, resources/user.md)', () => {
  it.each(['jösé', 'a b', 'a@b', 'a;b', 'a"b', 'a<b', 'a,b', 'a(b)', 'a[b]', 'a\\b', 'a:b'])(
    'a group mailNickname %j is refused with 400 (group-post-groups.md)', async (nick) => {
      const r = await c.call('POST', '/groups', { displayName: 'G', mailNickname: nick, mailEnabled: false, securityEnabled: true });
      expect(r.status).toBe(400);
      expect(errorOf(r)).toMatchObject(invalid('mailNickname', 'Group'));
    },
  );

  it("a group mailNickname holding ' & / # % ? + (ASCII, not excluded) is accepted: 201", async () => {
    const r = await c.call('POST', '/groups', { displayName: 'G', mailNickname: "o'k&/#%?+", mailEnabled: false, securityEnabled: true });
    expect(r.status).toBe(201);
  });

  it('a group mailNickname of 65 characters is refused', async () => {
    const r = await c.call('POST', '/groups', { displayName: 'G', mailNickname: 'n'.repeat(65), mailEnabled: false, securityEnabled: true });
    expect(r.status).toBe(400);
  });

  it.each(['jösé', 'two words', 'a@b'])('a user mailNickname %j is refused with 400', async (nick) => {
    const r = await c.call('POST', '/users', newUser({ mailNickname: nick }));
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject(invalid('mailNickname'));
  });

  it('a user mailNickname changed to one with accents is refused (user-update.md)', async () => {
    expect((await c.call('PATCH', '/users/bob@contoso.com', { mailNickname: 'bøb' })).status).toBe(400);
  });
});

// api-reference/v1.0/resources/user.md (usageLocation): "A two-letter country code (ISO standard 3166) ... Examples
// include: US, JP, and GB." UK is not an ISO 3166-1 code (the United Kingdom is GB); ZZ is unassigned.
describe('usageLocation (resources/user.md)', () => {
  it.each(['UK', 'ZZ', 'Sweden', 'S', 'EU'])('usageLocation %j is refused with 400 on update', async (loc) => {
    const r = await c.call('PATCH', '/users/bob@contoso.com', { usageLocation: loc });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject(invalid('usageLocation'));
  });

  it.each(['GB', 'US', 'JP', 'SE', 'AX'])('usageLocation %s is accepted: 204 (user-update.md)', async (loc) => {
    expect((await c.call('PATCH', '/users/bob@contoso.com', { usageLocation: loc })).status).toBe(204);
  });

  it('an invalid usageLocation is refused on create too', async () => {
    expect((await c.call('POST', '/users', newUser({ usageLocation: 'UK' }))).status).toBe(400);
  });
});
