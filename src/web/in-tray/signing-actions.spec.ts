import { VersionStatus } from '../../agreements/agreement.enums.js';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { signingActions } from './signing-actions.js';

const caller = (roles: Role[], organisationId = 'o1'): Caller => ({ userId: 'u', organisationId, email: 'u@example.org', roles: new Set(roles) });
const version = (status = VersionStatus.AWAITING_SIGNATURES) => ({ number: 2, status, frozen: { parties: [{ organisationId: 'o1' }, { organisationId: 'o2' }] } });

describe('signingActions', () => {
  it('offers Sign and Decline, to the signing page, to a signatory of a party yet to sign a version awaiting signatures', () => {
    expect(signingActions(caller([Role.SIGNATORY]), 'a1', version(), [])).toEqual({ signHref: '/in-tray/a1/versions/2#sign-version', declineHref: '/in-tray/a1/versions/2#decline-version' });
    expect(signingActions(caller([Role.CALDICOTT_GUARDIAN]), 'a1', version(), [{ organisationId: 'o2' }])).not.toBeNull();
  });

  it('offers nothing to someone who may not sign, to another organisation, once signed, or when no longer awaiting', () => {
    expect(signingActions(caller([Role.IG_LEAD, Role.PRACTITIONER]), 'a1', version(), [])).toBeNull();
    expect(signingActions(caller([Role.SIGNATORY], 'o3'), 'a1', version(), [])).toBeNull();
    expect(signingActions(caller([Role.SIGNATORY]), 'a1', version(), [{ organisationId: 'o1' }])).toBeNull();
    for (const status of [VersionStatus.ACTIVE, VersionStatus.DECLINED, VersionStatus.SUPERSEDED]) expect(signingActions(caller([Role.SIGNATORY]), 'a1', version(status), [])).toBeNull();
  });
});
