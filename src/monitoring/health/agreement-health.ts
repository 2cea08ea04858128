import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';
import { daysBetween } from '../../agreements/review/review-status.js';

export enum RagStatus {
  RED = 'RED',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
}
registerEnumType(RagStatus, { name: 'RagStatus', description: 'Red, amber or green, with the reasons.' });

/** What health is worked out from: agreements as they stood on the date, and their parties as they are. */
export interface HealthFacts {
  asOf: string;
  agreements: {
    id: string;
    reference: string;
    title: string;
    statusOnDate: string;
    nextReviewDate: string | null;
    awaiting: { parties: number; signed: number } | null;
    partyIds: string[];
  }[];
  organisations: { id: string; name: string; dsptStatus: string; secureEmailAccreditationExpiry: string | null }[];
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

  @Field(() => [HealthOrganisationRow], { description: 'Parties of agreements in force whose DSPT status is below Standards Met.' })
  partiesBelowDsptMet: HealthOrganisationRow[];

  @Field(() => [HealthOrganisationRow], { description: 'Parties whose DCB1596 accreditation has expired or expires within 90 days.' })
  accreditationsExpiringWithin90Days: HealthOrganisationRow[];

  @Field(() => [HealthAgreementRow])
  agreements: HealthAgreementRow[];
}

const BELOW_MET = ['APPROACHING_STANDARDS', 'STANDARDS_NOT_MET', 'NOT_PUBLISHED'];

/** Red: something is wrong now. Amber: something needs doing soon. Green: neither. Pure. */
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
  const row = (o: HealthFacts['organisations'][number]) => ({ organisationId: o.id, name: o.name, dsptStatus: o.dsptStatus, secureEmailAccreditationExpiry: o.secureEmailAccreditationExpiry });
  const belowMet = facts.organisations.filter((o) => inForceParties.has(o.id) && BELOW_MET.includes(o.dsptStatus));
  const expiring = facts.organisations.filter((o) => o.secureEmailAccreditationExpiry !== null && days(o.secureEmailAccreditationExpiry)! <= 90);
  const expired = expiring.filter((o) => days(o.secureEmailAccreditationExpiry)! < 0);
  const notMet = belowMet.filter((o) => o.dsptStatus === 'STANDARDS_NOT_MET');

  const red: string[] = [];
  const amber: string[] = [];
  if (overdue.length) red.push(`${overdue.length} agreement(s) overdue for review: ${overdue.map((a) => a.reference).join(', ')}`);
  if (notMet.length) red.push(`DSPT Standards Not Met: ${notMet.map((o) => o.name).join(', ')}`);
  if (expired.length) red.push(`DCB1596 accreditation expired: ${expired.map((o) => o.name).join(', ')}`);
  const dueSoon = within(90);
  if (dueSoon.length) amber.push(`${dueSoon.length} agreement(s) due for review within 90 days: ${dueSoon.map((a) => a.reference).join(', ')}`);
  if (awaiting.length) amber.push(`${awaiting.length} agreement(s) awaiting signatures (${signed} of ${needed} signed)`);
  const approaching = belowMet.filter((o) => o.dsptStatus !== 'STANDARDS_NOT_MET');
  if (approaching.length) amber.push(`DSPT below Standards Met: ${approaching.map((o) => `${o.name} (${o.dsptStatus})`).join(', ')}`);
  const soon = expiring.filter((o) => !expired.includes(o));
  if (soon.length) amber.push(`DCB1596 accreditation expires within 90 days: ${soon.map((o) => o.name).join(', ')}`);

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
    agreements: facts.agreements.map((a) => ({
      reference: a.reference,
      title: a.title,
      status: a.statusOnDate,
      nextReviewDate: a.nextReviewDate,
      daysToReview: days(a.nextReviewDate),
      signed: a.awaiting?.signed ?? null,
      parties: a.awaiting?.parties ?? null,
    })),
  };
}
