import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DecisionFlagKind } from '../monitoring.enums.js';
import type { MonthRow, RollupRow } from './metrics.queries.js';

/** The histogram buckets of `minutes_bucket` (the rollups migration): a value is its bucket's lower bound. */
const TIME_RESOLUTION =
  '% minutes from request to decision, as the lower bound of its bucket: single minutes under 10, then 5 minutes under an hour, 15 minutes under 4 hours, hours under a day, 6 hours under a week, days beyond.';

const SHARED = 'Decisions that shared everything asked for (not those that shared in part).';

@ObjectType()
export class MonthCount {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Int)
  decisions: number;

  @Field(() => Int, { description: SHARED })
  shared: number;

  @Field(() => Int)
  partiallyShared: number;

  @Field(() => Int)
  notShared: number;
}

@ObjectType({ description: 'A count under one value of a dimension (a basis, a method, a data item, a flag kind...).' })
export class ValueCount {
  @Field()
  value: string;

  @Field(() => Int)
  decisions: number;

  @Field(() => Float, { description: 'Records, for bulk flows (1 a decision otherwise).' })
  records: number;
}

@ObjectType({ description: 'Decisions by outcome.' })
export class OutcomeCounts {
  @Field(() => Int)
  decisions: number;

  @Field(() => Int, { description: SHARED })
  shared: number;

  @Field(() => Int)
  partiallyShared: number;

  @Field(() => Int)
  notShared: number;
}

@ObjectType({ description: 'Decisions from one organisation to another.' })
export class FlowCount {
  @Field()
  fromOrganisationId: string;

  @Field()
  fromOrganisationName: string;

  @Field()
  toOrganisationId: string;

  @Field()
  toOrganisationName: string;

  @Field(() => Int)
  decisions: number;

  @Field(() => Int, { description: SHARED })
  shared: number;

  @Field(() => Int)
  partiallyShared: number;

  @Field(() => Int)
  notShared: number;

  @Field(() => Int, { description: 'Decisions on this flow with any flag (a reason to look at them).' })
  flagged: number;
}

@ObjectType()
export class IncidentCounts {
  @Field(() => Int)
  total: number;

  @Field(() => Int)
  breaches: number;

  @Field(() => Int)
  nearMisses: number;

  @Field(() => Int)
  icoReportable: number;

  @Field(() => Int, { description: 'Reportable breaches not reported to the ICO within 72 hours.' })
  icoDeadlinesMissed: number;

  @Field(() => Int)
  open: number;
}

@ObjectType({ description: 'Decisions checked again against an agreement recorded from its signed original after they were recorded.' })
export class RecheckCounts {
  @Field(() => Int, { description: 'Decisions re-checked.' })
  decisions: number;

  @Field(() => Int, { description: 'Of those, decisions recorded with at least one flag (their flags are kept as recorded).' })
  flaggedAsRecorded: number;

  @Field(() => Int, { description: 'Of those, decisions with at least one flag after the re-check.' })
  flaggedAfterRecheck: number;
}

export const NO_RECHECKS: RecheckCounts = { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 };

@ObjectType({ description: 'How often, and what, information is shared: aggregates only, never individual decisions.' })
export class SharingMetrics {
  @Field({ description: 'AGREEMENT, PARTNERSHIP or ORGANISATION.' })
  scope: string;

  @Field()
  scopeId: string;

  @Field()
  scopeName: string;

  @Field({ description: 'First month, YYYY-MM.' })
  fromMonth: string;

  @Field({ description: 'Last month, YYYY-MM.' })
  toMonth: string;

  @Field(() => Int)
  decisions: number;

  @Field(() => Int, { description: SHARED })
  shared: number;

  @Field(() => Int)
  partiallyShared: number;

  @Field(() => Int)
  notShared: number;

  @Field(() => OutcomeCounts, {
    description:
      "The decisions above made under no agreement. For a partnership: those of its members (parties to the version in force of the protocol or of an agreement under it), by today's membership; for an organisation: its own.",
  })
  outsideAnyAgreement: OutcomeCounts;

  @Field(() => Float, { description: 'Records in decisions that shared everything asked for (bulk flows count each record).' })
  recordsShared: number;

  @Field(() => Float, { description: 'Records in decisions that shared in part.' })
  recordsPartiallyShared: number;

  @Field(() => Float, { description: 'Records in decisions that shared nothing (as recorded; usually 0).' })
  recordsNotShared: number;

  @Field(() => [MonthCount])
  byMonth: MonthCount[];

  @Field(() => [FlowCount])
  byFlow: FlowCount[];

  @Field(() => [ValueCount], { description: 'Data items shared (in full or in part), most frequent first.' })
  byDataItem: ValueCount[];

  @Field(() => [ValueCount], { description: 'Data items withheld from partial shares, by item, most frequent first.' })
  byWithheldItem: ValueCount[];

  @Field(() => Float, { nullable: true, description: 'Share of decisions that shared in full or in part which included special category data, 0-1.' })
  specialCategoryShare: number | null;

  @Field(() => [ValueCount], { description: 'UK GDPR Article 6 basis of decisions that shared in full or in part.' })
  byArticle6Basis: ValueCount[];

  @Field(() => [ValueCount], { description: 'Common-law basis of decisions that shared in full or in part.' })
  byCommonLawBasis: ValueCount[];

  @Field(() => [ValueCount])
  byConsentStatus: ValueCount[];

  @Field(() => Int, { description: 'Decisions where consent was refused or withdrawn.' })
  consentRefused: number;

  @Field(() => Int, { description: '...of which shared on a public-interest override.' })
  consentRefusedOverridden: number;

  @Field(() => [ValueCount], { description: 'Transfer method of decisions that shared in full or in part.' })
  byTransferMethod: ValueCount[];

  @Field(() => Float, { nullable: true, description: 'Share of decisions that shared in full or in part by the agreed, secure method, 0-100.' })
  approvedMethodPercentage: number | null;

  @Field(() => [ValueCount], { description: 'Flags by kind.' })
  flagsByKind: ValueCount[];

  @Field(() => Int, { description: 'Decisions with at least one flag.' })
  flaggedDecisions: number;

  @Field(() => IncidentCounts)
  incidents: IncidentCounts;

  @Field(() => RecheckCounts, { description: 'Decisions of the months re-checked against an agreement recorded from a signed original after them.' })
  rechecks: RecheckCounts;

  @Field(() => Int, { nullable: true, description: TIME_RESOLUTION.replace('%', 'Median') })
  medianMinutesToDecision: number | null;

  @Field(() => Int, { nullable: true, description: TIME_RESOLUTION.replace('%', '90th percentile') })
  p90MinutesToDecision: number | null;
}

type Names = (organisationId: string) => string;

/** Builds the metrics from rollup rows. Pure: the same rows always give the same figures. */
export function metricsFromRollups(
  head: Pick<SharingMetrics, 'scope' | 'scopeId' | 'scopeName' | 'fromMonth' | 'toMonth'>,
  months: MonthRow[],
  rows: RollupRow[],
  outside: RollupRow[],
  timing: { median: number | null; p90: number | null },
  incidents: IncidentCounts,
  nameOf: Names,
  rechecks: RecheckCounts = NO_RECHECKS,
): SharingMetrics {
  const of = (dimension: string) => rows.filter((r) => r.dimension === dimension);
  const count = (dimension: string, value: string) => rows.find((r) => r.dimension === dimension && r.value === value)?.decisions ?? 0;
  const ranked = (dimension: string): ValueCount[] =>
    of(dimension)
      .map(({ value, decisions, records }) => ({ value, decisions, records }))
      .sort((a, b) => b.decisions - a.decisions || a.value.localeCompare(b.value));

  const shared = count('outcome', 'SHARED');
  const partiallyShared = count('outcome', 'PARTIALLY_SHARED');
  const anyShared = shared + partiallyShared;
  const records = (outcome: string) => rows.find((r) => r.dimension === 'outcome' && r.value === outcome)?.records ?? 0;
  const outsideCount = (dimension: string, value: string) => outside.find((r) => r.dimension === dimension && r.value === value)?.decisions ?? 0;
  const approved = count('approvedMethod', 'true');
  const approvedKnown = approved + count('approvedMethod', 'false');
  const special = count('specialCategory', 'true');
  const specialKnown = special + count('specialCategory', 'false');

  const monthNames = [...new Set(months.map((m) => m.month))];
  const byMonth = monthNames.map((month) => {
    const inMonth = (dimension: string, value: string) => months.find((m) => m.month === month && m.dimension === dimension && m.value === value)?.decisions ?? 0;
    return {
      month,
      decisions: inMonth('total', ''),
      shared: inMonth('outcome', 'SHARED'),
      partiallyShared: inMonth('outcome', 'PARTIALLY_SHARED'),
      notShared: inMonth('outcome', 'NOT_SHARED'),
    };
  });

  const byFlow = of('flow')
    .map(({ value, decisions }) => {
      const [from, to] = value.split('>');
      const sharedAny = count('sharedFlow', value);
      const partial = count('partialFlow', value);
      const names = { fromOrganisationId: from, fromOrganisationName: nameOf(from), toOrganisationId: to, toOrganisationName: nameOf(to) };
      return { ...names, decisions, shared: sharedAny - partial, partiallyShared: partial, notShared: decisions - sharedAny, flagged: count('flaggedFlow', value) };
    })
    .sort((a, b) => b.decisions - a.decisions || a.fromOrganisationName.localeCompare(b.fromOrganisationName) || a.toOrganisationName.localeCompare(b.toOrganisationName));

  return {
    ...head,
    decisions: count('total', ''),
    shared,
    partiallyShared,
    notShared: count('outcome', 'NOT_SHARED'),
    outsideAnyAgreement: {
      decisions: outsideCount('total', ''),
      shared: outsideCount('outcome', 'SHARED'),
      partiallyShared: outsideCount('outcome', 'PARTIALLY_SHARED'),
      notShared: outsideCount('outcome', 'NOT_SHARED'),
    },
    recordsShared: records('SHARED'),
    recordsPartiallyShared: records('PARTIALLY_SHARED'),
    recordsNotShared: records('NOT_SHARED'),
    byMonth,
    byFlow,
    byDataItem: ranked('dataItem'),
    byWithheldItem: ranked('withheldItem'),
    specialCategoryShare: specialKnown ? special / specialKnown : null,
    byArticle6Basis: ranked('article6'),
    byCommonLawBasis: ranked('commonLaw'),
    byConsentStatus: ranked('consent'),
    consentRefused: count('consentRefused', 'true') + count('consentRefused', 'false'),
    consentRefusedOverridden: count('consentRefused', 'true'),
    byTransferMethod: ranked('method'),
    approvedMethodPercentage: approvedKnown && anyShared ? Math.round((approved / approvedKnown) * 1000) / 10 : null,
    flagsByKind: ranked('flag').filter((f) => (Object.values(DecisionFlagKind) as string[]).includes(f.value)),
    flaggedDecisions: count('flagged', 'true'),
    incidents,
    rechecks,
    medianMinutesToDecision: timing.median,
    p90MinutesToDecision: timing.p90,
  };
}
