import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgreementSignature } from '../agreements/agreement-signature.entity.js';
import { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { Agreement } from '../agreements/agreement.entity.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import type { FrozenParty } from '../agreements/versions/frozen-agreement.js';
import type { Caller } from '../common/auth/caller.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { AgreementDocument } from './agreement-document.entity.js';
import type { AgreementExport } from './agreement-export.js';
import { documentView } from './document-view.js';
import { PdfRenderer } from './pdf-renderer.service.js';
import { TemplateRenderer } from './template-renderer.service.js';

export interface PdfFile {
  filename: string;
  content: Buffer;
  sha256: string;
}

export interface DocumentVerification {
  known: boolean;
  sha256: string;
  agreementId: string | null;
  reference: string | null;
  title: string | null;
  versionNumber: number | null;
  renderedAt: Date | null;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Agreement documents: the JSON export, and the PDF rendered from exactly that export. A frozen
 * version's PDF is rendered once per signing state and stored, so every later download returns
 * the same bytes; a draft's PDF is rendered each time, with a DRAFT watermark, and never stored.
 */
@Injectable()
export class AgreementDocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly organisations: OrganisationsService,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  async exportVersion(caller: Caller, agreementId: string, versionNumber: number): Promise<AgreementExport> {
    const agreement = await this.agreements.get(caller, agreementId);
    return this.versionExport(agreement, await this.findVersion(agreement, versionNumber));
  }

  async exportDraft(caller: Caller, agreementId: string): Promise<AgreementExport> {
    const agreement = await this.agreements.get(caller, agreementId);
    const draft = await this.agreements.draftOf(agreement);
    if (!draft) throw DomainError.notFound('Draft of agreement', agreement.reference);
    const parties: FrozenParty[] = draft.parties.map(({ organisationId, organisationName, odsCode, role }) => ({ organisationId, organisationName, odsCode, role }));
    return {
      ...(await this.common(agreement, parties)),
      version: null,
      draftRevision: draft.revision,
      content: draft.content,
      signatures: parties.map((p) => unsigned(p)),
    };
  }

  /** The stored PDF of the version as it stands now, rendering and storing it the first time. */
  async versionPdf(caller: Caller, agreementId: string, versionNumber: number): Promise<PdfFile> {
    const agreement = await this.agreements.get(caller, agreementId);
    const version = await this.findVersion(agreement, versionNumber);
    const stored = await this.storedOrRendered(agreement, version);
    return { filename: `${agreement.reference}-v${version.number}.pdf`, content: stored.content, sha256: stored.sha256 };
  }

  async draftPdf(caller: Caller, agreementId: string): Promise<PdfFile> {
    const exported = await this.exportDraft(caller, agreementId);
    const content = await this.render(exported);
    return { filename: `${exported.reference}-draft-r${exported.draftRevision}.pdf`, content, sha256: sha256(content) };
  }

  /** For the GraphQL field: the stored document of the version's current state. */
  async versionDocument(agreement: Agreement, version: AgreementVersion): Promise<Omit<AgreementDocument, 'content'>> {
    const { content: _content, ...document } = await this.storedOrRendered(agreement, version);
    return document;
  }

  /** Which agreement and version a PDF is, by its SHA-256; anyone signed in may ask. */
  async verify(hash: string): Promise<DocumentVerification> {
    const found = (await this.dataSource.query(
      `SELECT d.rendered_at, v.number, a.id, a.reference, v.frozen->>'title' AS title
       FROM agreement_document d JOIN agreement_version v ON v.id = d.version_id JOIN agreement a ON a.id = v.agreement_id
       WHERE d.sha256 = $1`,
      [hash],
    )) as { rendered_at: Date; number: number; id: string; reference: string; title: string }[];
    const row = found[0];
    return {
      known: Boolean(row),
      sha256: hash,
      agreementId: row?.id ?? null,
      reference: row?.reference ?? null,
      title: row?.title ?? null,
      versionNumber: row?.number ?? null,
      renderedAt: row?.rendered_at ?? null,
    };
  }

  verifyContent(content: Buffer): Promise<DocumentVerification> {
    return this.verify(sha256(content));
  }

  private async storedOrRendered(agreement: Agreement, version: AgreementVersion): Promise<AgreementDocument> {
    const exported = await this.versionExport(agreement, version);
    const stateKey = sha256(canonicalJson({ agreementStatus: exported.agreementStatus, version: exported.version, signatures: exported.signatures }));
    const existing = await this.stored(version.id, stateKey);
    if (existing) return existing;
    const content = await this.render(exported);
    // Two instances may render the same state at once: the first insert wins and both return it.
    await this.dataSource.query(
      `INSERT INTO agreement_document (version_id, state_key, content, sha256, byte_size, rendered_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (version_id, state_key) DO NOTHING`,
      [version.id, stateKey, content, sha256(content), content.length, this.clock.now()],
    );
    return (await this.stored(version.id, stateKey))!;
  }

  private stored(versionId: string, stateKey: string): Promise<AgreementDocument | null> {
    return this.dataSource
      .getRepository(AgreementDocument)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.version_id = :versionId AND d.state_key = :stateKey', { versionId, stateKey })
      .getOne();
  }

  private async render(exported: AgreementExport): Promise<Buffer> {
    const view = documentView(exported, { protectiveMarking: this.config.documents.protectiveMarking, generatedAt: this.clock.now() });
    const html = this.templates.render(`documents/${exported.kind.toLowerCase()}`, view);
    return this.pdf.render(html, { headerTemplate: this.templates.render('documents/header', view), footerTemplate: this.templates.render('documents/footer', view) });
  }

  private async findVersion(agreement: Agreement, number: number): Promise<AgreementVersion> {
    const version = await this.dataSource.getRepository(AgreementVersion).findOneBy({ agreementId: agreement.id, number });
    if (!version) throw DomainError.notFound(`Version ${number} of agreement`, agreement.reference);
    return version;
  }

  private async versionExport(agreement: Agreement, version: AgreementVersion): Promise<AgreementExport> {
    const { frozen } = version;
    const signatures = await this.dataSource.getRepository(AgreementSignature).findBy({ versionId: version.id });
    return {
      ...(await this.common(agreement, frozen.parties)),
      title: frozen.title,
      version: {
        number: version.number,
        status: version.status,
        contentHash: version.contentHash,
        submittedAt: version.submittedAt.toISOString(),
        effectiveDate: version.effectiveDate,
      },
      draftRevision: null,
      content: frozen.content,
      signatures: frozen.parties.map((party) => {
        const signature = signatures.find((s) => s.organisationId === party.organisationId);
        if (!signature) return unsigned(party);
        return {
          organisationId: party.organisationId,
          organisationName: party.organisationName,
          signed: true,
          signerName: signature.signerName,
          signerJobTitle: signature.signerJobTitle,
          signedAs: signature.signedAs,
          signedAt: signature.signedAt.toISOString(),
          contentHash: signature.contentHash,
        };
      }),
    };
  }

  private async common(agreement: Agreement, parties: FrozenParty[]) {
    const ids = parties.map((p) => p.organisationId);
    const [holders, lead, parent] = await Promise.all([
      this.organisations.roleHoldersOf(ids),
      this.dataSource.getRepository(Organisation).findOneByOrFail({ id: agreement.leadOrganisationId }),
      agreement.parentProtocolId ? this.dataSource.getRepository(Agreement).findOneBy({ id: agreement.parentProtocolId }) : null,
    ]);
    return {
      format: 'accordant.agreement/v1' as const,
      reference: agreement.reference,
      kind: agreement.kind,
      title: agreement.title,
      agreementStatus: agreement.status,
      leadOrganisation: { id: lead.id, name: lead.name },
      parentProtocol: parent ? { id: parent.id, reference: parent.reference, title: parent.title } : null,
      parties: parties.map((party, i) => ({
        ...party,
        roleHolders: {
          igLead: holders[i].igLead?.fullName ?? null,
          caldicottGuardian: holders[i].caldicottGuardian?.fullName ?? null,
          siro: holders[i].siro?.fullName ?? null,
          dpo: holders[i].dpo?.fullName ?? null,
        },
      })),
    };
  }
}

function unsigned(party: FrozenParty) {
  return {
    organisationId: party.organisationId,
    organisationName: party.organisationName,
    signed: false,
    signerName: null,
    signerJobTitle: null,
    signedAs: null,
    signedAt: null,
    contentHash: null,
  };
}
