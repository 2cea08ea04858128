import { canAnswerRecordedOriginal, canDownloadSignedOriginal } from '../../agreements/agreement-access-policy.js';
import type { AgreementVersion } from '../../agreements/agreement-version.entity.js';
import { FindingSeverity } from '../../agreements/agreement.enums.js';
import type { NamedAnswer } from '../../agreements/originals/recorded-originals-reader.service.js';
import { ConfirmationStatus, OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';
import type { Caller } from '../../common/auth/caller.js';
import { CONFIRMATION_STATUS_TAGS, ORIGINAL_ANSWER_LABELS } from './agreement-labels.js';

/** A version recorded from a signed original, in words, for the agreement's pages and the in-tray. Pure. */

export const signedOriginalPath = (agreementId: string, versionNumber: number) => `/documents/agreements/${agreementId}/versions/${versionNumber}/signed-original.pdf`;

export interface OriginalFile {
  filename: string;
  byteSize: number;
  sha256: string;
}

/** A size as people read it: `12 KB`, `1.4 MB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `linkToAnswer`: on the agreement's own pages, the link for a party that may confirm or dispute the record to its page in the in-tray. */
export function recordedOriginalView(caller: Caller, leadOrganisationId: string, version: AgreementVersion, answers: readonly NamedAnswer[], file: OriginalFile | null, linkToAnswer = false) {
  const status = version.confirmationStatus ?? ConfirmationStatus.AWAITING_CONFIRMATION;
  const partyIds = version.frozen.parties.map((p) => p.organisationId);
  const answered = answers.some((a) => a.versionId === version.id && a.organisationId === caller.organisationId);
  const mayAnswer = linkToAnswer && canAnswerRecordedOriginal(caller, partyIds, leadOrganisationId);
  const findings = version.recordedFindings ?? [];
  return {
    versionNumber: version.number,
    originalReference: version.originalReference,
    status: CONFIRMATION_STATUS_TAGS[status],
    confirmationStatus: status,
    answers: version.frozen.parties
      .filter((p) => p.organisationId !== leadOrganisationId)
      .map((party) => {
        const answer = answers.find((a) => a.versionId === version.id && a.organisationId === party.organisationId);
        return {
          organisationName: party.organisationName,
          answer: answer?.answer ?? 'NONE',
          text: answer ? ORIGINAL_ANSWER_LABELS[answer.answer] : 'Not answered yet',
          colour: answer?.answer === OriginalAnswer.CONFIRMED ? 'green' : answer?.answer === OriginalAnswer.DISPUTED ? 'red' : 'grey',
          by: answer ? answer.answeredBy : null,
          at: answer ? answer.answeredAt.toISOString() : null,
          reason: answer?.reason ?? null,
        };
      }),
    findings: findings.map((f) => ({ code: f.code, blocker: f.severity === FindingSeverity.BLOCKER, message: f.message, reference: f.reference })),
    file: file ? { filename: file.filename, size: fileSize(file.byteSize), sha256: file.sha256 } : null,
    downloadHref: canDownloadSignedOriginal(caller, partyIds) ? signedOriginalPath(version.agreementId, version.number) : null,
    answer: mayAnswer
      ? { href: `/in-tray/${version.agreementId}/versions/${version.number}/record`, text: answered ? 'See your organisation’s answer' : 'Confirm or dispute the record', answered }
      : null,
  };
}
