import { Args, ArgsType, Field, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { AgreementVersion } from '../agreements/agreement-version.entity.js';
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
  constructor(private readonly documents: AgreementDocumentsService) {}

  @Query(() => DocumentVerification, { description: 'Any signed-in user: which agreement and version a PDF is, or that it is unknown.' })
  documentVerification(@Args() args: DocumentVerificationArgs) {
    return this.documents.verify(args.sha256);
  }

  @ResolveField(() => VersionDocument, { description: 'The PDF of this version at its signing state (rendered on first request, then stored; later events never change it).' })
  async document(@Parent() version: AgreementVersion): Promise<VersionDocument> {
    const stored = await this.documents.versionDocument(version);
    return {
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      renderedAt: stored.renderedAt,
      downloadPath: `/documents/agreements/${version.agreementId}/versions/${version.number}.pdf`,
    };
  }
}
