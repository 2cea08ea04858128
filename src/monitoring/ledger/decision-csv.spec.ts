import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { KeyQuestionsInput, SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { AdviceSource, ConsentStatus, DecisionOutcome, KeyQuestionAnswer, NotInformedReason, NotSharedReason } from '../monitoring.enums.js';
import { parseDecisionCsv, rowLabel } from './decision-csv.js';

const AGREEMENT = '44444444-4444-4444-8444-444444444444';
const FLOW = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const COUNCIL = '22222222-2222-4222-8222-222222222222';
const HOSPITAL = '11111111-1111-4111-8111-111111111111';

/** One valid shared decision, column by column. */
const SHARED_ROW: Record<string, string> = {
  clientKey: 'decision-0001',
  agreementId: AGREEMENT,
  flowId: FLOW,
  requestingOrganisationId: COUNCIL,
  disclosingOrganisationId: HOSPITAL,
  requestedAt: '2026-05-20T09:00:00Z',
  decidedAt: '2026-05-20T10:30:00Z',
  purposeType: 'INDIVIDUAL_CARE',
  purpose: 'Planning care after discharge',
  outcome: 'SHARED',
  notSharedReason: '',
  dataItemsShared: 'NHS number|Expected discharge date',
  dataItemsWithheld: '',
  includesSpecialCategory: 'yes',
  recordCount: '3',
  article6Basis: 'ART6_1_E_PUBLIC_TASK',
  article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
  commonLawBasis: 'EXPLICIT_CONSENT',
  consentStatus: 'GIVEN',
  capacityConsentBy: '',
  publicInterestOverride: 'no',
  overrideAuthorisedBy: '',
  overrideReason: '',
  adviceSought: 'IG_LEAD|DPO',
  transferMethod: 'NHSMAIL',
  personInformed: 'yes',
  notInformedReason: '',
  caseReference: 'CASE-42',
  q1: 'YES',
  q2: 'YES',
  q3: 'YES',
  q4: 'YES',
  q5: '',
  q6: 'YES',
  q7: 'YES',
};

/** A valid decision not to share, with no agreement and no key questions. */
const NOT_SHARED_ROW: Record<string, string> = {
  ...SHARED_ROW,
  clientKey: 'decision-0002',
  agreementId: '',
  flowId: '',
  outcome: 'NOT_SHARED',
  notSharedReason: 'NO_LEGITIMATE_PURPOSE',
  dataItemsShared: '',
  includesSpecialCategory: 'no',
  recordCount: '0',
  article6Basis: '',
  article9Condition: '',
  commonLawBasis: '',
  adviceSought: '',
  transferMethod: '',
  personInformed: 'no',
  notInformedReason: 'NOT_SHARED',
  caseReference: '',
  q1: '',
  q2: '',
  q3: '',
  q4: '',
  q5: '',
  q6: '',
  q7: '',
};

const COLUMNS = Object.keys(SHARED_ROW);

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A CSV of these rows, under a header of all the columns (or those given). */
const csvOf = (rows: Record<string, string>[], columns: string[] = COLUMNS, eol = '\n') =>
  [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))].join(eol) + eol;

const problemsOf = (rows: Record<string, string>[]) => parseDecisionCsv(csvOf(rows)).problems;

describe('rowLabel', () => {
  it('numbers data rows from 1', () => {
    expect(rowLabel(0)).toBe('row 1');
    expect(rowLabel(1)).toBe('row 2');
    expect(rowLabel(41)).toBe('row 42');
  });
});

describe('parseDecisionCsv', () => {
  describe('a valid file', () => {
    const { inputs, problems } = parseDecisionCsv(csvOf([SHARED_ROW, NOT_SHARED_ROW]));

    it('reads every row without problems', () => {
      expect(problems).toEqual([]);
      expect(inputs).toHaveLength(2);
    });

    it('makes SharingDecisionInput instances with Date fields', () => {
      for (const input of inputs) {
        expect(input).toBeInstanceOf(SharingDecisionInput);
        expect(input.requestedAt).toBeInstanceOf(Date);
        expect(input.decidedAt).toBeInstanceOf(Date);
      }
      expect(inputs[0].requestedAt.toISOString()).toBe('2026-05-20T09:00:00.000Z');
      expect(inputs[0].decidedAt.toISOString()).toBe('2026-05-20T10:30:00.000Z');
    });

    it('reads plain columns, enums, lists, booleans and integers', () => {
      expect(inputs[0]).toMatchObject({
        clientKey: 'decision-0001',
        agreementId: AGREEMENT,
        flowId: FLOW,
        requestingOrganisationId: COUNCIL,
        disclosingOrganisationId: HOSPITAL,
        purposeType: PurposeType.INDIVIDUAL_CARE,
        purpose: 'Planning care after discharge',
        outcome: DecisionOutcome.SHARED,
        dataItemsShared: ['NHS number', 'Expected discharge date'],
        dataItemsWithheld: [],
        includesSpecialCategory: true,
        recordCount: 3,
        article6Basis: Article6Basis.ART6_1_E_PUBLIC_TASK,
        article9Condition: Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE,
        commonLawBasis: CommonLawBasis.EXPLICIT_CONSENT,
        consentStatus: ConsentStatus.GIVEN,
        publicInterestOverride: false,
        adviceSought: [AdviceSource.IG_LEAD, AdviceSource.DPO],
        transferMethod: TransferMethod.NHSMAIL,
        personInformed: true,
        caseReference: 'CASE-42',
      });
    });

    it('leaves empty cells out', () => {
      expect(inputs[0].notSharedReason).toBeUndefined();
      expect(inputs[0].capacityConsentBy).toBeUndefined();
      expect(inputs[1].agreementId).toBeUndefined();
      expect(inputs[1].transferMethod).toBeUndefined();
    });

    it('gathers q1..q7 into a KeyQuestionsInput, leaving out the empty ones', () => {
      expect(inputs[0].keyQuestions).toBeInstanceOf(KeyQuestionsInput);
      expect({ ...inputs[0].keyQuestions }).toEqual({
        q1: KeyQuestionAnswer.YES,
        q2: KeyQuestionAnswer.YES,
        q3: KeyQuestionAnswer.YES,
        q4: KeyQuestionAnswer.YES,
        q6: KeyQuestionAnswer.YES,
        q7: KeyQuestionAnswer.YES,
      });
      expect(inputs[1].keyQuestions).toBeUndefined();
    });

    it('reads the decision not to share', () => {
      expect(inputs[1]).toMatchObject({
        outcome: DecisionOutcome.NOT_SHARED,
        notSharedReason: NotSharedReason.NO_LEGITIMATE_PURPOSE,
        dataItemsShared: [],
        adviceSought: [],
        includesSpecialCategory: false,
        recordCount: 0,
        personInformed: false,
        notInformedReason: NotInformedReason.NOT_SHARED,
      });
    });
  });

  it('defaults the lists, booleans and record count of columns left out', () => {
    const required = ['clientKey', 'requestingOrganisationId', 'disclosingOrganisationId', 'requestedAt', 'decidedAt', 'purposeType', 'outcome', 'consentStatus', 'personInformed'];
    const { inputs, problems } = parseDecisionCsv(csvOf([NOT_SHARED_ROW], required));
    expect(problems).toEqual([]);
    expect(inputs[0]).toMatchObject({
      dataItemsShared: [],
      dataItemsWithheld: [],
      adviceSought: [],
      includesSpecialCategory: false,
      publicInterestOverride: false,
      recordCount: 1,
    });
  });

  it('trims list items and drops empty ones', () => {
    const { inputs, problems } = parseDecisionCsv(csvOf([{ ...SHARED_ROW, dataItemsShared: ' NHS number | | Expected discharge date |' }]));
    expect(problems).toEqual([]);
    expect(inputs[0].dataItemsShared).toEqual(['NHS number', 'Expected discharge date']);
  });

  it.each([
    ['yes', true],
    ['YES', true],
    ['y', true],
    ['true', true],
    ['1', true],
    ['no', false],
    ['No', false],
    ['n', false],
    ['false', false],
    ['0', false],
  ])('reads the boolean %p as %p', (cell, value) => {
    const { inputs, problems } = parseDecisionCsv(csvOf([{ ...SHARED_ROW, includesSpecialCategory: cell }]));
    expect(problems).toEqual([]);
    expect(inputs[0].includesSpecialCategory).toBe(value);
  });

  it('reads quoted cells holding commas, quotes and line breaks', () => {
    const purpose = 'Discharge planning, "step-down" bed\nand home care';
    const csv = csvOf([{ ...SHARED_ROW, purpose, dataItemsShared: 'Name, preferred|Address "care of"' }]);
    expect(csv).toContain('"Discharge planning, ""step-down"" bed');
    const { inputs, problems } = parseDecisionCsv(csv);
    expect(problems).toEqual([]);
    expect(inputs[0].purpose).toBe(purpose);
    expect(inputs[0].dataItemsShared).toEqual(['Name, preferred', 'Address "care of"']);
  });

  it('reads a file that starts with a byte order mark', () => {
    const { inputs, problems } = parseDecisionCsv(`\uFEFF${csvOf([SHARED_ROW])}`);
    expect(problems).toEqual([]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0].clientKey).toBe('decision-0001');
  });

  it('reads CRLF line endings and skips blank lines', () => {
    const { inputs, problems } = parseDecisionCsv(csvOf([SHARED_ROW, NOT_SHARED_ROW], COLUMNS, '\r\n').replace('\r\n', '\r\n\r\n'));
    expect(problems).toEqual([]);
    expect(inputs.map((i) => i.clientKey)).toEqual(['decision-0001', 'decision-0002']);
  });

  it('trims cells', () => {
    const { inputs, problems } = parseDecisionCsv(csvOf([{ ...SHARED_ROW, outcome: ' SHARED ', clientKey: ' decision-0001 ' }]));
    expect(problems).toEqual([]);
    expect(inputs[0].outcome).toBe(DecisionOutcome.SHARED);
    expect(inputs[0].clientKey).toBe('decision-0001');
  });

  describe('problems are named by row and field', () => {
    it('a bad enum', () => {
      const problems = problemsOf([SHARED_ROW, { ...NOT_SHARED_ROW, outcome: 'MAYBE' }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 2.outcome', rule: 'isEnum' })]);
      expect(problems[0].message).toMatch(/^row 2, outcome: /);
    });

    it('a bad key-question answer', () => {
      const problems = problemsOf([{ ...SHARED_ROW, q3: 'PERHAPS' }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 1.keyQuestions.q3', rule: 'isEnum' })]);
      expect(problems[0].message).toMatch(/^row 1, keyQuestions\.q3: /);
    });

    it('a bad list item', () => {
      const problems = problemsOf([{ ...SHARED_ROW, adviceSought: 'DPO|THE_VICAR' }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 1.adviceSought', rule: 'isEnum' })]);
    });

    it.each(['next Tuesday', '1 Jan 1970', '-271821-04-20T00:00:00.000Z', '1899-12-31T23:59:59Z', '2026-02-30T10:00:00Z', '2026-11-21T10:00:00'])('a bad date (%p), read as the API reads a DateTime', (cell) => {
      const problems = problemsOf([{ ...SHARED_ROW, decidedAt: cell }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 1.decidedAt', rule: 'isDate' })]);
      expect(problems[0].message).toMatch(/^row 1, decidedAt: DateTime must be a real date and time/);
    });

    it('a bad boolean', () => {
      const problems = problemsOf([SHARED_ROW, NOT_SHARED_ROW, { ...SHARED_ROW, clientKey: 'decision-0003', personInformed: 'sometimes' }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 3.personInformed', rule: 'isBoolean' })]);
      expect(problems[0].message).toMatch(/^row 3, personInformed: /);
    });

    it.each(['many', '1.5', '2e3', '12abc'])('a bad integer (%p)', (cell) => {
      const problems = problemsOf([{ ...SHARED_ROW, recordCount: cell }]);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems).toContainEqual(expect.objectContaining({ field: 'row 1.recordCount', rule: 'isInt' }));
      for (const problem of problems) {
        expect(problem.field).toBe('row 1.recordCount');
        expect(problem.message).toMatch(/^row 1, recordCount: /);
      }
    });

    it('an integer out of range', () => {
      expect(problemsOf([{ ...SHARED_ROW, recordCount: '-1' }])).toEqual([expect.objectContaining({ field: 'row 1.recordCount', rule: 'min' })]);
    });

    it('a required column left empty', () => {
      const problems = problemsOf([{ ...SHARED_ROW, personInformed: '' }]);
      expect(problems).toEqual([expect.objectContaining({ field: 'row 1.personInformed', rule: 'isBoolean' })]);
    });

    it('problems of several rows and fields together, still returning every row', () => {
      const { inputs, problems } = parseDecisionCsv(csvOf([{ ...SHARED_ROW, requestedAt: 'soon' }, NOT_SHARED_ROW, { ...SHARED_ROW, consentStatus: 'NODDED' }]));
      expect(inputs).toHaveLength(3);
      expect(problems.map((p) => p.field)).toEqual(['row 1.requestedAt', 'row 3.consentStatus']);
    });
  });

  it('refuses unknown columns with one knownColumns problem', () => {
    const csv = csvOf([{ ...SHARED_ROW, patientName: 'Jo Bloggs', nhsNumber: '9434765919' }], [...COLUMNS, 'patientName', 'nhsNumber']);
    expect(parseDecisionCsv(csv)).toEqual({
      inputs: [],
      problems: [{ field: 'csv', rule: 'knownColumns', message: 'csv: unknown columns patientName, nhsNumber' }],
    });
  });

  it('refuses columns named after what every object inherits, __proto__ too', () => {
    const columns = [...COLUMNS, '__proto__', 'constructor', 'toString'];
    const csv = csvOf([{ ...SHARED_ROW, ['__proto__']: 'x', constructor: 'y', toString: 'z' } as Record<string, string>], columns);
    expect(parseDecisionCsv(csv)).toEqual({
      inputs: [],
      problems: [{ field: 'csv', rule: 'knownColumns', message: 'csv: unknown columns __proto__, constructor, toString' }],
    });
  });

  it('refuses a column that differs only in case', () => {
    const columns = COLUMNS.map((c) => (c === 'outcome' ? 'Outcome' : c));
    const { inputs, problems } = parseDecisionCsv(csvOf([{ ...SHARED_ROW, Outcome: 'SHARED' }], columns));
    expect(inputs).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ field: 'csv', rule: 'knownColumns', message: 'csv: unknown columns Outcome' })]);
  });

  it('refuses an empty file', () => {
    expect(parseDecisionCsv('')).toEqual({
      inputs: [],
      problems: [{ field: 'csv', rule: 'notEmpty', message: 'csv: a header row and at least one decision' }],
    });
  });

  it('refuses a file with only a header row', () => {
    expect(parseDecisionCsv(`${COLUMNS.join(',')}\n`)).toEqual({
      inputs: [],
      problems: [{ field: 'csv', rule: 'notEmpty', message: 'csv: a header row and at least one decision' }],
    });
  });

  it('refuses a file with an unclosed quote as a csvSyntax problem', () => {
    const csv = csvOf([SHARED_ROW]).replace('Planning care after discharge', '"Planning care after discharge');
    const { inputs, problems } = parseDecisionCsv(csv);
    expect(inputs).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ field: 'csv', rule: 'csvSyntax' })]);
    expect(problems[0].message).toMatch(/^csv: /);
  });

  it('refuses a row with the wrong number of cells as a csvSyntax problem', () => {
    const csv = `${csvOf([SHARED_ROW])}too,few,cells\n`;
    const { inputs, problems } = parseDecisionCsv(csv);
    expect(inputs).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ field: 'csv', rule: 'csvSyntax' })]);
  });
});
