import type { AgreementInvolvement } from '../../agreements/agreement-access-policy.js';
import { AgreementStatus, VariationStatus } from '../../agreements/agreement.enums.js';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { readReason, STATUS_NOTICES, statusActions } from './agreement-status-views.js';

const LEAD = 'lead-org';
const involvement: AgreementInvolvement = { leadOrganisationId: LEAD, draftPartyIds: new Set(), involvedOrganisationIds: new Set([LEAD, 'partner']), invitedOrganisationIds: new Set() };
const caller = (roles: Role[], organisationId = LEAD): Caller => ({ userId: 'u', organisationId, email: 'u@example.org', roles: new Set(roles) });
const active = { status: AgreementStatus.ACTIVE, variation: VariationStatus.NONE };
const actions = (c: Caller, state = active) => statusActions(c, involvement, state, 'a1').map((a) => a.action);

describe('suspending, resuming and terminating', () => {
  it('offers the buttons to the lead organisation’s IG lead, Caldicott Guardian and SIRO only', () => {
    for (const role of [Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO]) expect(actions(caller([role]))).toEqual(['suspend', 'terminate']);
    for (const role of [Role.SIGNATORY, Role.DPO, Role.PRACTITIONER, Role.ORG_ADMIN]) expect(actions(caller([role]))).toEqual([]);
    expect(actions(caller([Role.IG_LEAD, Role.SIRO], 'partner'))).toEqual([]);
  });

  it('offers only what the lifecycle allows now', () => {
    const lead = caller([Role.SIRO]);
    expect(actions(lead, { status: AgreementStatus.SUSPENDED, variation: VariationStatus.NONE })).toEqual(['resume', 'terminate']);
    expect(actions(lead, { status: AgreementStatus.DRAFT, variation: VariationStatus.NONE })).toEqual([]);
    expect(actions(lead, { status: AgreementStatus.TERMINATED, variation: VariationStatus.NONE })).toEqual([]);
    expect(statusActions(lead, involvement, active, 'a1')[0]).toEqual({ action: 'suspend', text: 'Suspend the agreement', href: '/agreements/a1/status/suspend', warning: true });
  });

  it('asks for a reason in NHS words', () => {
    expect(readReason('   ', 'suspend')).toEqual({ reason: '', error: 'Enter why you are suspending the agreement' });
    expect(readReason('', 'terminate').error).toBe('Enter why you are terminating the agreement');
    expect(readReason('ok', 'resume').error).toBe('The reason must be at least 3 characters');
    expect(readReason('x'.repeat(2001), 'resume').error).toBe('The reason must be 2,000 characters or fewer');
    expect(readReason(' DSPT not met until the audit is redone ', 'suspend')).toEqual({ reason: 'DSPT not met until the audit is redone', error: null });
    expect(Object.keys(STATUS_NOTICES)).toEqual(['status-suspend', 'status-resume', 'status-terminate']);
  });
});
