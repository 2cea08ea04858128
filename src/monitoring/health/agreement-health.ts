import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SECURE_EMAIL_TRANSFER_METHODS, type TransferMethod } from '../../agreements/agreement.enums.js';
import { daysBetween } from '../../agreements/review/review-status.js';
import { countInWords } from '../../common/labels/count-in-words.js';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';
import { accreditationLapse, AssuranceLapseKind, dsptLapse, longDate, type AssuranceLapse } from '../../organisations/assurance.rules.js';
import { DSPT_STATUS_LABELS, type DsptStatus } from '../../organisations/organisation.enums.js';

export enum RagStatus {
  RED = 'RED',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
}
registerEnumType(RagStatus, { name: 'RagStatus', description: 'Red, amber or green, with the reasons.' });
registerEnumType(AssuranceLapseKind, {
  name: 'AssuranceLapseKind',
  description: 'How a party\'s assurance lapsed.',
  valuesMap: {
    ACCREDITATION_EXPIRED: { description: 'Its DCB1596 secure email accreditation expired' },
    DSPT_NOT_MET: { description: 'Its DSPT assessment is Standards Not Met' },
    DSPT_OVERDUE: { description: 'Its next DSPT assessment was due and none was published' },
  },
});

/**
 * What health is worked out from: the agreements as they stood on the date (those not yet made
 * then are left out) and their parties' assurance in force on the date.
 */
export interface HealthFacts {
  asOf: string;
  agreements: {
    id: string;
    reference: string;
    title: string;
    statusOnDate: string;
    nextReviewDate: string | null;
    awaiting: { parties: number; signed: number } | null;
    /** Parties of the version in force on the date. */
    partyIds: string[];
    /** The data flows of the version in force on the date. */
    flows?: { fromOrganisationId: string; toOrganisationId: string; transferMethod: TransferMethod | string | null }[];
    /** The protocol it sits under, with that protocol's status on the date (null if it had none, or the protocol was not yet made). */
    parentProtocol?: { reference: string; statusOnDate: string } | null;
  }[];
  organisations: {
    id: string;
    name: string;
    /** Null when no assurance of the organisation had taken effect by the date. */
    dsptStatus: string | null;
    dsptStatusDate?: string | null;
    dsptNextDueDate?: string | null;
    secureEmailAccreditationExpiry: string | null;
    icoRegistrationRenewalDate?: string | null;
    effectiveFrom?: string;
  }[];
}

@ObjectType()
export class HealthAgreementRow {
  @Field()
  reference: string;

  @Field()
  title: string;

  @Field({ description: 'Status on the date.' })
  status: string;

  @Field(() => LocalDate, { nullable: true })
  nextReviewDate: string | null;

  @Field(() => Int, { nullable: true, description: 'Days from the date to the review; negative when overdue.' })
  daysToReview: number | null;

  @Field(() => Int, { nullable: true, description: 'Parties that have signed the version awaiting signatures.' })
  signed: number | null;

  @Field(() => Int, { nullable: true })
  parties: number | null;

  @Field(() => String, { nullable: true, description: 'The reference of the protocol it sits under, if any.' })
  parentProtocolReference: string | null;

  @Field(() => String, { nullable: true, description: "That protocol's status on the date." })
  parentProtocolStatus: string | null;
}

@ObjectType()
export class HealthOrganisationRow {
  @Field()
  organisationId: string;

  @Field()
  name: string;

  @Field()
  dsptStatus: string;

  @Field(() => LocalDate, { nullable: true })
  secureEmailAccreditationExpiry: string | null;
}

@ObjectType({ description: 'A party whose assurance had lapsed on the date while agreements in force relied on it.' })
export class HealthAssuranceLapse {
  @Field()
  organisationId: string;

  @Field()
  name: string;

  @Field(() => AssuranceLapseKind)
  kind: AssuranceLapseKind;

  @Field(() => LocalDate, { description: 'The day the accreditation expired or the DSPT assessment was due; for Standards Not Met, its publication date.' })
  since: string;

  @Field(() => [String], { description: 'References of the agreements in force that relied on it.' })
  agreements: string[];
}

@ObjectType({ description: 'How well a set of agreements is kept: signatures, reviews, and the assurance of the parties.' })
export class AgreementHealth {
  @Field(() => LocalDate)
  asOf: string;

  @Field(() => RagStatus)
  status: RagStatus;

  @Field(() => [String], { description: 'Why the status is not GREEN.' })
  reasons: string[];

  @Field(() => Int)
  activeAgreements: number;

  @Field(() => Int)
  awaitingSignatures: number;

  @Field(() => Float, { nullable: true, description: 'Signatures in, as a percentage of those needed, across agreements awaiting signatures.' })
  signatureCompleteness: number | null;

  @Field(() => Int)
  reviewsOverdue: number;

  @Field(() => Int)
  reviewsDueWithin30Days: number;

  @Field(() => Int)
  reviewsDueWithin90Days: number;

  @Field(() => [HealthOrganisationRow], { description: 'Parties of agreements in force whose DSPT status in force on the date is below Standards Met.' })
  partiesBelowDsptMet: HealthOrganisationRow[];

  @Field(() => [HealthOrganisationRow], { description: 'Parties whose DCB1596 accreditation in force on the date had expired by then or expires within 90 days of it.' })
  accreditationsExpiringWithin90Days: HealthOrganisationRow[];

  @Field(() => [HealthAssuranceLapse], {
    description: 'Parties whose DCB1596 accreditation had expired, or whose DSPT was Not Met or overdue, while an agreement in force relied on it (for the accreditation: a flow by secure email to or from them).',
  })
  assuranceLapses: HealthAssuranceLapse[];

  @Field(() => [HealthAgreementRow])
  agreements: HealthAgreementRow[];
}

const BELOW_MET = ['APPROACHING_STANDARDS', 'STANDARDS_NOT_MET', 'NOT_PUBLISHED'];

type OrganisationFacts = HealthFacts['organisations'][number];
type AgreementFacts = HealthFacts['agreements'][number];

const relies = (agreements: AgreementFacts[]) => `${agreements.map((a) => a.reference).join(', ')} ${agreements.length > 1 ? 'rely' : 'relies'} on it`;

function lapseReason(o: OrganisationFacts, lapse: AssuranceLapse, relying: AgreementFacts[]): string {
  switch (lapse.kind) {
    case AssuranceLapseKind.ACCREDITATION_EXPIRED:
      return `${o.name}'s DCB1596 accreditation expired on ${longDate(lapse.since)} while ${relies(relying)}`;
    case AssuranceLapseKind.DSPT_NOT_MET:
      return `${o.name}'s DSPT assessment has been Standards Not Met since ${longDate(lapse.since)} while ${relies(relying)}`;
    case AssuranceLapseKind.DSPT_OVERDUE:
      return `${o.name}'s DSPT assessment was due on ${longDate(lapse.since)} and none was published while ${relies(relying)}`;
  }
}

/** Red: something is wrong on the date. Amber: something needs doing soon after it. Green: neither. Pure. */
const ENDED_PROTOCOL = ['TERMINATED', 'EXPIRED'];

export function agreementHealth(facts: HealthFacts): AgreementHealth {
  const active = facts.agreements.filter((a) => a.statusOnDate === 'ACTIVE');
  const days = (date: string | null) => (date ? daysBetween(facts.asOf, date) : null);
  const overdue = active.filter((a) => (days(a.nextReviewDate) ?? 0) < 0);
  const within = (limit: number) => active.filter((a) => {
    const d = days(a.nextReviewDate);
    return d !== null && d >= 0 && d <= limit;
  });
  const awaiting = facts.agreements.filter((a) => a.awaiting);
  const needed = awaiting.reduce((sum, a) => sum + a.awaiting!.parties, 0);
  const signed = awaiting.reduce((sum, a) => sum + a.awaiting!.signed, 0);
  const inForceParties = new Set(active.flatMap((a) => a.partyIds));
  const recorded = facts.organisations.filter((o): o is OrganisationFacts & { dsptStatus: string } => o.dsptStatus !== null);
  const row = (o: OrganisationFacts & { dsptStatus: string }) => ({ organisationId: o.id, name: o.name, dsptStatus: o.dsptStatus, secureEmailAccreditationExpiry: o.secureEmailAccreditationExpiry });
  const belowMet = recorded.filter((o) => inForceParties.has(o.id) && BELOW_MET.includes(o.dsptStatus));
  const expiring = recorded.filter((o) => o.secureEmailAccreditationExpiry !== null && days(o.secureEmailAccreditationExpiry)! <= 90);

  // Lapses an agreement in force relied on: any party's DSPT; the accreditation of either end of a flow by secure email.
  const lapses: HealthAssuranceLapse[] = [];
  const lapseReasons: string[] = [];
  const expiredUnrelied: OrganisationFacts[] = [];
  for (const o of recorded) {
    const entry = { effectiveFrom: o.effectiveFrom ?? facts.asOf, dsptStatus: o.dsptStatus as DsptStatus, dsptStatusDate: o.dsptStatusDate ?? null, dsptNextDueDate: o.dsptNextDueDate ?? null };
    const dspt = dsptLapse(entry, facts.asOf);
    const dsptRelying = active.filter((a) => a.partyIds.includes(o.id));
    const accreditation = accreditationLapse(o, facts.asOf);
    const emailRelying = active.filter((a) =>
      (a.flows ?? []).some((f) => (f.fromOrganisationId === o.id || f.toOrganisationId === o.id) && SECURE_EMAIL_TRANSFER_METHODS.includes(f.transferMethod as TransferMethod)),
    );
    for (const [lapse, relying] of [[dspt, dsptRelying], [accreditation, emailRelying]] as const) {
      if (!lapse || relying.length === 0) continue;
      lapses.push({ organisationId: o.id, name: o.name, kind: lapse.kind, since: lapse.since, agreements: relying.map((a) => a.reference) });
      lapseReasons.push(lapseReason(o, lapse, relying));
    }
    if (accreditation && emailRelying.length === 0) expiredUnrelied.push(o);
  }
  // An agreement in force under a protocol that has ended (or is suspended) no longer has the partnership's commitment behind it.
  const protocolEnded = active.filter((a) => a.parentProtocol && ENDED_PROTOCOL.includes(a.parentProtocol.statusOnDate));
  const protocolSuspended = active.filter((a) => a.parentProtocol?.statusOnDate === 'SUSPENDED');
  const unrecorded = facts.organisations.filter((o) => o.dsptStatus === null && inForceParties.has(o.id));
  const icoDue = recorded.filter((o) => inForceParties.has(o.id) && o.icoRegistrationRenewalDate && o.icoRegistrationRenewalDate < facts.asOf);

  const red: string[] = [];
  const amber: string[] = [];
  if (overdue.length) red.push(`${countInWords(overdue.length, 'agreement')} overdue for review: ${overdue.map((a) => a.reference).join(', ')}`);
  red.push(...lapseReasons);
  for (const a of protocolEnded) red.push(`${a.reference} is in force under ${a.parentProtocol!.reference}, which has ${a.parentProtocol!.statusOnDate === 'TERMINATED' ? 'been terminated' : 'expired'}`);
  const dueSoon = within(90);
  if (dueSoon.length) amber.push(`${countInWords(dueSoon.length, 'agreement')} due for review within 90 days: ${dueSoon.map((a) => a.reference).join(', ')}`);
  for (const a of protocolSuspended) amber.push(`${a.reference} is in force under ${a.parentProtocol!.reference}, which is suspended`);
  if (awaiting.length) amber.push(`${countInWords(awaiting.length, 'agreement')} awaiting signatures (${signed} of ${needed} signed)`);
  const approaching = belowMet.filter((o) => o.dsptStatus !== 'STANDARDS_NOT_MET');
  for (const o of approaching) amber.push(`${o.name}'s DSPT is ${DSPT_STATUS_LABELS[o.dsptStatus as DsptStatus] ?? o.dsptStatus}`);
  for (const o of expiredUnrelied) amber.push(`${o.name}'s DCB1596 accreditation expired on ${longDate(o.secureEmailAccreditationExpiry!)}; no agreement in force sends by secure email to or from it`);
  const soon = expiring.filter((o) => days(o.secureEmailAccreditationExpiry)! >= 0);
  if (soon.length) amber.push(`DCB1596 accreditation expires within 90 days: ${soon.map((o) => o.name).join(', ')}`);
  for (const o of icoDue) amber.push(`${o.name}'s ICO registration was due for renewal on ${longDate(o.icoRegistrationRenewalDate!)}`);
  if (unrecorded.length) amber.push(`No assurance on record on ${longDate(facts.asOf)} for: ${unrecorded.map((o) => o.name).join(', ')}`);

  return {
    asOf: facts.asOf,
    status: red.length ? RagStatus.RED : amber.length ? RagStatus.AMBER : RagStatus.GREEN,
    reasons: [...red, ...amber],
    activeAgreements: active.length,
    awaitingSignatures: awaiting.length,
    signatureCompleteness: needed ? Math.round((signed / needed) * 1000) / 10 : null,
    reviewsOverdue: overdue.length,
    reviewsDueWithin30Days: within(30).length,
    reviewsDueWithin90Days: dueSoon.length,
    partiesBelowDsptMet: belowMet.map(row),
    accreditationsExpiringWithin90Days: expiring.map(row),
    assuranceLapses: lapses,
    agreements: facts.agreements.map((a) => ({
      reference: a.reference,
      title: a.title,
      status: a.statusOnDate,
      nextReviewDate: a.nextReviewDate,
      daysToReview: days(a.nextReviewDate),
      signed: a.awaiting?.signed ?? null,
      parties: a.awaiting?.parties ?? null,
      parentProtocolReference: a.parentProtocol?.reference ?? null,
      parentProtocolStatus: a.parentProtocol?.statusOnDate ?? null,
    })),
  };
}
