import { compliantSections, type Partner } from './agreement-fixtures.js';
import type { TestApp } from './test-app.js';

/** A small but well-formed PDF, as a scanner would write one (padded to `size` bytes when asked). */
export function scannedPdf(label = 'Signed original', size = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${label}\n`;
  const tail = 'xref\n0 3\ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n9\n%%EOF\n';
  const filler = size > 0 ? `${'%'.padEnd(size - body.length - tail.length - 1, ' ')}\n` : '';
  return Buffer.from(`${body}${filler}${tail}`, 'latin1');
}

/** POSTs a file to the upload route as multipart/form-data (field `file`), with a bearer token. */
export async function uploadOriginal(t: TestApp, token: string | undefined, content: Buffer, filename = 'signed-original.pdf', type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)], { type }), filename);
  const response = await fetch(`${t.url}/documents/signed-originals`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

export const RECORD_SIGNED = `mutation ($input: RecordSignedAgreementInput!) {
  recordSignedAgreement(input: $input) {
    id reference kind title status displayStatus variationStatus
    review { status nextReviewDate }
    recordedOriginal { number }
    currentVersion {
      number status effectiveDate contentHash recordedFromOriginal originalReference confirmationStatus signedOriginalPath
      recordedFindings { code severity }
      signedOriginal { filename byteSize sha256 }
      signatures { organisationId userId signedOutside signedAs signerName signerJobTitle signedAt contentHash }
      originalAnswers { organisationId answer reason }
    }
  }
}`;

export const CONFIRM = `mutation ($input: RecordedOriginalAnswerInput!) { confirmRecordedOriginal(input: $input) { number confirmationStatus originalAnswers { organisationId answer reason } } }`;
export const DISPUTE = `mutation ($input: DisputeRecordedOriginalInput!) { disputeRecordedOriginal(input: $input) { number confirmationStatus originalAnswers { organisationId answer reason } } }`;

/** A record of the discharge ISP the three partners signed in March 2024, in force from 1 April 2024. */
export function signedIn2024(hospital: Partner, council: Partner, care: Partner, originalId: string, overrides: Record<string, unknown> = {}) {
  const { ...sections } = compliantSections(hospital.id, council.id, care.id);
  return {
    kind: 'ISP',
    title: 'Hospital discharge information sharing agreement (2024)',
    originalReference: 'NGH-IG-ISP-2024-017',
    parties: [
      { organisationId: hospital.id, role: 'CONTROLLER', signerName: 'Dr Amira Shah', signerJobTitle: 'Caldicott Guardian', signedAs: 'CALDICOTT_GUARDIAN', signedOn: '2024-03-01' },
      { organisationId: council.id, role: 'CONTROLLER', signerName: 'Peter Okafor', signerJobTitle: 'Director of Adult Social Care', signedAs: 'SIRO', signedOn: '2024-03-05' },
      { organisationId: care.id, role: 'CONTROLLER', signerName: 'Jo Bright', signerJobTitle: 'Registered Manager', signedAs: 'SIGNATORY', signedOn: '2024-03-10' },
    ],
    content: { ...sections, retention: null as Record<string, unknown> | null } as Record<string, unknown>,
    inForceFrom: '2024-04-01',
    nextReviewDate: '2026-06-30',
    originalId,
    ...overrides,
  };
}

/** A multipart/form-data body holding `content` as the field `file`, for clients that build the request themselves. */
export function multipartFile(content: Buffer, filename = 'signed-original.pdf'): { body: Buffer; contentType: string } {
  const boundary = `----accordant-${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An agreement led by `lead` with two partners, recorded from its signed original (uploaded by the lead's IG lead); its id. */
export async function recordedAgreement(t: TestApp, lead: Partner, a: Partner, b: Partner, agreementId?: string): Promise<string> {
  const uploaded = await uploadOriginal(t, lead.igLead.token, scannedPdf(`recorded ${Math.random()}`));
  if (uploaded.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
  const input = { ...signedIn2024(lead, a, b, uploaded.body.id), ...(agreementId ? { agreementId } : {}) };
  const response = await t.gql(RECORD_SIGNED, { input }, lead.igLead.token);
  if (!response.data) throw new Error(`recording failed: ${JSON.stringify(response.errors)}`);
  return response.data.recordSignedAgreement.id;
}
