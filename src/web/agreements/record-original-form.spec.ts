import { SigningRole } from '../../agreements/agreement.enums.js';
import { carriedFields, checkAnswersView, datesInWords, normalisedField, placeRecordProblems, readRecordForm } from './record-original-form.js';

const parties = [
  { organisationId: 'a', organisationName: 'Northshire General Hospital NHS Trust' },
  { organisationId: 'b', organisationName: 'Northshire County Council' },
];
const OVERVIEW = '/agreements/x#findings';

describe('readRecordForm', () => {
  it('reads the record and each party’s signature as the input class names them', () => {
    const read = readRecordForm(
      {
        originalReference: ' NGH-17 ',
        'inForceFrom-day': '1', 'inForceFrom-month': '4', 'inForceFrom-year': '2024',
        'nextReviewDate-day': '31', 'nextReviewDate-month': '3', 'nextReviewDate-year': '2027',
        'party-0-signerName': 'Dr Amira Shah', 'party-0-signerJobTitle': 'Caldicott Guardian', 'party-0-signedAs': 'CALDICOTT_GUARDIAN',
        'party-0-signedOn-day': '1', 'party-0-signedOn-month': '3', 'party-0-signedOn-year': '2024',
        'party-1-signerName': 'Peter Okafor', 'party-1-signerJobTitle': 'Director', 'party-1-signedAs': 'SIRO',
        'party-1-signedOn-day': '5', 'party-1-signedOn-month': '3', 'party-1-signedOn-year': '2024',
      },
      parties,
    );
    expect(read.problems).toEqual([]);
    expect(read.values).toEqual({ originalReference: 'NGH-17', inForceFrom: '2024-04-01', nextReviewDate: '2027-03-31' });
    expect(read.parties).toEqual([
      { signerName: 'Dr Amira Shah', signerJobTitle: 'Caldicott Guardian', signedAs: 'CALDICOTT_GUARDIAN', signedOn: '2024-03-01' },
      { signerName: 'Peter Okafor', signerJobTitle: 'Director', signedAs: 'SIRO', signedOn: '2024-03-05' },
    ]);
  });

  it('says what is missing, naming the party, and refuses a date that is not real', () => {
    const read = readRecordForm({ 'inForceFrom-day': '31', 'inForceFrom-month': '2', 'inForceFrom-year': '2024' }, parties.slice(0, 1));
    expect(read.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'originalReference: Enter the reference on the signed original',
      'inForceFrom: must be a real date with a day, month and 4-digit year, for example 31 3 2026',
      'nextReviewDate: Enter the date of its next review',
      'parties[0].signerName: Enter the full name of who signed for Northshire General Hospital NHS Trust',
      'parties[0].signerJobTitle: Enter the job title of who signed for Northshire General Hospital NHS Trust',
      'parties[0].signedAs: Select the role in which they signed for Northshire General Hospital NHS Trust',
      'parties[0].signedOn: Enter the date they signed for Northshire General Hospital NHS Trust',
    ]);
  });
});

describe('placeRecordProblems', () => {
  it('places each problem once beside its input, in words, and in the summary linking to it', () => {
    const placed = placeRecordProblems(
      [
        { field: 'parties[1].signedOn', rule: 'notAfterInForceFrom', message: 'the signing date 2024-04-02 is after the date it came into force (2024-04-01)' },
        { field: 'parties.1.signedOn', rule: 'isString', message: 'signedOn must be a string' },
        { field: 'inForceFrom', rule: 'date', message: 'must be a real date with a day, month and 4-digit year, for example 31 3 2026' },
        { field: 'parties.0.signerName', rule: 'isLength', message: 'signerName must be 2 to 200 characters' },
        { field: 'parties[0].organisationId', rule: 'readyToBeParty', message: 'the organisation is not ready to be a party: it has no signatory' },
        { field: 'originalId', rule: 'uploaded', message: 'no signed original with this id was uploaded by your organisation' },
        { field: 'content.retention.period', rule: 'isLength', message: 'period must be 1 to 500 characters' },
      ],
      parties,
      OVERVIEW,
    );
    expect(placed.summary).toEqual([
      { href: '#party-1-signedOn-day', text: 'For Northshire County Council: the signing date 2 April 2024 is after the date it came into force (1 April 2024)' },
      { href: '#inForceFrom-day', text: 'The date it came into force must be a real date with a day, month and 4-digit year, for example 31 3 2026' },
      { href: '#party-0-signerName', text: 'The name of who signed for Northshire General Hospital NHS Trust must be 2 to 200 characters' },
      { href: '#party-0', text: 'Northshire General Hospital NHS Trust: the organisation is not ready to be a party: it has no signatory' },
      { href: '#original', text: 'The scanned signed original: no signed original with this id was uploaded by your organisation' },
      { href: OVERVIEW, text: 'In the agreement’s sections: Period must be 1 to 500 characters' },
    ]);
    expect(placed.errors.get('party-1-signedOn-day')).toBe(placed.summary[0].text);
    expect(placed.errors.has('content.retention.period')).toBe(false);
  });

  it('reads paths and dates as the pages show them', () => {
    expect(normalisedField('parties.12.signedOn')).toBe('parties[12].signedOn');
    expect(normalisedField('content.dataFlows.0.name')).toBe('content.dataFlows[0].name');
    expect(datesInWords('between 2024-03-01 and 2025-12-31')).toBe('between 1 March 2024 and 31 December 2025');
  });
});

describe('checking the record before recording it', () => {
  it('carries the form’s own fields through the check page, and nothing else', () => {
    const carried = carriedFields({ originalId: 'o1', originalReference: 'NGH-17', 'party-0-signerName': 'Dr Shah', injected: 'x', 'party-5-signerName': 'nobody' }, 1);
    expect(carried.map((f) => f.name)).toEqual([
      'originalId', 'originalReference', 'inForceFrom-day', 'inForceFrom-month', 'inForceFrom-year', 'nextReviewDate-day', 'nextReviewDate-month', 'nextReviewDate-year',
      'party-0-signerName', 'party-0-signerJobTitle', 'party-0-signedAs', 'party-0-signedOn-day', 'party-0-signedOn-month', 'party-0-signedOn-year',
    ]);
    expect(carried.find((f) => f.name === 'party-0-signerName')?.value).toBe('Dr Shah');
    expect(carried.find((f) => f.name === 'inForceFrom-day')?.value).toBe('');
  });

  it('says who signed for each party in words', () => {
    const view = checkAnswersView(
      { originalReference: 'NGH-17', inForceFrom: '2024-04-01', nextReviewDate: '2027-03-31', parties: [{ signerName: 'Peter Okafor', signerJobTitle: 'Director', signedAs: SigningRole.SIRO, signedOn: '2024-03-05' }] },
      parties.slice(1),
    );
    expect(view.parties).toEqual([{ index: 0, name: 'Northshire County Council', signer: 'Peter Okafor, Director', signedAs: 'Senior Information Risk Owner', signedOn: '2024-03-05' }]);
  });
});
