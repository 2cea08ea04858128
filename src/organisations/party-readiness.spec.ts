import { partyReadiness } from './party-readiness.js';
import type { RoleHolders } from './role-holders.js';
import type { User } from './user.entity.js';

function user(id: string): User {
  return { id, organisationId: 'org-1', email: `${id}@example.org`, fullName: id, jobTitle: null, active: true } as User;
}

function holders(overrides: Partial<RoleHolders> = {}): RoleHolders {
  return { igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [], ...overrides };
}

const NO_IG_LEAD = { code: 'NO_IG_LEAD', message: 'No IG lead: give a user the IG_LEAD role' };
const NO_SIGNATORY = {
  code: 'NO_SIGNATORY',
  message: 'No one may sign agreements: give a user the SIGNATORY, CALDICOTT_GUARDIAN or SIRO role',
};

describe('partyReadiness', () => {
  it.each<[string, Partial<RoleHolders>]>([
    ['a signatory', { signatories: [user('sig')] }],
    ['several signatories', { signatories: [user('sig1'), user('sig2')] }],
    ['a Caldicott Guardian', { caldicottGuardian: user('cg') }],
    ['a SIRO', { siro: user('siro') }],
  ])('is ready with an IG lead and %s', (_name, signer) => {
    expect(partyReadiness(holders({ igLead: user('ig'), ...signer }))).toEqual({ ready: true, reasons: [] });
  });

  it('is not ready with nobody, giving both reasons with messages', () => {
    expect(partyReadiness(holders())).toEqual({ ready: false, reasons: [NO_IG_LEAD, NO_SIGNATORY] });
  });

  it('is not ready with signers but no IG lead', () => {
    const result = partyReadiness(holders({ signatories: [user('sig')], caldicottGuardian: user('cg'), siro: user('siro') }));
    expect(result).toEqual({ ready: false, reasons: [NO_IG_LEAD] });
  });

  it('is not ready with an IG lead but no one who may sign', () => {
    expect(partyReadiness(holders({ igLead: user('ig') }))).toEqual({ ready: false, reasons: [NO_SIGNATORY] });
  });

  it('does not count a DPO as someone who may sign', () => {
    expect(partyReadiness(holders({ igLead: user('ig'), dpo: user('dpo') }))).toEqual({ ready: false, reasons: [NO_SIGNATORY] });
  });
});
