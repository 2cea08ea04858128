import { accreditationLapse, assuranceEntryProblems, changesAnything, dsptLapse, inForceOn, longDate, type AssuranceFacts } from './assurance.rules.js';
import { DsptStatus, SecureEmailMethod } from './organisation.enums.js';

const TODAY = '2026-06-01';

const entry = (over: Partial<AssuranceFacts> = {}): AssuranceFacts => ({
  effectiveFrom: '2025-07-01',
  dsptStatus: DsptStatus.STANDARDS_MET,
  dsptStatusDate: '2025-06-30',
  dsptNextDueDate: '2026-06-30',
  secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED,
  secureEmailAccreditationExpiry: '2026-03-01',
  icoRegistrationRenewalDate: null,
  ...over,
});

const rules = (previous: AssuranceFacts | null, next: AssuranceFacts) => assuranceEntryProblems(previous, next, TODAY).map((p) => `${p.field}:${p.rule}`);

describe('inForceOn', () => {
  const first = { effectiveFrom: '2025-01-01', n: 1 };
  const second = { effectiveFrom: '2025-07-01', n: 2 };
  const sameDay = { effectiveFrom: '2025-07-01', n: 3 };
  const backdated = { effectiveFrom: '2024-06-01', n: 4 };

  it('gives the latest entry to take effect by the date, the later recorded on a tie, and none before the first', () => {
    const entries = [first, second, sameDay, backdated];
    expect(inForceOn(entries, '2024-05-31')).toBeNull();
    expect(inForceOn(entries, '2024-06-01')).toBe(backdated);
    expect(inForceOn(entries, '2025-06-30')).toBe(first);
    expect(inForceOn(entries, '2025-07-01')).toBe(sameDay);
    expect(inForceOn(entries, '2030-01-01')).toBe(sameDay);
  });
});

describe('assuranceEntryProblems', () => {
  it('accepts a DSPT change with a new, later publication date', () => {
    expect(rules(entry(), entry({ effectiveFrom: '2026-05-01', dsptStatus: DsptStatus.STANDARDS_NOT_MET, dsptStatusDate: '2026-04-30', dsptNextDueDate: null }))).toEqual([]);
  });

  it('refuses a DSPT status change without a new publication date, naming the field and rule', () => {
    const problems = assuranceEntryProblems(entry(), entry({ effectiveFrom: '2026-05-01', dsptStatus: DsptStatus.STANDARDS_NOT_MET }), TODAY);
    expect(problems).toEqual([
      {
        field: 'dsptStatusDate',
        rule: 'newWhenDsptStatusChanges',
        message: 'must be a new publication date, after 30 June 2025, when dsptStatus changes from STANDARDS_MET to STANDARDS_NOT_MET',
      },
    ]);
    expect(rules(entry(), entry({ effectiveFrom: '2026-05-01', dsptStatus: DsptStatus.STANDARDS_NOT_MET, dsptStatusDate: '2025-01-01' }))).toEqual(['dsptStatusDate:newWhenDsptStatusChanges']);
  });

  it('lets the status fall to Not Published with no date, and a first entry take any status', () => {
    expect(rules(entry(), entry({ effectiveFrom: '2026-05-01', dsptStatus: DsptStatus.NOT_PUBLISHED, dsptStatusDate: null, dsptNextDueDate: null }))).toEqual([]);
    expect(rules(null, entry())).toEqual([]);
  });

  it('refuses an entry taking effect in the future, or before the status it records was published', () => {
    expect(rules(entry(), entry({ effectiveFrom: '2026-06-02' }))).toEqual(['effectiveFrom:notInFuture']);
    expect(rules(null, entry({ effectiveFrom: '2025-06-01' }))).toEqual(['dsptStatusDate:notAfterEffectiveFrom']);
  });

  it('refuses a next due date on or before the publication date', () => {
    expect(rules(null, entry({ dsptNextDueDate: '2025-06-30' }))).toEqual(['dsptNextDueDate:afterDsptStatusDate']);
  });

  it("keeps the organisation's own rules: an accredited method needs its expiry", () => {
    expect(rules(entry(), entry({ effectiveFrom: '2026-05-01', secureEmailAccreditationExpiry: null }))).toEqual(['secureEmailAccreditationExpiry:requiredWithAccreditedMethod']);
  });
});

describe('changesAnything', () => {
  it('is false only for an entry that repeats the one it follows', () => {
    expect(changesAnything(entry(), entry({ effectiveFrom: '2026-01-01' }))).toBe(false);
    expect(changesAnything(entry(), entry({ icoRegistrationRenewalDate: '2027-01-01' }))).toBe(true);
    expect(changesAnything(null, entry())).toBe(true);
  });
});

describe('lapses', () => {
  it('counts an accreditation as lapsed from the day after its expiry', () => {
    expect(accreditationLapse(entry(), '2026-03-01')).toBeNull();
    expect(accreditationLapse(entry(), '2026-03-02')).toEqual({ kind: 'ACCREDITATION_EXPIRED', since: '2026-03-01' });
    expect(accreditationLapse(entry({ secureEmailMethod: SecureEmailMethod.NHSMAIL, secureEmailAccreditationExpiry: null }), '2030-01-01')).toBeNull();
    expect(accreditationLapse(null, '2030-01-01')).toBeNull();
  });

  it('counts a DSPT as lapsed when Not Met (from its publication), or once its next assessment is overdue', () => {
    expect(dsptLapse(entry({ dsptStatus: DsptStatus.STANDARDS_NOT_MET, dsptStatusDate: '2026-04-30' }), TODAY)).toEqual({ kind: 'DSPT_NOT_MET', since: '2026-04-30' });
    expect(dsptLapse(entry(), '2026-06-30')).toBeNull();
    expect(dsptLapse(entry(), '2026-07-01')).toEqual({ kind: 'DSPT_OVERDUE', since: '2026-06-30' });
    expect(dsptLapse(entry({ dsptStatus: DsptStatus.APPROACHING_STANDARDS, dsptNextDueDate: null }), TODAY)).toBeNull();
  });

  it('writes dates out in words', () => {
    expect(longDate('2025-03-01')).toBe('1 March 2025');
  });
});
