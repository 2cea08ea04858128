import type { Caller } from './caller.js';
import { Role } from './role.js';
import {
  canCreateOrganisation,
  canGrantRole,
  canManageOrganisation,
  canManageUsersOf,
  canReadAuditLog,
  canSeeDirectoryOf,
  canSeeRoleHoldersOf,
  isSystemAdmin,
} from './access-policy.js';

const OWN_ORG = 'org-own';
const OTHER_ORG = 'org-other';

function caller(roles: Role[], organisationId = OWN_ORG): Caller {
  return { userId: 'user-1', organisationId, email: 'someone@example.org', roles: new Set(roles) };
}

const systemAdmin = caller([Role.SYSTEM_ADMIN], 'org-operator');
const orgAdmin = caller([Role.ORG_ADMIN]);
const orgAdminElsewhere = caller([Role.ORG_ADMIN], OTHER_ORG);
const PLAIN_ROLES = [Role.PRACTITIONER, Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.DPO, Role.SIGNATORY, Role.COMMISSIONER];

describe('isSystemAdmin / canCreateOrganisation / canReadAuditLog', () => {
  it.each<[string, Caller, boolean]>([
    ['SYSTEM_ADMIN', systemAdmin, true],
    ['SYSTEM_ADMIN who also holds ORG_ADMIN', caller([Role.ORG_ADMIN, Role.SYSTEM_ADMIN]), true],
    ['ORG_ADMIN', orgAdmin, false],
    ['caller with no roles', caller([]), false],
    ...PLAIN_ROLES.map((role): [string, Caller, boolean] => [role, caller([role]), false]),
  ])('%s -> %s', (_name, who, expected) => {
    expect(isSystemAdmin(who)).toBe(expected);
    expect(canCreateOrganisation(who)).toBe(expected);
    expect(canReadAuditLog(who)).toBe(expected);
  });
});

describe('canManageOrganisation and canManageUsersOf', () => {
  it('are the same rule', () => {
    expect(canManageUsersOf).toBe(canManageOrganisation);
  });

  it('let a SYSTEM_ADMIN manage any organisation, including ones they do not belong to', () => {
    expect(canManageOrganisation(systemAdmin, OWN_ORG)).toBe(true);
    expect(canManageOrganisation(systemAdmin, OTHER_ORG)).toBe(true);
    expect(canManageUsersOf(systemAdmin, OTHER_ORG)).toBe(true);
  });

  it('let an ORG_ADMIN manage their own organisation', () => {
    expect(canManageOrganisation(orgAdmin, OWN_ORG)).toBe(true);
    expect(canManageUsersOf(orgAdmin, OWN_ORG)).toBe(true);
  });

  it('refuse an ORG_ADMIN of another organisation', () => {
    expect(canManageOrganisation(orgAdminElsewhere, OWN_ORG)).toBe(false);
    expect(canManageUsersOf(orgAdminElsewhere, OWN_ORG)).toBe(false);
  });

  it.each(PLAIN_ROLES)('refuse a %s even in their own organisation', (role) => {
    expect(canManageOrganisation(caller([role]), OWN_ORG)).toBe(false);
    expect(canManageUsersOf(caller([role]), OWN_ORG)).toBe(false);
  });

  it('refuse a member with every role except ORG_ADMIN and SYSTEM_ADMIN', () => {
    expect(canManageOrganisation(caller(PLAIN_ROLES), OWN_ORG)).toBe(false);
  });
});

describe('canGrantRole', () => {
  it('lets only a SYSTEM_ADMIN grant SYSTEM_ADMIN', () => {
    expect(canGrantRole(systemAdmin, OWN_ORG, Role.SYSTEM_ADMIN)).toBe(true);
    expect(canGrantRole(systemAdmin, 'org-operator', Role.SYSTEM_ADMIN)).toBe(true);
  });

  it('refuses SYSTEM_ADMIN to an ORG_ADMIN even within their own organisation', () => {
    expect(canGrantRole(orgAdmin, OWN_ORG, Role.SYSTEM_ADMIN)).toBe(false);
    expect(canGrantRole(orgAdminElsewhere, OWN_ORG, Role.SYSTEM_ADMIN)).toBe(false);
  });

  it.each(PLAIN_ROLES)('refuses SYSTEM_ADMIN to a %s', (role) => {
    expect(canGrantRole(caller([role]), OWN_ORG, Role.SYSTEM_ADMIN)).toBe(false);
  });

  const grantable = Object.values(Role).filter((r) => r !== Role.SYSTEM_ADMIN);

  it.each(grantable)('lets a SYSTEM_ADMIN grant %s in any organisation', (role) => {
    expect(canGrantRole(systemAdmin, OTHER_ORG, role)).toBe(true);
  });

  it.each(grantable)('lets an ORG_ADMIN grant %s in their own organisation only', (role) => {
    expect(canGrantRole(orgAdmin, OWN_ORG, role)).toBe(true);
    expect(canGrantRole(orgAdmin, OTHER_ORG, role)).toBe(false);
  });

  it.each(PLAIN_ROLES)('refuses a %s granting any role, even ORG_ADMIN or PRACTITIONER in their own organisation', (role) => {
    expect(canGrantRole(caller([role]), OWN_ORG, Role.ORG_ADMIN)).toBe(false);
    expect(canGrantRole(caller([role]), OWN_ORG, Role.PRACTITIONER)).toBe(false);
  });
});

describe('canSeeDirectoryOf and canSeeRoleHoldersOf', () => {
  it('lets members of the organisation see its whole directory and role holders, whatever their role and with no partnership', () => {
    for (const who of [caller([Role.PRACTITIONER]), caller([]), orgAdmin]) {
      expect(canSeeDirectoryOf(who, OWN_ORG)).toBe(true);
      expect(canSeeRoleHoldersOf(who, OWN_ORG, false)).toBe(true);
    }
  });

  it('lets a SYSTEM_ADMIN see any organisation without a partnership', () => {
    expect(canSeeDirectoryOf(systemAdmin, OTHER_ORG)).toBe(true);
    expect(canSeeRoleHoldersOf(systemAdmin, OTHER_ORG, false)).toBe(true);
  });

  it('refuses members of an unrelated organisation, ORG_ADMINs included', () => {
    expect(canSeeRoleHoldersOf(caller([Role.PRACTITIONER], OTHER_ORG), OWN_ORG, false)).toBe(false);
    expect(canSeeRoleHoldersOf(orgAdminElsewhere, OWN_ORG, false)).toBe(false);
  });

  it("shows members of a partner the organisation's role holders, never its whole directory", () => {
    expect(canSeeRoleHoldersOf(caller([Role.PRACTITIONER], OTHER_ORG), OWN_ORG, true)).toBe(true);
    expect(canSeeRoleHoldersOf(orgAdminElsewhere, OWN_ORG, true)).toBe(true);
    expect(canSeeDirectoryOf(caller([Role.PRACTITIONER], OTHER_ORG), OWN_ORG)).toBe(false);
    expect(canSeeDirectoryOf(orgAdminElsewhere, OWN_ORG)).toBe(false);
  });
});
