// The partnerships the dashboard bench measures, created through the public GraphQL API with the
// e2e tests' own fixtures (test/support/agreement-fixtures.ts, fixtures.ts): per partnership an ICB,
// a hospital trust, a council and a care provider (each ready to be a party: IG lead, signatory,
// practitioner), a commissioner at the ICB, the ICB's PROTOCOL with all four as parties, in force
// (signed by all four: an agreement may be submitted only under a protocol in force), and ten
// ISPs under it, each between three of the four, signed by all three (ACTIVE), with the two data
// flows of the fixtures' compliant ISP.
import { compliantDraftAgreement, protocolInForce, readyPartner, SIGN, SUBMIT, UPDATE_STRUCTURE, type Partner } from '../../test/support/agreement-fixtures.js';
import { createUser } from '../../test/support/fixtures.js';
import { ok, type TestApp } from '../../test/support/test-app.js';

export const PARTNERSHIP_NAMES = ['Northshire', 'Southvale', 'Eastmoor', 'Westford', 'Midlea'];
export const ISPS_PER_PARTNERSHIP = 10;

/** Ordered triples of [ICB, hospital, council, care]: the parties of each ISP, the first leading it. */
const TRIPLES = [
  [1, 2, 3],
  [2, 3, 1],
  [3, 1, 2],
  [0, 1, 2],
  [1, 0, 3],
  [2, 1, 0],
  [3, 2, 1],
  [0, 3, 2],
  [1, 3, 0],
  [2, 0, 3],
];

export interface SeededPartnership {
  name: string;
  protocolId: string;
  /** ICB, hospital, council, care provider. */
  organisations: Partner[];
  commissionerToken: string;
  /** Signs in through the page sign-in form with the fixtures' DEFAULT_PASSWORD. */
  commissionerEmail: string;
  isps: { id: string; parties: Partner[] }[];
}

export async function seedPartnerships(t: TestApp, log: (message: string) => void): Promise<SeededPartnership[]> {
  const partnerships: SeededPartnership[] = [];
  for (const name of PARTNERSHIP_NAMES) {
    const slug = name.toLowerCase();
    const organisations = [
      await readyPartner(t, `${name} Integrated Care Board`, `${slug}-icb`, { sector: 'ICB' }),
      await readyPartner(t, `${name} General Hospital NHS Trust`, `${slug}-hospital`),
      await readyPartner(t, `${name} County Council`, `${slug}-council`, { sector: 'LOCAL_AUTHORITY' }),
      await readyPartner(t, `${name} Home Care Ltd`, `${slug}-care`, { sector: 'CARE_PROVIDER' }),
    ];
    const [icb] = organisations;
    const commissionerEmail = `commissioner@${slug}-icb.example`;
    const commissioner = await createUser(t, icb.id, commissionerEmail, ['COMMISSIONER']);
    const [, hospital, council, care] = organisations;
    const protocolId = await protocolInForce(t, icb, organisations, hospital, council, care, `${name} information sharing protocol`);

    const isps: SeededPartnership['isps'] = [];
    for (let k = 0; k < ISPS_PER_PARTNERSHIP; k += 1) {
      const parties = TRIPLES[k].map((i) => organisations[i]);
      const [lead, second, third] = parties;
      const draft = await compliantDraftAgreement(t, lead, lead, second, third, `${name} ISP ${k + 1}: ${lead.name} to ${second.name} and ${third.name}`);
      const structured = ok(
        await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parentProtocolId: protocolId } }, lead.igLead.token),
      ).updateAgreementStructure;
      const version = ok(
        await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: structured.draftRevision } }, lead.igLead.token),
      ).submitForSignature;
      for (const party of parties) {
        ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: version.contentHash } }, party.signatory.token));
      }
      isps.push({ id: draft.id, parties });
    }
    partnerships.push({ name, protocolId, organisations, commissionerToken: commissioner.token, commissionerEmail, isps });
    log(`  ${name}: 4 organisations, a protocol and ${isps.length} active ISPs`);
  }
  return partnerships;
}
