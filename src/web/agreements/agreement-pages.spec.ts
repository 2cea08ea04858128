import {
  AgreementKind,
  Article6Basis,
  Article9Condition,
  CommonLawBasis,
  DpiaOutcome,
  FlowFrequency,
  Identifiability,
  InternationalTransferSafeguard,
  PartyRole,
  PurposeType,
  Schedule1Condition,
  TransferMethod,
} from '../../agreements/agreement.enums.js';
import type { PartyFacts } from '../../agreements/compliance/compliance-input.js';
import { checkCompliance } from '../../agreements/compliance/compliance-rules.js';
import { emptyContent, type AgreementContent } from '../../agreements/content/agreement-content.model.js';
import { UpdateAgreementDraftInput } from '../../agreements/dto/update-agreement-draft.input.js';
import type { FrozenAgreement } from '../../agreements/versions/frozen-agreement.js';
import { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import { hrefOf, idOf, labelOfPath, normalisePath, placeOf } from './agreement-field-paths.js';
import { fieldView, placeProblems, problemsFromService, readField, readable, validateInput, type FieldView } from './agreement-form.js';
import { flowForm, SECTION_FORMS, type Block, type DraftContext } from './agreement-section-forms.js';
import { changedPages, changeLabel, changedSections, describeValue, findingViews, listRow, namesOf, sectionTasks, taskStatus, TaskStatus } from './agreement-views.js';
import { AgreementDisplayStatus, AgreementStatus, VariationStatus } from '../../agreements/agreement.enums.js';

const HOSPITAL = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0001';
const COUNCIL = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0002';
const FLOW = '6f1c1a52-5a43-4c1e-9a57-3f1c1d6a0010';
const TODAY = '2026-05-20';

const party = (organisationId: string, organisationName: string, overrides: Partial<PartyFacts> = {}): PartyFacts => ({
  organisationId,
  organisationName,
  role: PartyRole.CONTROLLER,
  readiness: { ready: true, reasons: [] },
  dsptStatus: DsptStatus.STANDARDS_MET,
  secureEmailMethod: SecureEmailMethod.NHSMAIL,
  secureEmailAccreditationExpiry: null,
  ...overrides,
});

function draftOf(content: AgreementContent, parties = 2): DraftContext {
  return {
    agreementId: 'a1',
    reference: 'ISP-2026-0001',
    title: 'Discharge',
    kind: AgreementKind.ISP,
    revision: 3,
    leadOrganisationId: HOSPITAL,
    parentProtocolId: null,
    parties: [
      { organisationId: HOSPITAL, organisationName: 'Hospital', odsCode: null, role: PartyRole.CONTROLLER },
      { organisationId: COUNCIL, organisationName: 'Council', odsCode: null, role: PartyRole.CONTROLLER },
    ].slice(0, parties),
    content,
  };
}

/** A draft with something wrong in nearly every section. */
function faulty(): AgreementContent {
  return {
    ...emptyContent(),
    purposes: [{ description: 'Research into falls', purposeType: PurposeType.RESEARCH }],
    dataSubjects: { categories: ['Children in care'], includesChildren: true, childrenHighPrivacyDefault: null },
    legalBasis: {
      article6: [Article6Basis.ART6_1_A_CONSENT],
      article9: [
        { condition: Article9Condition.ART9_2_A_EXPLICIT_CONSENT, schedule1Condition: null },
        { condition: Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST, schedule1Condition: Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE },
      ],
      commonLawBases: [CommonLawBasis.IMPLIED_CONSENT],
      statutoryPowers: [],
    },
    dataFlows: [
      {
        id: FLOW,
        name: 'Falls data',
        fromOrganisationId: HOSPITAL,
        toOrganisationId: HOSPITAL,
        dataItems: [
          { name: 'NHS number', specialCategory: false, identifiability: Identifiability.IDENTIFIABLE, justification: null },
          { name: 'Diagnosis', specialCategory: true, identifiability: Identifiability.IDENTIFIABLE, justification: 'x' },
        ],
        frequency: FlowFrequency.DAILY,
        transferMethod: TransferMethod.STANDARD_EMAIL,
        estimatedRecordsPerYear: 5000,
        recipientRetention: null,
        transferOutsideUk: true,
        outsideUkSafeguard: InternationalTransferSafeguard.NONE,
      },
      {
        id: null,
        name: 'Counts',
        fromOrganisationId: COUNCIL,
        toOrganisationId: 'ffffffff-5a43-4c1e-9a57-3f1c1d6a0099',
        dataItems: [{ name: 'Count', specialCategory: true, identifiability: Identifiability.ANONYMISED, justification: null }],
        frequency: null,
        transferMethod: null,
        estimatedRecordsPerYear: null,
        recipientRetention: 'Forever',
        transferOutsideUk: false,
        outsideUkSafeguard: null,
      },
      { id: null, name: 'Empty', fromOrganisationId: HOSPITAL, toOrganisationId: COUNCIL, dataItems: [], transferMethod: TransferMethod.NHSMAIL, transferOutsideUk: false },
    ],
    dpia: { reference: 'D1', outcome: DpiaOutcome.NOT_REQUIRED, completedOn: null },
    review: { cycleMonths: 48, nextReviewDate: '2030-01-01' },
  };
}

/** Every id an element has on a page drawn from these blocks. */
function idsOf(blocks: Block[]): Set<string> {
  const ids = new Set<string>();
  const add = (field: FieldView) => {
    ids.add(field.id);
    if (field.date) ['day', 'month', 'year'].forEach((part) => ids.add(`${field.id}-${part}`));
    for (const option of field.options ?? []) {
      ids.add(option.id);
      option.conditional?.forEach(add);
    }
  };
  for (const block of blocks) {
    if ('field' in block) add(block.field);
    else block.group.rows.forEach((row) => row.fields.forEach(add));
  }
  return ids;
}

describe('agreement pages: where each field is', () => {
  it('names inputs from paths, in either notation', () => {
    expect(normalisePath('dataFlows.0.dataItems.2.justification')).toBe('dataFlows[0].dataItems[2].justification');
    expect(normalisePath('input.review.cycleMonths')).toBe('review.cycleMonths');
    expect(idOf('dataFlows[0].dataItems[2].justification')).toBe('dataFlows-0-dataItems-2-justification');
    expect(labelOfPath('dataFlows[3].dataItems[1].justification')).toBe('Why this item is needed');
    expect(labelOfPath('benefits[2]')).toBe('Benefits');
  });

  it('links each field to its page and input: flows to their own page, dates to their day, empty lists to the row for a new one', () => {
    const draft = draftOf(faulty());
    const shape = { content: draft.content, partyCount: 2 };
    const href = (path: string | null) => hrefOf('a1', placeOf(path, shape));
    expect(href('dataFlows[0].dataItems[0].justification')).toBe(`/agreements/a1/edit/data-flows/${FLOW}#dataFlows-0-dataItems-0-justification`);
    expect(href('dataFlows[2].dataItems')).toBe('/agreements/a1/edit/data-flows/new#dataFlows-2-dataItems-0-name');
    expect(href('review.nextReviewDate')).toBe('/agreements/a1/edit/review#review-nextReviewDate-day');
    expect(href('purposes')).toBe('/agreements/a1/edit/purposes#purposes-1-description');
    expect(href('parties')).toBe('/agreements/a1/edit/parties#parties-0-role');
    expect(hrefOf('a1', placeOf('parties', { ...shape, partyCount: 1 }))).toBe('/agreements/a1/edit/parties#parties');
    expect(href('parties[1]')).toBe('/agreements/a1/edit/parties#parties-1-role');
    expect(href('legalBasis.article9[1].schedule1Condition')).toBe('/agreements/a1/edit/legal-basis#legalBasis-article9-1-schedule1Condition');
    expect(href('dataFlows')).toBe('/agreements/a1/edit/data-flows#dataFlows');
    expect(href(null)).toBe('/agreements/a1#findings');
    expect(href('title')).toBe('/agreements/a1/edit/details#title');
  });

  it('every finding the compliance rules raise links to an input that is on the page it names', () => {
    const contents = [emptyContent(), faulty()];
    let checked = 0;
    for (const content of contents) {
      for (const parties of [[party(HOSPITAL, 'Hospital')], [party(HOSPITAL, 'Hospital', { dsptStatus: DsptStatus.STANDARDS_NOT_MET }), party(COUNCIL, 'Council', { readiness: { ready: false, reasons: [] } })]]) {
        const draft = draftOf(content, parties.length);
        const findings = checkCompliance({ kind: AgreementKind.ISP, title: draft.title, parentProtocol: null, parties, content, asAt: TODAY });
        for (const finding of findings) {
          const place = placeOf(finding.field, { content, partyCount: parties.length });
          const where = `${finding.code} at ${finding.field}`;
          if (place.slug === 'overview') throw new Error(`${where} has no page`);
          let ids: Set<string>;
          if (place.flow) ids = idsOf(flowForm(place.flow.index).blocks(flowForm(place.flow.index).toForm(draft), new Map(), draft));
          else if (place.slug === 'parties') ids = new Set(['parties', ...draft.parties.map((_, i) => `parties-${i}-role`)]);
          else if (place.slug === 'data-flows') ids = new Set(['dataFlows']);
          else {
            const form = SECTION_FORMS.get(place.slug)!;
            ids = idsOf(form.blocks(form.toForm(draft), new Map(), draft));
          }
          expect({ where, id: place.inputId, found: ids.has(place.inputId!) }).toEqual({ where, id: place.inputId, found: true });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('turns findings into links with their severity', () => {
    const draft = draftOf(emptyContent(), 1);
    const views = findingViews(checkCompliance({ kind: AgreementKind.ISP, title: 't', parentProtocol: null, parties: [party(HOSPITAL, 'Hospital')], content: draft.content, asAt: TODAY }), 'a1', {
      content: draft.content,
      partyCount: 1,
    });
    expect(views.find((v) => v.code === 'NO_PURPOSE')).toMatchObject({ blocker: true, href: '/agreements/a1/edit/purposes#purposes-0-description', slug: 'purposes' });
    expect(views.find((v) => v.code === 'NO_BENEFITS')).toMatchObject({ blocker: false, href: '/agreements/a1/edit/purposes#benefits' });
    const tasks = sectionTasks(draft, views, { canEdit: true, canLead: false });
    expect(tasks.find((t) => t.slug === 'details')).toMatchObject({ href: null });
    // Nothing typed in purposes yet: Not started, whatever its findings; the hint counts them.
    expect(tasks.find((t) => t.slug === 'purposes')).toMatchObject({ href: '/agreements/a1/edit/purposes', tag: { text: 'Not started' }, statusText: null, hint: '1 blocker to fix, 1 warning' });
    expect(tasks.find((t) => t.slug === 'rights')).toMatchObject({ tag: { text: 'Not started' }, statusText: null, changed: false });
    expect(tasks.find((t) => t.slug === 'details')).toMatchObject({ tag: null, statusText: 'Completed' });
  });

  it('says a section is Not started, In progress or Completed: begun with a blocker left is In progress', () => {
    expect(taskStatus(true, 0)).toBe(TaskStatus.NOT_STARTED);
    expect(taskStatus(true, 2)).toBe(TaskStatus.NOT_STARTED);
    expect(taskStatus(false, 1)).toBe(TaskStatus.IN_PROGRESS);
    expect(taskStatus(false, 0)).toBe(TaskStatus.COMPLETED);
    const draft = draftOf({ ...emptyContent(), scope: 'Adults leaving hospital' }, 2);
    const views = findingViews(checkCompliance({ kind: AgreementKind.ISP, title: 't', parentProtocol: null, parties: [party(HOSPITAL, 'Hospital'), party(COUNCIL, 'Council')], content: draft.content, asAt: TODAY }), 'a1', { content: draft.content, partyCount: draft.parties.length });
    const tasks = sectionTasks(draft, views, { canEdit: true, canLead: true }, new Set(['purposes']));
    expect(tasks.find((t) => t.slug === 'purposes')).toMatchObject({ tag: { text: 'In progress', colour: 'blue' }, changed: true });
    expect(tasks.find((t) => t.slug === 'security')).toMatchObject({ changed: false });
  });

  it('finds the pages a variation changed from the sections of the difference', () => {
    expect([...changedPages(['title', 'scope', 'benefits', 'consentAndTransparency', 'dataFlows'])].sort()).toEqual(['consent', 'data-flows', 'details', 'purposes']);
  });
});

describe('agreement pages: reading forms', () => {
  it('reads whole numbers, dates in three boxes and yes/no answers, saying what is wrong in the words of the summary', () => {
    const integer = { id: 'review-cycleMonths', kind: 'integer', label: 'How often?' } as const;
    expect(readField(integer, { 'review-cycleMonths': ' 12 ' })).toEqual({ value: 12 });
    expect(readField(integer, { 'review-cycleMonths': '' })).toEqual({ value: null });
    expect(readField(integer, { 'review-cycleMonths': 'twelve' }, 'review.cycleMonths').problem).toBe('Months between reviews must be a whole number, like 12');
    const date = { id: 'review-nextReviewDate', kind: 'date', label: 'Next review' } as const;
    expect(readField(date, { 'review-nextReviewDate-day': '1', 'review-nextReviewDate-month': '3', 'review-nextReviewDate-year': '2027' })).toEqual({ value: '2027-03-01' });
    expect(readField(date, { 'review-nextReviewDate-day': '31', 'review-nextReviewDate-month': '2', 'review-nextReviewDate-year': '2027' }).problem).toMatch(/must be a real date/);
    expect(readField(date, {})).toEqual({ value: null });
    const yesNo = { id: 'x', kind: 'yesNo', label: 'Children?', required: 'Select yes if children are in scope' } as const;
    expect(readField(yesNo, { x: 'yes' })).toEqual({ value: true });
    expect(readField(yesNo, {})).toEqual({ value: null, problem: 'Select yes if children are in scope' });
    expect(readField({ id: 'l', kind: 'lines', label: 'L' }, { l: ' a \r\n\r\n b ' })).toEqual({ value: ['a', 'b'] });
    expect(readField({ id: 't', kind: 'textarea', label: 'T' }, { t: ' First line\r\nSecond line\rThird ' })).toEqual({ value: 'First line\nSecond line\nThird' });
    expect(readField({ id: 'c', kind: 'checkboxes', label: 'C' }, { c: 'A' })).toEqual({ value: ['A'] });
  });

  it("words the input classes' and the services' messages for the field", async () => {
    expect(readable('review.cycleMonths', 'max', 'cycleMonths must not be greater than 120', 500)).toBe('Months between reviews must not be greater than 120');
    expect(readable('purposes[0].description', 'isLength', 'description must be longer than or equal to 1 characters', '')).toBe('Enter description of the purpose');
    expect(readable('purposes[0].purposeType', 'isEnum', 'purposeType must be one of …', undefined)).toBe('Select type of purpose');
    expect(problemsFromService([{ field: 'parties', rule: 'includesLead', message: 'must include the lead organisation' }])).toEqual([
      { path: 'parties', message: 'Parties must include the lead organisation' },
    ]);
    const { problems } = await validateInput(UpdateAgreementDraftInput, {
      agreementId: '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0001',
      expectedRevision: 2,
      dataFlows: [{ name: 'F', fromOrganisationId: HOSPITAL, toOrganisationId: COUNCIL, transferOutsideUk: false, dataItems: [{ name: '', specialCategory: false, identifiability: 'IDENTIFIABLE' }] }],
    });
    expect(problems).toEqual([{ path: 'dataFlows[0].dataItems[0].name', message: 'Enter name of the data item' }]);
    const placed = placeProblems(problems, { content: emptyContent(), partyCount: 2 });
    expect(placed.summary).toEqual([{ href: '#dataFlows-0-dataItems-0-name', text: 'Enter name of the data item' }]);
  });

  it('reads rows: blank rows are left out, a removed row goes, and the rest are numbered again', () => {
    const purposes = SECTION_FORMS.get('purposes')!;
    const read = purposes.read(
      {
        'purposes-rows': '3',
        'purposes-0-description': 'First',
        'purposes-0-purposeType': 'INDIVIDUAL_CARE',
        'purposes-1-description': 'Second',
        'purposes-1-purposeType': 'SAFEGUARDING',
        'purposes-2-description': '',
        remove: 'purposes-0',
        scope: ' Everyone ',
        benefits: 'Faster\nSafer',
      },
      draftOf(emptyContent()),
    );
    expect(read.values).toEqual({ scope: 'Everyone', purposes: [{ description: 'Second', purposeType: 'SAFEGUARDING' }], benefits: ['Faster', 'Safer'] });
    expect(read.form).toMatchObject({ 'purposes-rows': '1', 'purposes-0-description': 'Second', 'purposes-0-purposeType': 'SAFEGUARDING' });
    // Shown again: the row kept, and one empty row to add another.
    const blocks = purposes.blocks(read.form, new Map(), draftOf(emptyContent()));
    const group = blocks.find((b): b is Extract<Block, { group: unknown }> => 'group' in b)!.group;
    expect(group.rows.map((r) => r.legend)).toEqual(['Purpose 1', 'Add another purpose']);
    expect(group.rowsValue).toBe(2);
  });

  it('reads the legal basis in the order of the law, with a Schedule 1 condition only where Article 9 needs one', () => {
    const legal = SECTION_FORMS.get('legal-basis')!;
    const read = legal.read(
      {
        'legalBasis-article6': ['ART6_1_E_PUBLIC_TASK', 'ART6_1_C_LEGAL_OBLIGATION'],
        'legalBasis-article9': ['ART9_2_H_HEALTH_SOCIAL_CARE', 'ART9_2_A_EXPLICIT_CONSENT'],
        'legalBasis-article9-ART9_2_H_HEALTH_SOCIAL_CARE-schedule1Condition': 'SCH1_P1_2_HEALTH_SOCIAL_CARE',
        'legalBasis-commonLawBases': 'EXPLICIT_CONSENT',
        'legalBasis-statutoryPowers': 'Care Act 2014 s42',
      },
      draftOf(emptyContent()),
    );
    expect(read.values.legalBasis).toEqual({
      article6: ['ART6_1_E_PUBLIC_TASK', 'ART6_1_C_LEGAL_OBLIGATION'],
      article9: [
        { condition: 'ART9_2_A_EXPLICIT_CONSENT', schedule1Condition: null },
        { condition: 'ART9_2_H_HEALTH_SOCIAL_CARE', schedule1Condition: 'SCH1_P1_2_HEALTH_SOCIAL_CARE' },
      ],
      commonLawBases: ['EXPLICIT_CONSENT'],
      statutoryPowers: ['Care Act 2014 s42'],
    });
    // Each Schedule 1 select is named by its condition's position in the draft, as findings name it.
    const ids = idsOf(legal.blocks(read.form, new Map(), draftOf(emptyContent())));
    expect(ids.has('legalBasis-article9-1-schedule1Condition')).toBe(true);
    expect(ids.has('legalBasis-article9-ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST-schedule1Condition')).toBe(true);
  });

  it('reads a flow with its items, keeping its id; a follow-up question not asked for is left empty', () => {
    const draft = draftOf({ ...emptyContent(), dataFlows: faulty().dataFlows });
    const read = flowForm(0).read(
      {
        'dataFlows-0-name': 'Falls data',
        'dataFlows-0-fromOrganisationId': HOSPITAL,
        'dataFlows-0-toOrganisationId': COUNCIL,
        'dataFlows-0-transferMethod': 'MESH',
        'dataFlows-0-transferOutsideUk': 'no',
        'dataFlows-0-outsideUkSafeguard': 'NONE',
        'dataFlows-0-estimatedRecordsPerYear': '1,200',
        'dataFlows-0-dataItems-rows': '2',
        'dataFlows-0-dataItems-0-name': 'NHS number',
        'dataFlows-0-dataItems-0-identifiability': 'PSEUDONYMISED',
        'dataFlows-0-dataItems-0-specialCategory': 'no',
        'dataFlows-0-dataItems-1-name': 'Diagnosis',
      },
      draft,
    );
    expect(read.flow).toMatchObject({ id: FLOW, name: 'Falls data', transferMethod: 'MESH', transferOutsideUk: false, outsideUkSafeguard: null, estimatedRecordsPerYear: 1200, frequency: null });
    expect(read.flow.dataItems).toEqual([
      { name: 'NHS number', identifiability: 'PSEUDONYMISED', specialCategory: false, justification: null },
      { name: 'Diagnosis', identifiability: null, specialCategory: null, justification: null },
    ]);
    expect(read.problems).toEqual([{ path: 'dataFlows[0].dataItems[1].specialCategory', message: 'Select yes if the data item is special category information' }]);
  });

  it('draws fields as the NHS components expect: hint and error described, options checked', () => {
    const view = fieldView(
      { id: 'dpia-outcome', kind: 'radios', label: 'Outcome', hint: 'Pick one', choices: [{ value: 'A', label: 'A' }, { value: 'B', label: 'B', hint: 'bee' }] },
      { 'dpia-outcome': 'B' },
      new Map([['dpia-outcome', 'Select the outcome']]),
    );
    expect(view).toMatchObject({ radios: true, describedBy: 'dpia-outcome-hint dpia-outcome-error', error: 'Select the outcome' });
    expect(view.options).toEqual([
      expect.objectContaining({ id: 'dpia-outcome', checked: false }),
      expect.objectContaining({ id: 'dpia-outcome-2', checked: true, hintId: 'dpia-outcome-2-item-hint' }),
    ]);
  });
});

describe('agreement pages: what they show', () => {
  it('tags agreements awaiting signatures or due for review, and highlights them', () => {
    const base = { id: 'a', reference: 'ISP-1', title: 'T', kind: 'ISP', leadName: 'L', nextReviewDate: null, daysUntilReview: null, variationStatus: VariationStatus.NONE };
    expect(listRow({ ...base, status: AgreementStatus.ACTIVE, displayStatus: AgreementDisplayStatus.REVIEW_DUE, daysUntilReview: 10 })).toMatchObject({ highlighted: true, tags: [{ text: 'Review due' }] });
    expect(listRow({ ...base, status: AgreementStatus.ACTIVE, displayStatus: AgreementDisplayStatus.REVIEW_DUE, daysUntilReview: -3 })).toMatchObject({ tags: [{ text: 'Review overdue', colour: 'red' }] });
    expect(listRow({ ...base, status: AgreementStatus.AWAITING_SIGNATURES, displayStatus: AgreementDisplayStatus.AWAITING_SIGNATURES })).toMatchObject({ highlighted: true });
    expect(listRow({ ...base, status: AgreementStatus.ACTIVE, displayStatus: AgreementDisplayStatus.ACTIVE, variationStatus: VariationStatus.AWAITING_SIGNATURES })).toMatchObject({
      highlighted: true,
      tags: [{ text: 'Active' }, { text: 'Variation awaiting signatures' }],
    });
    expect(listRow({ ...base, status: AgreementStatus.DRAFT, displayStatus: AgreementDisplayStatus.DRAFT })).toMatchObject({ highlighted: false, kind: 'Information sharing agreement' });
  });

  it('words the differences between versions: flows and parties by name, values by their labels', () => {
    const frozen = (method: TransferMethod): FrozenAgreement => ({
      reference: 'ISP-1',
      kind: AgreementKind.ISP,
      title: 'T',
      leadOrganisationId: HOSPITAL,
      parentProtocolId: null,
      versionNumber: 1,
      parties: [{ organisationId: COUNCIL, organisationName: 'Council', odsCode: null, role: PartyRole.CONTROLLER }],
      content: { ...emptyContent(), dataFlows: [{ ...faulty().dataFlows[0], transferMethod: method }] },
    });
    const names = namesOf(frozen(TransferMethod.FAX), frozen(TransferMethod.NHSMAIL));
    expect(changeLabel(`dataFlows.${FLOW}.transferMethod`, names)).toBe('Data flow “Falls data”: Transfer method');
    expect(changeLabel(`dataFlows.${FLOW}.dataItems[1].name`, names)).toBe('Data flow “Falls data”: Name of the data item 2');
    expect(changeLabel(`parties.${COUNCIL}.role`, names)).toBe('Party “Council”: Role');
    expect(changeLabel('purposes[1].description', names)).toBe('Description of the purpose 2');
    expect(describeValue('NHSMAIL', names)).toBe('NHSmail');
    expect(describeValue(COUNCIL, names)).toBe('Council');
    expect(describeValue(null, names)).toBe('Not stated');
    expect(describeValue(['ART6_1_E_PUBLIC_TASK'], names)).toBe('Article 6(1)(e): public task');
    expect(describeValue({ condition: 'ART9_2_H_HEALTH_SOCIAL_CARE', schedule1Condition: 'SCH1_P1_2_HEALTH_SOCIAL_CARE' }, names)).toBe(
      'Article 9(2)(h): health or social care, DPA 2018 Sch 1 Part 1 para 2: health or social care purposes',
    );
    expect(changedSections(['dataFlows'], [{ section: 'dataFlows', path: `dataFlows.${FLOW}.transferMethod`, before: 'FAX', after: 'NHSMAIL' }], names)).toEqual([
      { title: 'Data flows', changes: [{ field: 'Data flow “Falls data”: Transfer method', before: 'Fax (not secure)', after: 'NHSmail', beforeFields: null, afterFields: null }] },
    ]);
  });

  it('shows every field of a data item or flow added or removed, not only its name', () => {
    const names = new Map([[FLOW, 'Falls data'], [COUNCIL, 'Council'], [HOSPITAL, 'Hospital']]);
    const item = { name: 'Discharge summary', identifiability: 'IDENTIFIABLE', specialCategory: true, justification: 'Needed to arrange care\nat home' };
    const [added] = changedSections(['dataFlows'], [{ section: 'dataFlows', path: `dataFlows.${FLOW}.dataItems[1]`, before: null, after: item }], names)[0].changes;
    expect(added.beforeFields).toBeNull();
    expect(added.afterFields).toEqual([
      { label: 'Name of the data item', value: 'Discharge summary' },
      { label: 'Whether it identifies people', value: 'Identifiable' },
      { label: 'Whether it is special category data', value: 'Yes' },
      { label: 'Why this item is needed', value: 'Needed to arrange care\nat home' },
    ]);
    const flow = { id: FLOW, name: 'Falls data', fromOrganisationId: HOSPITAL, toOrganisationId: COUNCIL, transferMethod: 'NHSMAIL', dataItems: [item] };
    const [removed] = changedSections(['dataFlows'], [{ section: 'dataFlows', path: `dataFlows.${FLOW}`, before: flow, after: null }], names)[0].changes;
    expect(removed.afterFields).toBeNull();
    expect(removed.beforeFields).toEqual([
      { label: 'Name of the flow', value: 'Falls data' },
      { label: 'Organisation it comes from', value: 'Hospital' },
      { label: 'Organisation it goes to', value: 'Council' },
      { label: 'Data items', value: 'Name of the data item: Discharge summary; Whether it identifies people: Identifiable; Whether it is special category data: Yes; Why this item is needed: Needed to arrange care\nat home' },
      { label: 'Transfer method', value: 'NHSmail' },
    ]);
    // In the order of the form, however the stored row's keys come back.
    const shuffled = { justification: 'J', specialCategory: false, name: 'N', identifiability: 'ANONYMISED' };
    const [row] = changedSections(['dataFlows'], [{ section: 'dataFlows', path: `dataFlows.${FLOW}.dataItems[0]`, before: null, after: shuffled }], names)[0].changes;
    expect(row.afterFields?.map((f) => f.label)).toEqual(['Name of the data item', 'Whether it identifies people', 'Whether it is special category data', 'Why this item is needed']);
  });
});
