import { Args, ArgsType, Context, Field, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { agreementLoaders } from '../agreements/agreement-loaders.js';
import { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { AgreementDocumentsService } from './agreement-documents.service.js';
import { DocumentVerification, VersionDocument } from './dto/document-views.type.js';

@ArgsType()
export class DocumentVerificationArgs {
  @Field({ description: 'SHA-256 (hex) of the PDF you hold.' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be the 64 lower-case hex characters of a SHA-256' })
  sha256: string;
}

@Resolver(() => AgreementVersion)
export class DocumentsResolver {
  constructor(
    private readonly documents: AgreementDocumentsService,
    private readonly agreements: AgreementsService,
  ) {}

  @Query(() => DocumentVerification, { description: 'Any signed-in user: which agreement and version a PDF is, or that it is unknown.' })
  documentVerification(@Args() args: DocumentVerificationArgs) {
    return this.documents.verify(args.sha256);
  }

  @ResolveField(() => VersionDocument, { description: 'The PDF of this version as it stands now (rendered on first request, then stored).' })
  async document(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext): Promise<VersionDocument> {
    const agreement = (await agreementLoaders.agreement(ctx, this.agreements).load(version.agreementId))!;
    const stored = await this.documents.versionDocument(agreement, version);
    return {
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      renderedAt: stored.renderedAt,
      downloadPath: `/documents/agreements/${agreement.id}/versions/${version.number}.pdf`,
    };
  }
}
