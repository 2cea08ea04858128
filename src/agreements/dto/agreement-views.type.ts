import { InvitationStatus } from '../invitations/invitation-rules.js';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../../common/scalars/json.scalar.js';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';
import { FindingSeverity, PartyRole, ReviewStatus } from '../agreement.enums.js';
import { AgreementSignature } from '../agreement-signature.entity.js';
import { AgreementContent } from '../content/agreement-content.model.js';

@ObjectType({ description: 'A finding of the compliance rules against the guidance.' })
export class ComplianceFinding {
  @Field({ description: 'Stable code, e.g. NO_PURPOSE.' })
  code: string;

  @Field(() => FindingSeverity)
  severity: FindingSeverity;

  @Field()
  message: string;

  @Field({ description: 'The guidance it comes from: Caldicott principle, golden rule, ICO code section, DCB1596, the law.' })
  reference: string;

  @Field(() => String, { nullable: true, description: 'Path of the field at fault, e.g. dataFlows[0].transferMethod.' })
  field: string | null;
}

@ObjectType({ description: 'A party of a draft or version.' })
export class AgreementPartyView {
  @Field(() => ID)
  organisationId: string;

  @Field({ description: 'The name the version was signed under (or the current name, in a draft).' })
  organisationName: string;

  @Field(() => String, { nullable: true })
  odsCode: string | null;

  @Field(() => PartyRole)
  role: PartyRole;

  @Field(() => InvitationStatus, { nullable: true, description: "In a draft: where the organisation's invitation stands (only ACCEPTED makes it a partner). Null for a version's party." })
  invitation?: InvitationStatus | null;

  @Field(() => String, { nullable: true, description: 'Why it refused, or withdrew (if it said).' })
  invitationReason?: string | null;
}

@ObjectType({ description: 'The working draft of a first version or a variation.' })
export class AgreementDraft {
  @Field(() => ID)
  agreementId: string;

  @Field(() => Int)
  revision: number;

  @Field(() => [AgreementPartyView])
  parties: AgreementPartyView[];

  @Field(() => AgreementContent)
  content: AgreementContent;
}

@ObjectType({ description: 'Whether the agreement in force is due for review.' })
export class AgreementReview {
  @Field(() => ReviewStatus)
  status: ReviewStatus;

  @Field(() => LocalDate, { nullable: true })
  nextReviewDate: string | null;

  @Field(() => Int, { nullable: true, description: 'Days from today to the review date; negative when overdue.' })
  daysUntilReview: number | null;
}

@ObjectType({ description: 'One field that differs between two versions.' })
export class FieldChange {
  @Field({ description: 'The section, e.g. dataFlows, or parties, title.' })
  section: string;

  @Field({ description: 'Path of the field, e.g. dataFlows[0].transferMethod.' })
  path: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after: unknown;
}

@ObjectType({ description: 'What changed between two versions.' })
export class VersionDiff {
  @Field(() => Int)
  fromVersion: number;

  @Field(() => Int)
  toVersion: number;

  @Field(() => [String], { description: 'Sections with any change, in document order.' })
  changedSections: string[];

  @Field(() => [FieldChange])
  changes: FieldChange[];
}

@ObjectType({ description: 'A party of a frozen version, with its signature if it has signed.' })
export class VersionPartyView extends AgreementPartyView {
  @Field(() => AgreementSignature, { nullable: true, description: 'Empty while awaiting signature.' })
  signature: AgreementSignature | null;
}
