import { Role } from '../../common/auth/role.js';

/**
 * Who hears of what, by the roles they hold (see docs/notification-kinds.md). Pure: the queries
 * find the active holders of these roles in the organisations each event concerns.
 */
export const AUDIENCES = {
  /** At each party asked to sign: everyone who may sign for it. */
  signatureRequested: [Role.SIGNATORY, Role.CALDICOTT_GUARDIAN, Role.SIRO],
  /** At the lead organisation and every party. */
  partyDeclined: [Role.IG_LEAD],
  /** At every party. */
  agreementInForce: [Role.IG_LEAD],
  /** At the organisation invited: its IG lead answers, and whoever may sign for it may too. */
  partnershipInvited: [Role.IG_LEAD],
  /** At the lead organisation, whose IG lead drafts. */
  invitationAnswered: [Role.IG_LEAD],
  reviewDue: [Role.IG_LEAD],
  /** At the organisation whose assurance lapses; the lead of each agreement affected hears through `leadOfAgreement`. */
  assuranceLapsing: [Role.ORG_ADMIN, Role.IG_LEAD],
  leadOfAgreement: [Role.IG_LEAD],
  /** At every party of the agreement. */
  incidentRecorded: [Role.IG_LEAD],
  /** At the organisation that recorded the incident. */
  icoDeadline: [Role.IG_LEAD, Role.DPO],
} as const satisfies Record<string, readonly Role[]>;

/** An invited organisation with no IG lead (it cannot be a party without one, but may be named before it has one) is told through who may sign. */
export const INVITATION_FALLBACK: readonly Role[] = AUDIENCES.signatureRequested;
