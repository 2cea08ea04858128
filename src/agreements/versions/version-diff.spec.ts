import { AgreementKind, FlowFrequency, Identifiability, PartyRole, PurposeType, TransferMethod } from '../agreement.enums.js';
import { CONTENT_SECTIONS, emptyContent, type DataFlow } from '../content/agreement-content.model.js';
import { contentHash, type FrozenAgreement } from './frozen-agreement.js';
import { diffVersions } from './version-diff.js';

const LEAD = '11111111-1111-4111-8111-111111111111';
const COUNCIL = '22222222-2222-4222-8222-222222222222';
const HOSPICE = '33333333-3333-4333-8333-333333333333';
const PROTOCOL = '44444444-4444-4444-8444-444444444444';
const FLOW_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const FLOW_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const FLOW_C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

function flow(id: string, name: string, overrides: Partial<DataFlow> = {}): DataFlow {
  return {
    id,
    name,
    fromOrganisationId: LEAD,
    toOrganisationId: COUNCIL,
    dataItems: [{ name: 'NHS number', specialCategory: false, identifiability: Identifiability.IDENTIFIABLE, justification: 'To match records' }],
    frequency: FlowFrequency.DAILY,
    transferMethod: TransferMethod.MESH,
    estimatedRecordsPerYear: 1200,
    recipientRetention: '8 years',
    transferOutsideUk: false,
    outsideUkSafeguard: null,
    ...overrides,
  };
}

/** A fresh, fully built frozen version each call, so tests can change one without touching another. */
function frozen(): FrozenAgreement {
  return {
    reference: 'ISP-2026-0001',
    kind: AgreementKind.ISP,
    title: 'Hospital discharge to reablement',
    leadOrganisationId: LEAD,
    parentProtocolId: PROTOCOL,
    versionNumber: 1,
    parties: [
      { organisationId: LEAD, organisationName: 'Northshire Hospitals NHS Trust', odsCode: 'RXX', role: PartyRole.CONTROLLER },
      { organisationId: COUNCIL, organisationName: 'Northshire County Council', odsCode: null, role: PartyRole.CONTROLLER },
    ],
    content: {
      ...emptyContent(),
      scope: 'Adults discharged from hospital into reablement',
      purposes: [{ description: 'Safe discharge', purposeType: PurposeType.INDIVIDUAL_CARE }],
      benefits: ['Fewer delayed discharges'],
      dataFlows: [flow(FLOW_A, 'Discharge notification'), flow(FLOW_B, 'Reablement outcome', { fromOrganisationId: COUNCIL, toOrganisationId: LEAD })],
      security: { measures: 'Cyber Essentials Plus', accessControls: 'Role-based access' },
      retention: { period: '8 years', disposal: 'Secure deletion' },
      review: { cycleMonths: 12, nextReviewDate: '2027-01-01' },
    },
  };
}

describe('diffVersions', () => {
  it('reports no changes between identical versions', () => {
    expect(diffVersions(frozen(), frozen())).toEqual({ changedSections: [], changes: [] });
  });

  it('reports no changes between two version numbers of the same document', () => {
    const next = { ...frozen(), versionNumber: 2 };
    expect(diffVersions(frozen(), next)).toEqual({ changedSections: [], changes: [] });
  });

  it('reports no changes between empty contents', () => {
    const a = { ...frozen(), content: emptyContent() };
    const b = { ...frozen(), content: emptyContent() };
    expect(diffVersions(a, b)).toEqual({ changedSections: [], changes: [] });
  });

  it('reports a changed scalar in a section with its path, before and after', () => {
    const to = frozen();
    to.content.retention = { period: '10 years', disposal: 'Secure deletion' };
    expect(diffVersions(frozen(), to)).toEqual({
      changedSections: ['retention'],
      changes: [{ section: 'retention', path: 'retention.period', before: '8 years', after: '10 years' }],
    });
  });

  it('reports a scalar section (scope) changing', () => {
    const to = frozen();
    to.content.scope = 'All adults discharged from hospital';
    expect(diffVersions(frozen(), to).changes).toEqual([
      { section: 'scope', path: 'scope', before: 'Adults discharged from hospital into reablement', after: 'All adults discharged from hospital' },
    ]);
  });

  it('reports a title change', () => {
    const to = { ...frozen(), title: 'Discharge to assess' };
    expect(diffVersions(frozen(), to)).toEqual({
      changedSections: ['title'],
      changes: [{ section: 'title', path: 'title', before: 'Hospital discharge to reablement', after: 'Discharge to assess' }],
    });
  });

  it('matches a data flow edited in place by its id', () => {
    const to = frozen();
    to.content.dataFlows[0] = { ...to.content.dataFlows[0], transferMethod: TransferMethod.NHSMAIL };
    expect(diffVersions(frozen(), to)).toEqual({
      changedSections: ['dataFlows'],
      changes: [{ section: 'dataFlows', path: `dataFlows.${FLOW_A}.transferMethod`, before: TransferMethod.MESH, after: TransferMethod.NHSMAIL }],
    });
  });

  it('matches data flows by id, not by position, when their order changes', () => {
    const to = frozen();
    to.content.dataFlows.reverse();
    expect(diffVersions(frozen(), to)).toEqual({ changedSections: [], changes: [] });
  });

  it('reports a flow added and a flow removed as whole rows, leaving the others alone', () => {
    const to = frozen();
    const added = flow(FLOW_C, 'Hospice referral', { toOrganisationId: HOSPICE });
    const removed = to.content.dataFlows[1];
    to.content.dataFlows = [to.content.dataFlows[0], added];

    const { changedSections, changes } = diffVersions(frozen(), to);
    expect(changedSections).toEqual(['dataFlows']);
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        { section: 'dataFlows', path: `dataFlows.${FLOW_B}`, before: removed, after: null },
        { section: 'dataFlows', path: `dataFlows.${FLOW_C}`, before: null, after: added },
      ]),
    );
  });

  it('reports a party added, keyed by organisation id', () => {
    const to = frozen();
    const hospice = { organisationId: HOSPICE, organisationName: 'St Anne’s Hospice', odsCode: null, role: PartyRole.RECIPIENT };
    to.parties.push(hospice);
    expect(diffVersions(frozen(), to)).toEqual({
      changedSections: ['parties'],
      changes: [{ section: 'parties', path: `parties.${HOSPICE}`, before: null, after: hospice }],
    });
  });

  it("reports a party's changed role under that party's organisation id", () => {
    const to = frozen();
    to.parties[1] = { ...to.parties[1], role: PartyRole.PROCESSOR };
    expect(diffVersions(frozen(), to).changes).toEqual([
      { section: 'parties', path: `parties.${COUNCIL}.role`, before: PartyRole.CONTROLLER, after: PartyRole.PROCESSOR },
    ]);
  });

  it('reports an element of a list section by its index', () => {
    const to = frozen();
    to.content.benefits = ['Fewer delayed discharges', 'Less duplicated assessment'];
    expect(diffVersions(frozen(), to).changes).toEqual([
      { section: 'benefits', path: 'benefits[1]', before: null, after: 'Less duplicated assessment' },
    ]);
  });

  it('reports a section filled in for the first time as one change from null', () => {
    const to = frozen();
    to.content.breaches = { notifyPartiesWithinHours: 24, process: 'Report to the DPO' };
    expect(diffVersions(frozen(), to).changes).toEqual([
      { section: 'breaches', path: 'breaches', before: null, after: { notifyPartiesWithinHours: 24, process: 'Report to the DPO' } },
    ]);
  });

  it('treats a missing optional field and null as the same', () => {
    const from = frozen();
    const to = frozen();
    delete to.content.dataFlows[0].outsideUkSafeguard;
    expect(from.content.dataFlows[0].outsideUkSafeguard).toBeNull();
    expect(diffVersions(from, to)).toEqual({ changedSections: [], changes: [] });
  });

  it('lists changed sections in document order, whatever the order of the changes made', () => {
    const to = frozen();
    to.content.clauses = [{ heading: 'Disputes', text: 'Escalate to the partnership board.' }];
    to.content.termination = { noticeDays: 90, endDate: null, onTermination: 'Return or destroy' };
    to.content.review = { cycleMonths: 24, nextReviewDate: '2027-01-01' };
    to.content.dpia = { reference: 'DPIA-7', outcome: null, completedOn: null };
    to.content.breaches = { notifyPartiesWithinHours: 24, process: null };
    to.content.rights = { process: 'Each party answers its own requests' };
    to.content.retention = { period: '10 years', disposal: 'Secure deletion' };
    to.content.security = { measures: 'DSPT standards met', accessControls: 'Role-based access' };
    to.content.consentAndTransparency = { howIndividualsAreInformed: 'Leaflet', nationalDataOptOutApplied: false };
    to.content.dataFlows[1] = { ...to.content.dataFlows[1], frequency: FlowFrequency.WEEKLY };
    to.content.legalBasis = { article6: [], article9: [], commonLawBases: [], statutoryPowers: ['Care Act 2014 s42'] };
    to.content.dataSubjects = { categories: ['Adults'], includesChildren: false };
    to.content.benefits = ['Quicker discharges'];
    to.content.purposes = [{ description: 'Safe discharge', purposeType: PurposeType.SAFEGUARDING }];
    to.content.scope = 'Everyone';
    to.parties.pop();
    to.parentProtocolId = null;
    to.kind = AgreementKind.DDA;
    to.title = 'Renamed';

    const { changedSections, changes } = diffVersions(frozen(), to);
    const expected = ['title', 'kind', 'parentProtocolId', 'parties', ...CONTENT_SECTIONS];
    expect(changedSections).toEqual(expected);
    // The changes themselves come in the same order, section by section.
    const sectionsInChangeOrder = changes.map((c) => c.section).filter((s, i, all) => all.indexOf(s) === i);
    expect(sectionsInChangeOrder).toEqual(expected);
  });

  it('keeps document order for a sparse set of changed sections', () => {
    const to = frozen();
    to.content.clauses = [{ heading: 'Disputes', text: 'Escalate.' }];
    to.content.dataFlows[0] = { ...to.content.dataFlows[0], name: 'Renamed flow' };
    to.parentProtocolId = null;
    expect(diffVersions(frozen(), to).changedSections).toEqual(['parentProtocolId', 'dataFlows', 'clauses']);
  });
});

describe('contentHash', () => {
  /** The same value with object keys reversed at every depth. */
  function reversedKeys<T>(value: T): T {
    if (Array.isArray(value)) return value.map(reversedKeys) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .reverse()
          .map(([k, v]) => [k, reversedKeys(v)]),
      ) as T;
    }
    return value;
  }

  it('is 64 lower-case hex characters (SHA-256)', () => {
    expect(contentHash(frozen())).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ ...frozen(), content: emptyContent() })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for equal content built twice', () => {
    expect(contentHash(frozen())).toBe(contentHash(frozen()));
  });

  it('is the same when object keys are in another order at every depth', () => {
    const original = frozen();
    const reordered = reversedKeys(original);
    expect(Object.keys(reordered)).not.toEqual(Object.keys(original));
    expect(Object.keys(reordered.content.dataFlows[0])).not.toEqual(Object.keys(original.content.dataFlows[0]));
    expect(contentHash(reordered)).toBe(contentHash(original));
  });

  const changes: [string, (f: FrozenAgreement) => void][] = [
    ['reference', (f) => (f.reference = 'ISP-2026-0002')],
    ['kind', (f) => (f.kind = AgreementKind.DDA)],
    ['title', (f) => (f.title = 'Hospital discharge to reablement.')],
    ['leadOrganisationId', (f) => (f.leadOrganisationId = COUNCIL)],
    ['parentProtocolId', (f) => (f.parentProtocolId = null)],
    ['versionNumber', (f) => (f.versionNumber = 2)],
    ['a party added', (f) => f.parties.push({ organisationId: HOSPICE, organisationName: 'Hospice', odsCode: null, role: PartyRole.RECIPIENT })],
    ['a party removed', (f) => f.parties.pop()],
    ['a party ODS code', (f) => (f.parties[1].odsCode = 'X1')],
    ['scope', (f) => (f.content.scope = null)],
    ['a nested field', (f) => (f.content.security!.measures = 'DSPT standards met')],
    ['a data flow field', (f) => (f.content.dataFlows[0].transferMethod = TransferMethod.NHSMAIL)],
    ['a data item', (f) => (f.content.dataFlows[0].dataItems[0].specialCategory = true)],
    ['a number into a string', (f) => (f.content.review!.cycleMonths = '12' as unknown as number)],
    ['a section emptied to null', (f) => (f.content.retention = null)],
    ['a clause added', (f) => f.content.clauses.push({ heading: 'H', text: '' })],
  ];

  it.each(changes)('changes when %s changes', (_what, change) => {
    const changed = frozen();
    change(changed);
    expect(contentHash(changed)).not.toBe(contentHash(frozen()));
  });
});
