import { Role } from '../common/auth/role.js';
import { HELD_POSTS, roleHoldersFrom, rolesShownTo } from './role-holders.js';
import type { Caller } from '../common/auth/caller.js';
import type { User } from './user.entity.js';

function user(id: string): User {
  return { id, organisationId: 'org-1', email: `${id}@example.org`, fullName: id, jobTitle: null, active: true } as User;
}

describe('roleHoldersFrom', () => {
  it('gives an empty set of holders for no rows', () => {
    expect(roleHoldersFrom([])).toEqual({ igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [] });
  });

  it('places each named post holder and collects every signatory in order', () => {
    const ig = user('ig');
    const cg = user('cg');
    const siro = user('siro');
    const dpo = user('dpo');
    const sig1 = user('sig1');
    const sig2 = user('sig2');
    const holders = roleHoldersFrom([
      { role: Role.SIGNATORY, user: sig1 },
      { role: Role.DPO, user: dpo },
      { role: Role.IG_LEAD, user: ig },
      { role: Role.SIRO, user: siro },
      { role: Role.SIGNATORY, user: sig2 },
      { role: Role.CALDICOTT_GUARDIAN, user: cg },
    ]);
    expect(holders.igLead).toBe(ig);
    expect(holders.caldicottGuardian).toBe(cg);
    expect(holders.siro).toBe(siro);
    expect(holders.dpo).toBe(dpo);
    expect(holders.signatories).toEqual([sig1, sig2]);
  });

  it('lets one user hold several posts', () => {
    const everything = user('all');
    const holders = roleHoldersFrom([
      { role: Role.IG_LEAD, user: everything },
      { role: Role.CALDICOTT_GUARDIAN, user: everything },
      { role: Role.SIGNATORY, user: everything },
    ]);
    expect(holders).toEqual({ igLead: everything, caldicottGuardian: everything, siro: null, dpo: null, signatories: [everything] });
  });

  it('ignores roles that are not held posts', () => {
    const holders = roleHoldersFrom([
      { role: Role.ORG_ADMIN, user: user('admin') },
      { role: Role.PRACTITIONER, user: user('practitioner') },
      { role: Role.COMMISSIONER, user: user('commissioner') },
      { role: Role.SYSTEM_ADMIN, user: user('operator') },
    ]);
    expect(holders).toEqual({ igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [] });
  });

  it('takes the first row when a single-holder post appears twice', () => {
    const first = user('first');
    expect(roleHoldersFrom([{ role: Role.IG_LEAD, user: first }, { role: Role.IG_LEAD, user: user('second') }]).igLead).toBe(first);
  });

  it('lists exactly the posts an organisation shows', () => {
    expect([...HELD_POSTS].sort()).toEqual([Role.CALDICOTT_GUARDIAN, Role.DPO, Role.IG_LEAD, Role.SIGNATORY, Role.SIRO].sort());
  });
});

describe('rolesShownTo', () => {
  const caller = (organisationId: string, roles: Role[] = []): Caller => ({ userId: 'u', organisationId, email: 'u@example.org', roles: new Set(roles) });
  const roles = [Role.IG_LEAD, Role.ORG_ADMIN, Role.PRACTITIONER, Role.SIGNATORY];

  it('shows every role to the organisation itself and to a SYSTEM_ADMIN', () => {
    expect(rolesShownTo(caller('org-1'), 'org-1', roles)).toEqual(roles);
    expect(rolesShownTo(caller('org-9', [Role.SYSTEM_ADMIN]), 'org-1', roles)).toEqual(roles);
  });

  it('shows anyone else only the posts held', () => {
    expect(rolesShownTo(caller('org-2', [Role.IG_LEAD]), 'org-1', roles)).toEqual([Role.IG_LEAD, Role.SIGNATORY]);
    expect(rolesShownTo(caller('org-2'), 'org-1', [Role.PRACTITIONER, Role.COMMISSIONER])).toEqual([]);
  });
});
