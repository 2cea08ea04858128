import { DsptStatus, SecureEmailMethod } from './organisation.enums.js';
import { assuranceProblems, ICO_REGISTRATION_SHAPE, ODS_CODE_SHAPE, type AssuranceFields } from './organisation.rules.js';

describe('ODS_CODE_SHAPE', () => {
  it.each(['RJ1', 'RJ101', 'A81001', '8JR75', 'RXR', '00L'])('accepts %s', (code) => {
    expect(ODS_CODE_SHAPE.test(code)).toBe(true);
  });

  it.each(['rj1', 'R', 'RJ', 'RJ1012X', '', 'RJ 1', 'RJ-1', ' RJ1', 'RJ1\n'])('rejects %p', (code) => {
    expect(ODS_CODE_SHAPE.test(code)).toBe(false);
  });
});

describe('ICO_REGISTRATION_SHAPE', () => {
  it.each(['Z1234567', 'ZA123456', 'Z9999999', 'ZB000001'])('accepts %s', (number) => {
    expect(ICO_REGISTRATION_SHAPE.test(number)).toBe(true);
  });

  it.each(['Z123456', 'A1234567', 'ZAB12345', 'Z12345678', 'ZA1234567', 'z1234567', 'Za123456', '', 'Z1234567 '])('rejects %p', (number) => {
    expect(ICO_REGISTRATION_SHAPE.test(number)).toBe(false);
  });
});

describe('assuranceProblems', () => {
  const TODAY = '2026-05-20';
  const valid: AssuranceFields = {
    dsptStatus: DsptStatus.STANDARDS_MET,
    dsptStatusDate: '2025-06-30',
    secureEmailMethod: SecureEmailMethod.NHSMAIL,
    secureEmailAccreditationExpiry: null,
  };
  const check = (overrides: Partial<AssuranceFields>) => assuranceProblems({ ...valid, ...overrides }, TODAY);

  it('finds nothing wrong with consistent details', () => {
    expect(check({})).toEqual([]);
    expect(check({ dsptStatus: DsptStatus.NOT_PUBLISHED, dsptStatusDate: null, secureEmailMethod: SecureEmailMethod.NONE })).toEqual([]);
    expect(
      check({ secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED, secureEmailAccreditationExpiry: '2027-01-01' }),
    ).toEqual([]);
  });

  const published = Object.values(DsptStatus).filter((s) => s !== DsptStatus.NOT_PUBLISHED);

  it.each(published)('requires a DSPT status date when the status is %s', (status) => {
    expect(check({ dsptStatus: status, dsptStatusDate: null })).toEqual([
      { field: 'dsptStatusDate', rule: 'requiredWithDsptStatus', message: `is required when dsptStatus is ${status}` },
    ]);
  });

  it('treats an empty DSPT status date as missing', () => {
    expect(check({ dsptStatusDate: '' }).map((p) => p.rule)).toEqual(['requiredWithDsptStatus']);
  });

  it('requires the DSPT status date to be empty when NOT_PUBLISHED', () => {
    expect(check({ dsptStatus: DsptStatus.NOT_PUBLISHED, dsptStatusDate: '2025-06-30' })).toEqual([
      { field: 'dsptStatusDate', rule: 'emptyWhenNotPublished', message: 'must be empty when dsptStatus is NOT_PUBLISHED' },
    ]);
  });

  it('refuses a DSPT status date after today', () => {
    expect(check({ dsptStatusDate: '2026-05-21' })).toEqual([
      { field: 'dsptStatusDate', rule: 'notInFuture', message: 'must not be after today (2026-05-20)' },
    ]);
  });

  it('accepts a DSPT status date of today', () => {
    expect(check({ dsptStatusDate: TODAY })).toEqual([]);
  });

  it.each([SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365, SecureEmailMethod.DCB1596_SELF_ACCREDITED])(
    'requires an accreditation expiry for %s',
    (method) => {
      expect(check({ secureEmailMethod: method, secureEmailAccreditationExpiry: null })).toEqual([
        {
          field: 'secureEmailAccreditationExpiry',
          rule: 'requiredWithAccreditedMethod',
          message: `is required when secureEmailMethod is ${method}`,
        },
      ]);
    },
  );

  it.each([SecureEmailMethod.NHSMAIL, SecureEmailMethod.NONE])('refuses an accreditation expiry for %s', (method) => {
    expect(check({ secureEmailMethod: method, secureEmailAccreditationExpiry: '2027-01-01' })).toEqual([
      {
        field: 'secureEmailAccreditationExpiry',
        rule: 'onlyWithAccreditedMethod',
        message: `must be empty when secureEmailMethod is ${method} (only DCB1596 accreditations expire)`,
      },
    ]);
  });

  it('allows an accreditation expiry in the past (a lapsed accreditation is still a fact to record)', () => {
    expect(check({ secureEmailMethod: SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365, secureEmailAccreditationExpiry: '2020-01-01' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const problems = check({
      dsptStatus: DsptStatus.NOT_PUBLISHED,
      dsptStatusDate: '2030-01-01',
      secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED,
      secureEmailAccreditationExpiry: null,
    });
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual([
      'dsptStatusDate:emptyWhenNotPublished',
      'dsptStatusDate:notInFuture',
      'secureEmailAccreditationExpiry:requiredWithAccreditedMethod',
    ]);
  });
});
