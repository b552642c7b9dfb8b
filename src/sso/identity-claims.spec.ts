import { groupsIn, lacksClaims, personOf, roleOf } from './identity-claims.js';

const MAPPING = { admin: ['risk-admins'], officer: ['risk-officers', '/insurer/risk'], viewer: ['risk-viewers'] };
const ISSUER = 'https://login.example.com/realms/insurer';

describe('the person in the claims', () => {
  it('gives the highest role of the groups, and none without a mapped group', () => {
    expect(roleOf(['risk-viewers', 'risk-officers', 'marketing'], MAPPING)).toBe('officer');
    expect(roleOf(['risk-viewers', 'risk-admins'], MAPPING)).toBe('admin');
    expect(roleOf(['/insurer/risk'], MAPPING)).toBe('officer');
    expect(roleOf(['marketing', 'Risk-Officers'], MAPPING)).toBeNull();
    expect(roleOf([], MAPPING)).toBeNull();
  });

  it('reads the groups claim as a list, a single name, or a path into nested claims', () => {
    expect(groupsIn({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsIn({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsIn({ realm_access: { roles: ['risk-officers'] } }, 'realm_access.roles')).toEqual(['risk-officers']);
    expect(groupsIn({ 'https://insurer.example/groups': ['x'] }, 'https://insurer.example/groups')).toEqual(['x']);
    expect(groupsIn({ email: 'a@b' }, 'groups')).toBeUndefined();
  });

  it('takes email, name and groups from the ID token when it has them', () => {
    const idToken = { sub: 's1', email: 'Olivia@Insurer.example', email_verified: true, name: 'Olivia', groups: ['risk-officers'] };
    expect(lacksClaims(idToken, 'groups')).toBe(false);
    expect(personOf(ISSUER, idToken, { email: 'other@x', name: 'Other', groups: ['risk-admins'] }, 'groups', MAPPING)).toEqual({
      issuer: ISSUER,
      subject: 's1',
      email: 'Olivia@Insurer.example',
      emailVerified: true,
      name: 'Olivia',
      groups: ['risk-officers'],
      role: 'officer',
    });
  });

  it('else from userinfo, with the email verified only when the source of the email says so', () => {
    const idToken = { sub: 's2' };
    expect(lacksClaims(idToken, 'groups')).toBe(true);
    const userinfo = { sub: 's2', email: 'victor@insurer.example', email_verified: 'true', name: 'Victor', groups: 'risk-viewers' };
    expect(personOf(ISSUER, idToken, userinfo, 'groups', MAPPING)).toMatchObject({
      email: 'victor@insurer.example',
      emailVerified: true,
      name: 'Victor',
      groups: ['risk-viewers'],
      role: 'viewer',
    });
    const unverified = personOf(ISSUER, { sub: 's3', email: 'n@x', email_verified: false }, { email_verified: true }, 'groups', MAPPING);
    expect(unverified).toMatchObject({ email: 'n@x', emailVerified: false, name: null, groups: [], role: null });
  });
});
