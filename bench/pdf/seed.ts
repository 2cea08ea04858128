// The data the PDF bench renders, created through the public GraphQL API as a client would,
// with the e2e tests' own fixtures (test/support/agreement-fixtures.ts): three ready partner
// organisations and, for each bench client, its own copy of one compliant ISP draft made long
// enough to print on 10+ A4 pages and its own reader (a user of the lead organisation). A draft's
// PDF is kept per revision and each user may have one render in flight, so a client edits its
// draft (newRevision) before each download and no two clients share a user.
import { graphql } from '../graphql/seed.js';
import { apiClient } from '../ingest/seed.js';
import { createUser } from '../../test/support/fixtures.js';
import { ACCEPT_INVITATION, compliantSections, CREATE_AGREEMENT, readyPartner, SUBMIT, UPDATE_DRAFT, type Partner } from '../../test/support/agreement-fixtures.js';

const FLOWS = 28;
const itemsInFlow = (i: number) => 4 + (i % 3); // 4, 5 or 6

export const DOCUMENT = {
  dataFlows: FLOWS,
  totalItems: Array.from({ length: FLOWS }, (_, i) => itemsInFlow(i)).reduce((a, b) => a + b, 0),
  clauses: 12,
  clauseCharacters: 1_600,
};

export interface SeededAgreement {
  id: string;
  reference: string;
  /** The draft's current revision: newRevision moves it on. */
  revision: number;
  scope: string;
  /** This copy's reader, a user of the lead organisation who downloads it and no other copy. */
  token: string;
  /** The lead organisation's IG lead, who edits every copy and submits it. */
  editorToken: string;
  partners: Partner[];
}

/** `copies` identical long drafts, each with its own reader. */
export async function seedLongDrafts(endpoint: string, adminEmail: string, adminPassword: string, databaseUrl: string, copies: number): Promise<SeededAgreement[]> {
  const t = apiClient(endpoint, adminEmail, adminPassword, databaseUrl);
  const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
  const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
  const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
  const drafts: SeededAgreement[] = [];
  for (let i = 1; i <= copies; i++) {
    const reader = await createUser(t, hospital.id, `reader${i}@hospital.example`, ['PRACTITIONER']);
    drafts.push({ ...(await seedLongDraft(endpoint, [hospital, council, care])), token: reader.token });
  }
  return drafts;
}

async function seedLongDraft(endpoint: string, [hospital, council, care]: Partner[]): Promise<Omit<SeededAgreement, 'token'>> {
  const token = hospital.igLead.token;
  const parties = [hospital, council, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
  const created = (
    await graphql<{ createAgreement: { id: string; draftRevision: number } }>(
      endpoint,
      CREATE_AGREEMENT,
      { input: { kind: 'ISP', title: 'Northshire integrated care information sharing agreement (PDF bench)', parties } },
      token,
    )
  ).createAgreement;
  // The other parties accept their invitations, as submitting the draft (for the stored version) requires.
  for (const partner of [council, care]) await graphql(endpoint, ACCEPT_INVITATION, { input: { agreementId: created.id } }, partner.igLead.token);
  const sections = compliantSections(hospital.id, council.id, care.id);
  const updated = (
    await graphql<{
      updateAgreementDraft: { id: string; reference: string; draftRevision: number; findings: { code: string; severity: string; message: string }[] };
    }>(
      endpoint,
      UPDATE_DRAFT,
      {
        input: {
          agreementId: created.id,
          expectedRevision: created.draftRevision,
          ...sections,
          dataFlows: longDataFlows([hospital.id, council.id, care.id]),
          clauses: longClauses(),
        },
      },
      token,
    )
  ).updateAgreementDraft;
  const blockers = updated.findings.filter((f) => f.severity === 'BLOCKER');
  if (blockers.length > 0) throw new Error(`the seeded draft has blockers, so it could not be submitted later: ${JSON.stringify(blockers)}`);
  return { id: updated.id, reference: updated.reference, revision: updated.draftRevision, scope: sections.scope as string, editorToken: token, partners: [hospital, council, care] };
}

/** Edits the draft's scope, so its next download is of a revision never rendered. */
export async function newRevision(endpoint: string, agreement: SeededAgreement): Promise<void> {
  const data = await graphql<{ updateAgreementDraft: { draftRevision: number } }>(
    endpoint,
    'mutation ($input: UpdateAgreementDraftInput!) { updateAgreementDraft(input: $input) { draftRevision } }',
    { input: { agreementId: agreement.id, expectedRevision: agreement.revision, scope: `${agreement.scope} (revision ${agreement.revision + 1})` } },
    agreement.editorToken,
  );
  agreement.revision = data.updateAgreementDraft.draftRevision;
}

/** Freezes the draft as version 1 (AWAITING_SIGNATURES); its PDF is then rendered once and stored. */
export async function submitForSignature(endpoint: string, agreement: SeededAgreement): Promise<number> {
  const data = await graphql<{ submitForSignature: { number: number } }>(
    endpoint,
    SUBMIT,
    { input: { agreementId: agreement.id, expectedRevision: agreement.revision } },
    agreement.editorToken,
  );
  return data.submitForSignature.number;
}

const ITEMS: [string, boolean][] = [
  ['NHS number', false],
  ['Name, address and date of birth', false],
  ['Discharge summary', true],
  ['Current medication and allergies', true],
  ['Care and support plan', true],
  ['Named GP and practice', false],
  ['Next of kin and carer contact details', false],
  ['Mobility and falls risk assessment', true],
  ['Mental health crisis plan', true],
  ['Safeguarding alerts', true],
  ['Communication needs and preferred language', false],
  ['Equipment and adaptations in the home', false],
];
const FREQUENCIES = ['DAILY', 'WEEKLY', 'AD_HOC', 'REAL_TIME', 'MONTHLY'];
const METHODS = ['NHSMAIL', 'MESH', 'SECURE_FILE_TRANSFER', 'API_TLS'];
const FLOW_TOPICS = [
  'Discharge notification',
  'Care package start',
  'Reablement referral',
  'Medication reconciliation',
  'Falls prevention referral',
  'Carer assessment request',
  'Continuing healthcare checklist',
  'Hospital admission alert',
  'Community nursing handover',
  'Equipment delivery request',
];

function longDataFlows(partyIds: string[]) {
  return Array.from({ length: DOCUMENT.dataFlows }, (_, i) => {
    // Every ordered pair of the three parties in turn: (i+1) or (i+2) mod 3 is never i mod 3.
    const from = partyIds[i % 3];
    const to = partyIds[(i + 1 + (i % 2)) % 3];
    const items = 4 + (i % 3); // 4, 5 or 6 items
    return {
      name: `${FLOW_TOPICS[i % FLOW_TOPICS.length]} (${i + 1})`,
      fromOrganisationId: from,
      toOrganisationId: to,
      dataItems: Array.from({ length: items }, (_, j) => {
        const [name, specialCategory] = ITEMS[(i + j) % ITEMS.length];
        return {
          name,
          specialCategory,
          identifiability: 'IDENTIFIABLE',
          justification: `${name} is the minimum needed for the recipient to plan and deliver safe care for this flow; staff see it only when they are directly involved in the person’s care.`,
        };
      }),
      frequency: FREQUENCIES[i % FREQUENCIES.length],
      transferMethod: METHODS[i % METHODS.length],
      estimatedRecordsPerYear: 500 + i * 137,
      recipientRetention: '8 years after the last contact, then secure deletion',
      transferOutsideUk: false,
    };
  });
}

const PROSE =
  'Each party shall make sure that only staff who need the information to do their work can see it, that they have been trained in ' +
  'information governance within the last twelve months, and that they understand their duty of confidentiality. The parties review ' +
  'access lists every quarter and remove leavers on their last working day. Where one party finds that information has been shared ' +
  'outside the terms of this agreement, it tells the lead organisation’s IG team the same working day, and the parties agree together ' +
  'what must be done to contain the incident, tell the people affected where that is right, and learn from what happened. ';

function longClauses() {
  const headings = [
    'Governance and oversight',
    'Roles and responsibilities of each party',
    'Training and awareness',
    'Access control and audit',
    'Information quality and accuracy',
    'Complaints and enquiries',
    'Freedom of information requests',
    'Subject access requests',
    'Business continuity',
    'Use of processors and sub-processors',
    'Indemnity and liability',
    'Dispute resolution',
  ];
  return headings.slice(0, DOCUMENT.clauses).map((heading, i) => ({
    heading,
    text: `${heading}. ${PROSE.repeat(Math.ceil(DOCUMENT.clauseCharacters / PROSE.length))}`.slice(0, DOCUMENT.clauseCharacters + i * 10),
  }));
}
