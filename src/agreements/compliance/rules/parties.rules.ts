import { DsptStatus } from '../../../organisations/organisation.enums.js';
import { AgreementKind, AgreementStatus, PartyRole } from '../../agreement.enums.js';
import type { PartyFacts } from '../compliance-input.js';
import { DCB1596, DSPT, ico } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { longDate } from './rule-wording.js';

// Parties: who shares, in which role, under which protocol, and how well each keeps information secure.

export const tooFewParties = rule('TOO_FEW_PARTIES', ({ parties }, report) =>
  parties.length >= 2
    ? []
    : [
        report.blocker(
          'parties',
          parties.length === 0
            ? 'The agreement has no parties. Add at least two organisations that share information under it.'
            : `The agreement has only one party (${parties[0].organisationName}). Add at least one other organisation that shares information under it.`,
          ico('Data sharing agreements'),
        ),
      ],
);

export const partyRolesInconsistent = rule('PARTY_ROLES_INCONSISTENT', ({ kind, parties }, report) => {
  const withRole = (role: PartyRole) => parties.filter((party) => party.role === role);
  if (kind === AgreementKind.DDA) {
    const missing = [
      withRole(PartyRole.DISCLOSER).length === 0 ? 'a discloser' : null,
      withRole(PartyRole.RECIPIENT).length === 0 ? 'a recipient' : null,
    ].filter((text): text is string => text !== null);
    return missing.length === 0
      ? []
      : [
          report.blocker(
            'parties',
            `A data disclosure agreement needs at least one discloser and one recipient, but no party is ${missing.join(' or ')}. Set each party's role.`,
            ico('Accountability'),
          ),
        ];
  }
  if (kind === AgreementKind.JCA) {
    const joint = withRole(PartyRole.JOINT_CONTROLLER);
    return joint.length >= 2
      ? []
      : [
          report.blocker(
            'parties',
            joint.length === 0
              ? 'A joint controller arrangement needs at least two joint controllers, but no party is a joint controller. Set each party\'s role.'
              : `A joint controller arrangement needs at least two joint controllers, but only ${joint[0].organisationName} is one. Set each party's role.`,
            ico('Accountability'),
          ),
        ];
  }
  return [];
});

const PROTOCOL_IN_FORCE: ReadonlySet<AgreementStatus> = new Set([AgreementStatus.ACTIVE, AgreementStatus.AWAITING_SIGNATURES]);

const PROTOCOL_STATUS_WORDS: Record<AgreementStatus, string> = {
  [AgreementStatus.DRAFT]: 'still a draft',
  [AgreementStatus.AWAITING_SIGNATURES]: 'awaiting signatures',
  [AgreementStatus.ACTIVE]: 'in force',
  [AgreementStatus.SUSPENDED]: 'suspended',
  [AgreementStatus.TERMINATED]: 'terminated',
  [AgreementStatus.EXPIRED]: 'expired',
};

export const parentProtocolNotInForce = rule('PARENT_PROTOCOL_NOT_IN_FORCE', ({ parentProtocol }, report) =>
  parentProtocol && !PROTOCOL_IN_FORCE.has(parentProtocol.status)
    ? [
        report.blocker(
          'parentProtocolId',
          `The protocol it sits under, ${parentProtocol.reference} (${parentProtocol.title}), is ${PROTOCOL_STATUS_WORDS[parentProtocol.status]}. An agreement can sit only under a protocol that is in force or awaiting signatures: choose another protocol or none.`,
          ico('Accountability'),
        ),
      ]
    : [],
);

export const partyNotReady = rule('PARTY_NOT_READY', ({ parties }, report) =>
  parties.flatMap((party, index) => {
    if (party.readiness.ready) return [];
    const reasons = party.readiness.reasons.map((reason) => reason.message.trim().replace(/\.$/, '')).filter((text) => text !== '');
    return [
      report.blocker(
        `parties[${index}]`,
        `${party.organisationName} is not ready to be a party${reasons.length ? `: ${reasons.join('; ')}` : ''}. It needs an IG lead and someone who may sign for it.`,
        ico('Accountability'),
      ),
    ];
  }),
);

const dsptRule = (code: string, status: DsptStatus, severity: 'blocker' | 'warning', explain: (party: PartyFacts) => string) =>
  rule(code, ({ parties }, report) =>
    parties.flatMap((party, index) => (party.dsptStatus === status ? [report[severity](`parties[${index}]`, explain(party), DSPT)] : [])),
  );

export const partyDsptNotMet = dsptRule(
  'PARTY_DSPT_NOT_MET',
  DsptStatus.STANDARDS_NOT_MET,
  'blocker',
  (party) =>
    `${party.organisationName}'s Data Security and Protection Toolkit assessment is "Standards Not Met". It cannot be relied on to keep shared information secure until it meets the standards.`,
);

export const partyDsptApproaching = dsptRule(
  'PARTY_DSPT_APPROACHING',
  DsptStatus.APPROACHING_STANDARDS,
  'warning',
  (party) =>
    `${party.organisationName}'s Data Security and Protection Toolkit assessment is "Approaching Standards". Check its improvement plan before relying on it.`,
);

export const partyDsptNotPublished = dsptRule(
  'PARTY_DSPT_NOT_PUBLISHED',
  DsptStatus.NOT_PUBLISHED,
  'warning',
  (party) =>
    `${party.organisationName} has no published Data Security and Protection Toolkit assessment. Ask for evidence of how it keeps information secure.`,
);

export const secureEmailAccreditationExpiresBeforeReview = rule('SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW', (input, report) => {
  const reviewDate = input.content.review?.nextReviewDate || null;
  return input.parties.flatMap((party, index) => {
    const expiry = party.secureEmailAccreditationExpiry;
    if (!expiry) return [];
    if (expiry < input.asAt) {
      return [
        report.warning(
          `parties[${index}]`,
          `${party.organisationName}'s DCB1596 secure email accreditation expired on ${longDate(expiry)}. It must be renewed before the organisation sends or receives information by secure email.`,
          DCB1596,
        ),
      ];
    }
    if (reviewDate && expiry < reviewDate) {
      return [
        report.warning(
          `parties[${index}]`,
          `${party.organisationName}'s DCB1596 secure email accreditation expires on ${longDate(expiry)}, before the agreement's next review on ${longDate(reviewDate)}. Make sure it is renewed in time.`,
          DCB1596,
        ),
      ];
    }
    return [];
  });
});
