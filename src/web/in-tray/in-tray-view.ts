import type { RecordToConfirm } from '../../agreements/originals/recorded-originals-reader.service.js';
import type { AnsweredItem, InTrayItem, PartyVersion } from '../../agreements/signing-in-tray.service.js';
import { SigningRole, VersionStatus } from '../../agreements/agreement.enums.js';
import type { AgreementExport } from '../../documents/agreement-export.js';
import { KIND_TITLES, SIGNING_ROLES } from '../../documents/document-labels.js';
import type { FormErrors } from '../form-input.js';
import { declineSentence } from './decline-notice.js';
import { changedHeadings, markChangedHeadings } from './variation-changes.js';

/** The signing pages' words and links, from what the services return. Pure. */

export const versionPath = (agreementId: string, versionNumber: number) => `/in-tray/${agreementId}/versions/${versionNumber}`;
export const pdfPath = (agreementId: string, versionNumber: number) => `/documents/agreements/${agreementId}/versions/${versionNumber}.pdf`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function inTrayView(organisationName: string, awaiting: InTrayItem[], answered: AnsweredItem[], records: RecordToConfirm[] = [], signer = true) {
  return {
    organisationName,
    signer,
    records: records.map((item) => ({
      ...item,
      kindTitle: KIND_TITLES[item.kind],
      href: `${versionPath(item.agreementId, item.versionNumber)}/record`,
      recordedAt: item.recordedAt.toISOString(),
    })),
    awaiting: awaiting.map((item) => ({
      ...item,
      kindTitle: KIND_TITLES[item.kind],
      href: versionPath(item.agreementId, item.versionNumber),
      submittedAt: item.submittedAt.toISOString(),
      progress: `${item.signedCount} of ${item.partyCount} signed`,
    })),
    answered: answered.map((item) => ({
      ...item,
      kindTitle: KIND_TITLES[item.kind],
      href: versionPath(item.agreementId, item.versionNumber),
      answeredAt: item.answeredAt.toISOString(),
      signed: item.answer === 'SIGNED',
    })),
  };
}

/** Why a version cannot be signed now, or null when it awaits the caller's organisation. */
export function versionNotice(party: PartyVersion, exported: AgreementExport): { heading: string; lines: string[]; link: { href: string; text: string } | null } | null {
  const { version, ownSignature, latestVersionNumber, agreement } = party;
  if (version.status === VersionStatus.AWAITING_SIGNATURES && !ownSignature) return null;
  const signedLine = ownSignature
    ? `${ownSignature.signerName} signed it for your organisation as ${SIGNING_ROLES[ownSignature.signedAs]} on ${DATE_TIME.format(ownSignature.signedAt)}.`
    : null;
  const later = latestVersionNumber > version.number ? { href: versionPath(agreement.id, latestVersionNumber), text: `Open version ${latestVersionNumber}` } : null;
  switch (version.status) {
    case VersionStatus.AWAITING_SIGNATURES: {
      const waiting = exported.signatures.filter((s) => !s.signed).map((s) => s.organisationName);
      return {
        heading: 'Your organisation has already signed this version',
        lines: [signedLine!, `It awaits the signature of ${plural(waiting.length, 'more party', 'more parties')}: ${waiting.join(', ')}.`],
        link: null,
      };
    }
    case VersionStatus.ACTIVE:
      return {
        heading: 'Every party has signed this version: it is in force',
        lines: [...(signedLine ? [signedLine] : []), `It has been in force since ${LONG_DATE.format(new Date(`${version.effectiveDate}T00:00:00Z`))}.`],
        link: null,
      };
    case VersionStatus.SUPERSEDED:
      return {
        heading: `This version is no longer awaiting signatures: it has been superseded by version ${latestVersionNumber}`,
        lines: signedLine ? [signedLine] : [],
        link: later,
      };
    case VersionStatus.DECLINED: {
      const decliner = version.frozen.parties.find((p) => p.organisationId === version.declinedOrganisationId)?.organisationName ?? 'a party';
      return {
        heading: 'This version is no longer awaiting signatures: it was declined',
        lines: [
          declineSentence(version, decliner),
          'Its text returned to the draft for the lead organisation’s IG lead.',
          ...(version.declineReason ? [`Their reason: ${version.declineReason}`] : []),
        ],
        link: later,
      };
    }
  }
}

export interface SigningFormValues {
  confirm: boolean;
  signingAs: SigningRole | null;
  reason: string;
  decliningAs: SigningRole | null;
}

export function signingView(party: PartyVersion, exported: AgreementExport, bodyHtml: string, organisationName: string, values: SigningFormValues, errors: FormErrors | null) {
  const { agreement, version } = party;
  const reference = agreement.reference;
  const notice = versionNotice(party, exported);
  const chosen = values.signingAs ?? party.signingRoles[0];
  const declining = values.decliningAs ?? party.signingRoles[0];
  const changed = notice === null && party.changedSinceInForce ? party.changedSinceInForce : null;
  const changedSections = changed ? changedHeadings(bodyHtml, changed.sections) : [];
  return {
    pageTitle: notice ? `Version ${version.number} of ${reference}` : `Sign version ${version.number} of ${reference}`,
    agreementId: agreement.id,
    reference,
    kindTitle: KIND_TITLES[version.frozen.kind],
    title: version.frozen.title,
    leadOrganisationName: exported.leadOrganisation.name,
    versionNumber: version.number,
    contentHash: version.contentHash,
    submittedAt: version.submittedAt.toISOString(),
    pdfHref: pdfPath(agreement.id, version.number),
    progress: `${exported.signatures.filter((s) => s.signed).length} of ${exported.signatures.length} parties have signed`,
    parties: exported.signatures.map((s) => ({ name: s.organisationName, signed: s.signed, signerName: s.signerName, signedAt: s.signedAt, roleLabel: s.signedAs ? SIGNING_ROLES[s.signedAs] : null })),
    organisationName,
    notice,
    canAnswer: notice === null,
    statement: `I confirm I have authority to sign for ${organisationName} and have read version ${version.number} of ${reference}, whose content hash (SHA-256) is ${version.contentHash}`,
    signingRoles:
      party.signingRoles.length > 1 ? party.signingRoles.map((role) => ({ value: role, label: SIGNING_ROLES[role], checked: role === chosen })) : null,
    signingAsLabel: SIGNING_ROLES[chosen],
    decliningRoles:
      party.signingRoles.length > 1 ? party.signingRoles.map((role) => ({ value: role, label: SIGNING_ROLES[role], checked: role === declining })) : null,
    decliningAsLabel: SIGNING_ROLES[declining],
    variation: changed
      ? {
          inForceNumber: changed.number,
          compareHref: `/agreements/${agreement.id}/compare?from=${changed.number}&to=${version.number}`,
          sections: changedSections,
        }
      : null,
    values,
    errors,
    documentHtml: changed ? markChangedHeadings(bodyHtml, changedSections) : bodyHtml,
  };
}

/** The confirmation after signing: who signed, and what happens next. */
export function signedView(party: PartyVersion, exported: AgreementExport, callerUserId: string) {
  const own = party.ownSignature!;
  const who = own.userId === callerUserId ? 'You' : own.signerName;
  const waiting = exported.signatures.filter((s) => !s.signed).map((s) => s.organisationName);
  const inForce = party.version.status === VersionStatus.ACTIVE;
  return {
    kind: 'signed',
    heading: `Version ${party.version.number} of ${party.agreement.reference} signed`,
    body: `${who} signed for ${organisationNameOf(party, own.organisationId)} as ${SIGNING_ROLES[own.signedAs]} on ${DATE_TIME.format(own.signedAt)}.`,
    title: party.version.frozen.title,
    contentHash: own.contentHash,
    next: inForce
      ? `Every party has now signed: the agreement is in force from ${LONG_DATE.format(new Date(`${party.version.effectiveDate}T00:00:00Z`))}.`
      : `It awaits the signature of ${plural(waiting.length, 'more party', 'more parties')}: ${waiting.join(', ')}. It comes into force when every party has signed.`,
    pdfHref: pdfPath(party.agreement.id, party.version.number),
    versionNumber: party.version.number,
  };
}

/** The confirmation after declining. */
export function declinedView(party: PartyVersion) {
  return {
    kind: 'declined',
    heading: `You declined version ${party.version.number} of ${party.agreement.reference}`,
    declined: declineSentence(party.version, organisationNameOf(party, party.version.declinedOrganisationId ?? '')),
    body: `Your reason: ${party.version.declineReason ?? ''}`,
    title: party.version.frozen.title,
    contentHash: party.version.contentHash,
    next: 'The version will not come into force. Its text has returned to the draft, and the lead organisation’s IG lead sees your reason with it; every party signs again when it is resubmitted.',
    pdfHref: pdfPath(party.agreement.id, party.version.number),
    versionNumber: party.version.number,
  };
}

/** The caller's organisation as the version names it. */
export function organisationNameOf(party: PartyVersion, organisationId: string): string {
  return party.version.frozen.parties.find((p) => p.organisationId === organisationId)?.organisationName ?? 'your organisation';
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London', timeZoneName: 'short' });
