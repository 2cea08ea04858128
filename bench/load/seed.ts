// The data the mixed load runs against, made through the public GraphQL API with the e2e fixtures,
// as bench/ingest does: the partnership (an ICB's protocol, two signed ISPs between a hospital, a
// council and a care provider, their IG leads, signatories and practitioners, a commissioner),
// an ORG_ADMIN of the care provider for the organisation pages, a draft to print afresh, and many
// ISPs under the protocol submitted for signature, which the signatories sign during the run.
import { compliantDraftAgreement, SUBMIT, UPDATE_STRUCTURE, type Member, type Partner } from '../../test/support/agreement-fixtures.js';
import { createUser } from '../../test/support/fixtures.js';
import { ok, type TestApp } from '../../test/support/test-app.js';
import { apiClient, seedPartnership, type IngestPartnership } from '../ingest/seed.js';

/** A version awaiting the three parties' signatures. */
export interface ToSign {
  agreementId: string;
  reference: string;
  versionNumber: number;
  contentHash: string;
}

export interface LoadData {
  partnership: IngestPartnership;
  /** ORG_ADMIN of the care provider. */
  orgAdmin: Member;
  /** A compliant ISP draft led by the hospital, never submitted: its draft.pdf is rendered on every request. */
  draftId: string;
  /** Submitted for signature, in the order they were prepared (an in-tray shows the oldest first). */
  toSign: ToSign[];
  prepareSeconds: number;
}

export async function seedLoad(endpoint: string, adminEmail: string, adminPassword: string, databaseUrl: string, agreements: number, preparers: number, log: (m: string) => void): Promise<LoadData> {
  const t = apiClient(endpoint, adminEmail, adminPassword, databaseUrl);
  const partnership = await seedPartnership(endpoint, adminEmail, adminPassword, databaseUrl);
  const { hospital, council, care } = partnership;
  const orgAdmin = await createUser(t, care.id, 'admin@care.example', ['ORG_ADMIN']);
  const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP (draft, printed afresh)');

  log(`submitting ${agreements} ISPs for signature (${preparers} clients)`);
  const began = performance.now();
  const toSign: (ToSign | undefined)[] = new Array(agreements);
  let next = 0;
  const preparer = async () => {
    while (next < agreements) {
      const i = next++;
      // Led in turn by the hospital and the council; all three organisations are parties.
      const lead = i % 2 === 0 ? hospital : council;
      toSign[i] = await submitted(t, lead, partnership, `Load ISP ${String(i + 1).padStart(4, '0')}`);
    }
  };
  await Promise.all(Array.from({ length: preparers }, preparer));
  const prepareSeconds = (performance.now() - began) / 1000;
  log(`  ${agreements} submitted in ${prepareSeconds.toFixed(1)} s`);
  return { partnership, orgAdmin, draftId: draft.id, toSign: toSign as ToSign[], prepareSeconds };
}

/** A compliant ISP under the partnership's protocol, submitted for signature as version 1. */
async function submitted(t: TestApp, lead: Partner, p: IngestPartnership, title: string): Promise<ToSign> {
  const draft = await compliantDraftAgreement(t, lead, p.hospital, p.council, p.care, title);
  const structured = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parentProtocolId: p.protocolId } }, lead.igLead.token));
  const version = ok(
    await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: structured.updateAgreementStructure.draftRevision } }, lead.igLead.token),
  ).submitForSignature as { number: number; contentHash: string };
  return { agreementId: draft.id, reference: draft.reference, versionNumber: version.number, contentHash: version.contentHash };
}
