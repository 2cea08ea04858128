import type { OrganisationAssurance } from '../../organisations/organisation-assurance.entity.js';
import { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import { assuranceRows, assuranceValuesOf } from './assurance-view.js';

const entry = (id: string, over: Partial<OrganisationAssurance>): OrganisationAssurance => ({
  id,
  organisationId: 'o1',
  effectiveFrom: '2025-06-30',
  dsptStatus: DsptStatus.STANDARDS_MET,
  dsptStatusDate: '2025-06-30',
  dsptNextDueDate: null,
  secureEmailMethod: SecureEmailMethod.NHSMAIL,
  secureEmailAccreditationExpiry: null,
  icoRegistrationRenewalDate: null,
  recordedAt: new Date('2026-01-01T10:00:00Z'),
  ...over,
});

describe('assurance history view', () => {
  // The latest to take effect first, as the service gives them; one recorded later but backdated.
  const history = [
    entry('2', { effectiveFrom: '2026-03-01', dsptStatus: DsptStatus.STANDARDS_NOT_MET, dsptStatusDate: '2026-03-01', secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED, secureEmailAccreditationExpiry: '2027-01-31' }),
    entry('3', { effectiveFrom: '2025-12-01', icoRegistrationRenewalDate: '2026-11-30' }),
    entry('1', {}),
  ];

  it('puts each entry in words and marks the one in force on the day', () => {
    expect(assuranceRows(history, '2026-02-01').map((r) => [r.id, r.inForce, r.dspt, r.secureEmail])).toEqual([
      ['2', false, 'Standards Not Met', 'Self-accredited to DCB1596'],
      ['3', true, 'Standards Met', 'NHSmail'],
      ['1', false, 'Standards Met', 'NHSmail'],
    ]);
    expect(assuranceRows(history, '2026-03-01').find((r) => r.inForce)?.id).toBe('2');
    expect(assuranceRows(history, '2025-01-01').some((r) => r.inForce)).toBe(false);
  });

  it('fills the form from the entry in force, leaving the date it takes effect for today', () => {
    expect(assuranceValuesOf(history[0])).toEqual({
      effectiveFrom: { day: '', month: '', year: '' },
      dsptStatus: 'STANDARDS_NOT_MET',
      dsptStatusDate: { day: '1', month: '3', year: '2026' },
      dsptNextDueDate: { day: '', month: '', year: '' },
      secureEmailMethod: 'DCB1596_SELF_ACCREDITED',
      secureEmailAccreditationExpiry: { day: '31', month: '1', year: '2027' },
      icoRegistrationRenewalDate: { day: '', month: '', year: '' },
    });
  });
});
