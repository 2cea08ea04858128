import { DSPT_STATUSES, KIND_TITLES } from '../../documents/document-labels.js';
import type { AgreementKind } from '../../agreements/agreement.enums.js';
import type { DsptStatus } from '../../organisations/organisation.enums.js';
import { longDate } from '../../organisations/assurance.rules.js';
import type { IncidentKind, IncidentSeverity } from '../../monitoring/monitoring.enums.js';

/**
 * What each notification says, in the NHS voice: who did what, what the reader needs to do, and
 * the page where they do it (a path on this site). Pure: the senders add the frame and the site's
 * address. Nothing here is about the people whose information is shared: agreements are named by
 * reference and title, incidents by kind and severity, never by their summary.
 */
export interface ComposedMessage {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** The page where the job is done, from the site's root (e.g. `/in-tray/…`). */
  path: string;
  linkText: string;
}

export interface AgreementFacts {
  id: string;
  reference: string;
  title: string;
  kind: AgreementKind;
  leadOrganisationName: string;
}

const named = (a: AgreementFacts) => `${a.reference}, ${a.title}`;
const kindOf = (a: AgreementFacts) => KIND_TITLES[a.kind].toLowerCase();
const agreementPath = (a: AgreementFacts) => `/agreements/${a.id}`;

/** A version awaits the signature of one party organisation: to its signatories, Caldicott Guardian and SIRO. */
export function signatureRequested(a: AgreementFacts, versionNumber: number, partyName: string): ComposedMessage {
  return {
    subject: `Sign ${a.reference}: ${a.title}`,
    heading: 'An agreement is waiting for your signature',
    paragraphs: [
      `${a.leadOrganisationName} has sent version ${versionNumber} of the ${kindOf(a)} ${named(a)} for signature.`,
      `${partyName} needs to sign it, or decline with a reason. Anyone who may sign for ${partyName} can do this: an authorised signatory, the Caldicott Guardian or the SIRO.`,
      'Read the version before you sign. Your signature applies to that exact text.',
    ],
    path: `/in-tray/${a.id}/versions/${versionNumber}`,
    linkText: 'Read and sign the agreement',
  };
}

/** A party declined: to the IG leads, with the reason the signatory gave. */
export function partyDeclined(a: AgreementFacts, versionNumber: number, decliningName: string, reason: string): ComposedMessage {
  return {
    subject: `${a.reference} was declined by ${decliningName}`,
    heading: `${decliningName} declined to sign ${a.reference}`,
    paragraphs: [
      `${decliningName} declined to sign version ${versionNumber} of ${named(a)}.`,
      `The reason they gave: ${reason}`,
      `The agreement has gone back to draft. The IG lead at ${a.leadOrganisationName} needs to change it and send it for signature again.`,
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

/** Every party has signed: to every party's IG lead. */
export function agreementInForce(a: AgreementFacts, versionNumber: number, effectiveDate: string): ComposedMessage {
  return {
    subject: `${a.reference} is now in force`,
    heading: `${a.reference} is now in force`,
    paragraphs: [
      `Every party has signed version ${versionNumber} of ${named(a)}.`,
      `It is in force from ${longDate(effectiveDate)}. Information may now be shared as it sets out, and each decision to share should be recorded.`,
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

/** An organisation is named as a party of a draft: to its IG lead, who accepts or refuses. */
export function partnershipInvited(a: AgreementFacts, invitedName: string): ComposedMessage {
  return {
    subject: `${a.leadOrganisationName} has invited ${invitedName} to ${a.reference}`,
    heading: `${invitedName} is invited to be a party to an agreement`,
    paragraphs: [
      `${a.leadOrganisationName} has named ${invitedName} as a party to the ${kindOf(a)} ${named(a)}.`,
      'Read the draft, then accept or refuse. It cannot be sent for signature until every party named has accepted.',
    ],
    path: agreementPath(a),
    linkText: 'Read the draft and answer',
  };
}

/** The invited organisation answered: to the lead organisation's IG lead. */
export function invitationAnswered(a: AgreementFacts, answeringName: string, accepted: boolean, reason: string | null): ComposedMessage {
  return accepted
    ? {
        subject: `${answeringName} accepted your invitation to ${a.reference}`,
        heading: `${answeringName} accepted`,
        paragraphs: [`${answeringName} accepted the invitation to be a party to ${named(a)}.`, 'When every party has accepted, you can send the agreement for signature.'],
        path: `${agreementPath(a)}/edit/parties`,
        linkText: 'See the parties',
      }
    : {
        subject: `${answeringName} refused your invitation to ${a.reference}`,
        heading: `${answeringName} refused`,
        paragraphs: [
          `${answeringName} refused the invitation to be a party to ${named(a)}.`,
          `The reason they gave: ${reason ?? 'none given'}`,
          'Talk to them, or remove them from the draft before you send it for signature.',
        ],
        path: `${agreementPath(a)}/edit/parties`,
        linkText: 'See the parties',
      };
}

export type ReviewThreshold = 'REVIEW_DUE_90' | 'REVIEW_DUE_30' | 'REVIEW_OVERDUE';

/** A review falls due, or is overdue: to the lead organisation's IG lead. */
export function reviewDue(a: AgreementFacts, threshold: ReviewThreshold, nextReviewDate: string): ComposedMessage {
  const overdue = threshold === 'REVIEW_OVERDUE';
  return {
    subject: overdue ? `${a.reference} is overdue for review` : `${a.reference} is due for review by ${longDate(nextReviewDate)}`,
    heading: overdue ? `${a.reference} is overdue for review` : `${a.reference} is due for review`,
    paragraphs: [
      overdue
        ? `${named(a)} should have been reviewed by ${longDate(nextReviewDate)}.`
        : `${named(a)} is due for review by ${longDate(nextReviewDate)}, ${threshold === 'REVIEW_DUE_90' ? 'within 90 days' : 'within 30 days'}.`,
      'Check with the other parties that it is still needed and still right, then start a variation or record that nothing needs to change.',
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

export type AssuranceLapse =
  | { reminder: 'DSPT_DUE'; dueDate: string }
  | { reminder: 'DSPT_BELOW_STANDARDS_MET'; status: DsptStatus }
  | { reminder: 'ACCREDITATION_EXPIRING'; expiry: string };

function lapseWords(organisationName: string, lapse: AssuranceLapse, today: string): string {
  switch (lapse.reminder) {
    case 'DSPT_DUE':
      return lapse.dueDate < today
        ? `${organisationName}'s Data Security and Protection Toolkit (DSPT) assessment was due on ${longDate(lapse.dueDate)} and has not been recorded.`
        : `${organisationName}'s Data Security and Protection Toolkit (DSPT) assessment is due on ${longDate(lapse.dueDate)}.`;
    case 'DSPT_BELOW_STANDARDS_MET':
      return `${organisationName}'s Data Security and Protection Toolkit (DSPT) status is ${DSPT_STATUSES[lapse.status]}, below Standards Met.`;
    case 'ACCREDITATION_EXPIRING':
      return lapse.expiry < today
        ? `${organisationName}'s secure email accreditation (DCB1596) expired on ${longDate(lapse.expiry)}.`
        : `${organisationName}'s secure email accreditation (DCB1596) expires on ${longDate(lapse.expiry)}.`;
  }
}

/** To the organisation's admin and IG lead: their own assurance, and the agreements that rely on it. */
export function assuranceLapsingForOrganisation(organisationName: string, lapse: AssuranceLapse, references: readonly string[], today: string): ComposedMessage {
  return {
    subject: `${organisationName}: assurance needs attention`,
    heading: 'Your organisation’s assurance needs attention',
    paragraphs: [
      lapseWords(organisationName, lapse, today),
      `Partners rely on it under ${references.join(', ')}.`,
      'Update your assurance in Accordant when it changes, so partners see where you stand.',
    ],
    path: '/organisation/assurance',
    linkText: 'Update your assurance',
  };
}

/** To the lead organisation's IG lead of one agreement that relies on a party's assurance. */
export function assuranceLapsingForAgreement(a: AgreementFacts, organisationName: string, lapse: AssuranceLapse, today: string): ComposedMessage {
  return {
    subject: `${a.reference}: ${organisationName}'s assurance needs attention`,
    heading: `A party to ${a.reference} has an assurance problem`,
    paragraphs: [
      lapseWords(organisationName, lapse, today),
      `${organisationName} is a party to ${named(a)}.`,
      'Check with them what they are doing about it, and whether sharing under the agreement should change in the meantime.',
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

export interface IncidentFacts {
  kind: IncidentKind;
  severity: IncidentSeverity;
  reportingOrganisationName: string;
  discoveredAt: Date;
  icoDeadline: Date | null;
}

const INCIDENT_KINDS: Record<IncidentKind, string> = { BREACH: 'breach', NEAR_MISS: 'near miss' };
const SEVERITIES: Record<IncidentSeverity, string> = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };

/** A time as people read it in the UK, e.g. "3 March 2026 at 14:05 (UK time)". */
export function ukTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')} (UK time)`;
}

/** An incident recorded under an agreement: to the parties' IG leads. Its summary is never sent. */
export function incidentRecorded(a: AgreementFacts, incident: IncidentFacts): ComposedMessage {
  return {
    subject: `An incident has been recorded under ${a.reference}`,
    heading: `An incident has been recorded under ${a.reference}`,
    paragraphs: [
      `${incident.reportingOrganisationName} recorded a ${SEVERITIES[incident.severity]} severity ${INCIDENT_KINDS[incident.kind]} under ${named(a)}. It was discovered on ${ukTime(incident.discoveredAt)}.`,
      incident.icoDeadline
        ? `It must be reported to the Information Commissioner's Office (ICO) by ${ukTime(incident.icoDeadline)}, 72 hours after it was discovered.`
        : 'It has not been marked as one to report to the Information Commissioner’s Office (ICO).',
      'Read the details in Accordant and agree with the other parties what each of you needs to do.',
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

/** 12 hours before the ICO deadline of an incident not yet reported: to the reporting organisation's IG lead and DPO. */
export function icoDeadlineNear(a: AgreementFacts, incident: IncidentFacts & { icoDeadline: Date }, now: Date): ComposedMessage {
  const passed = incident.icoDeadline <= now;
  return {
    subject: passed ? `The ICO deadline for an incident under ${a.reference} has passed` : `Report the incident under ${a.reference} to the ICO by ${ukTime(incident.icoDeadline)}`,
    heading: passed ? 'The deadline to report an incident to the ICO has passed' : 'An incident must be reported to the ICO within 12 hours',
    paragraphs: [
      `${incident.reportingOrganisationName} recorded a ${SEVERITIES[incident.severity]} severity ${INCIDENT_KINDS[incident.kind]} under ${named(a)} that must be reported to the Information Commissioner's Office (ICO).`,
      passed
        ? `The deadline was ${ukTime(incident.icoDeadline)} and it has not been recorded as reported. Report it now, and record why it is late.`
        : `The deadline is ${ukTime(incident.icoDeadline)} and it has not been recorded as reported yet.`,
      'When you have reported it, record the date in Accordant.',
    ],
    path: agreementPath(a),
    linkText: 'Open the agreement',
  };
}

/** A new user's invitation to set their password (the link holds a single-use token). */
export function userInvited(organisationName: string, setPasswordPath: string, expiresAt: Date): ComposedMessage {
  return {
    subject: 'Set up your Accordant account',
    heading: 'You have an Accordant account',
    paragraphs: [
      `${organisationName} has set up an Accordant account for you. Accordant is where partner organisations agree, sign and monitor how they share information.`,
      `Choose your password to start. The link works once, and only until ${ukTime(expiresAt)}. If it has expired, ask your organisation's administrator to send a new one, or use "Forgotten your password?" on the sign-in page.`,
      'If you were not expecting this email, you can ignore it.',
    ],
    path: setPasswordPath,
    linkText: 'Choose your password',
  };
}

/** A password reset someone asked for (the link holds a single-use token). */
export function passwordReset(setPasswordPath: string, expiresAt: Date): ComposedMessage {
  return {
    subject: 'Reset your Accordant password',
    heading: 'Reset your password',
    paragraphs: [
      'Someone asked to reset the password of the Accordant account for this email address.',
      `If it was you, choose a new password. The link works once, and only until ${ukTime(expiresAt)}.`,
      'If it was not you, you can ignore this email. Your password has not changed.',
    ],
    path: setPasswordPath,
    linkText: 'Choose a new password',
  };
}
