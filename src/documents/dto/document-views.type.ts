import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The stored PDF of a version as it stands now.' })
export class VersionDocument {
  @Field({ description: 'SHA-256 (hex) of the PDF bytes: every download of this document returns exactly these bytes.' })
  sha256: string;

  @Field(() => Int)
  byteSize: number;

  @Field(() => GraphQLISODateTime)
  renderedAt: Date;

  @Field({ description: 'Where to download it, with the same bearer token.' })
  downloadPath: string;
}

@ObjectType({ description: 'Whether a PDF (by its SHA-256) is one this service produced, and of what.' })
export class DocumentVerification {
  @Field()
  known: boolean;

  @Field()
  sha256: string;

  @Field(() => ID, { nullable: true })
  agreementId: string | null;

  @Field(() => String, { nullable: true })
  reference: string | null;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => Int, { nullable: true })
  versionNumber: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  renderedAt: Date | null;
}
