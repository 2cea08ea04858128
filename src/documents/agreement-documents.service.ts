import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgreementSignature } from '../agreements/agreement-signature.entity.js';
import { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { Agreement } from '../agreements/agreement.entity.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import { agreementAsItStands } from '../agreements/versions/version-freezer.js';
import type { Caller } from '../common/auth/caller.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AgreementDocument } from './agreement-document.entity.js';
import { draftExport, versionExport, type AgreementExport } from './agreement-export.js';
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
 * the same bytes. A draft's PDF, with a DRAFT watermark, is kept for its revision (and the live facts
 * it shows), so a second download of the same draft does not render again; a newer one replaces it.
 * Every render is on behalf of the caller, who may have one in flight at a time.
 */
@Injectable()
export class AgreementDocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agreements: AgreementsService,
    private readonly templates: TemplateRenderer,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  async exportVersion(caller: Caller, agreementId: string, versionNumber: number): Promise<AgreementExport> {
    const agreement = await this.agreements.get(caller, agreementId);
    return this.versionExportOf(await this.findVersion(agreement, versionNumber));
  }

  /** A draft is shown as it stands now: its parties' facts are read live, and frozen only on submission. */
  async exportDraft(caller: Caller, agreementId: string): Promise<AgreementExport> {
    const agreement = await this.agreements.get(caller, agreementId);
    if (!agreement.draftContent) throw DomainError.notFound('Draft of agreement', agreement.reference);
    return draftExport(await agreementAsItStands(this.dataSource.manager, agreement), agreement.draftRevision, agreement.draftContent);
  }

  /** The stored PDF of the version at its signing state, rendering and storing it the first time. */
  async versionPdf(caller: Caller, agreementId: string, versionNumber: number): Promise<PdfFile> {
    const agreement = await this.agreements.get(caller, agreementId);
    const version = await this.findVersion(agreement, versionNumber);
    const stored = await this.storedOrRendered(version, caller);
    return { filename: `${agreement.reference}-v${version.number}.pdf`, content: stored.content, sha256: stored.sha256 };
  }

  async draftPdf(caller: Caller, agreementId: string): Promise<PdfFile> {
    const exported = await this.exportDraft(caller, agreementId);
    const filename = `${exported.reference}-draft-r${exported.draftRevision}.pdf`;
    const stateKey = sha256(canonicalJson({ marking: this.config.documents.protectiveMarking, exported }));
    const kept = (await this.dataSource.query(`SELECT content, sha256 FROM agreement_draft_document WHERE agreement_id = $1 AND revision = $2 AND state_key = $3`, [
      agreementId,
      exported.draftRevision,
      stateKey,
    ])) as { content: Buffer; sha256: string }[];
    if (kept[0]) return { filename, content: kept[0].content, sha256: kept[0].sha256 };
    const content = await this.render(exported, caller);
    // An older revision's document is replaced, never a newer one (two downloads may race across an edit).
    await this.dataSource.query(
      `INSERT INTO agreement_draft_document (agreement_id, revision, state_key, content, sha256, byte_size, rendered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (agreement_id) DO UPDATE SET revision = EXCLUDED.revision, state_key = EXCLUDED.state_key, content = EXCLUDED.content,
         sha256 = EXCLUDED.sha256, byte_size = EXCLUDED.byte_size, rendered_at = EXCLUDED.rendered_at
       WHERE agreement_draft_document.revision <= EXCLUDED.revision`,
      [agreementId, exported.draftRevision, stateKey, content, sha256(content), content.length, this.clock.now()],
    );
    return { filename, content, sha256: sha256(content) };
  }

  /** For the GraphQL field: the stored document of the version at its signing state. */
  async versionDocument(version: AgreementVersion): Promise<Omit<AgreementDocument, 'content'>> {
    const { content: _content, ...document } = await this.storedOrRendered(version);
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

  /**
   * Keyed by what of the export can change after freezing: the signing state and the signatures.
   * Later events (a later version superseding it, the agreement suspended) are not in it, so they
   * never make a second document of the same signed version.
   */
  private async storedOrRendered(version: AgreementVersion, caller?: Caller): Promise<AgreementDocument> {
    const exported = await this.versionExportOf(version);
    const stateKey = sha256(canonicalJson({ version: exported.version, signatures: exported.signatures }));
    const existing = await this.stored(version.id, stateKey);
    if (existing) return existing;
    const content = await this.render(exported, caller);
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

  private async render(exported: AgreementExport, caller?: Caller): Promise<Buffer> {
    const view = documentView(exported, { protectiveMarking: this.config.documents.protectiveMarking, generatedAt: this.clock.now() });
    const html = this.templates.render(`documents/${exported.kind.toLowerCase()}`, view);
    return this.pdf.render(html, caller?.userId);
  }

  private async findVersion(agreement: Agreement, number: number): Promise<AgreementVersion> {
    const version = await this.dataSource.getRepository(AgreementVersion).findOneBy({ agreementId: agreement.id, number });
    if (!version) throw DomainError.notFound(`Version ${number} of agreement`, agreement.reference);
    return version;
  }

  /** Only the version row and its own signatures: never the live agreement, organisations or users. */
  private async versionExportOf(version: AgreementVersion): Promise<AgreementExport> {
    const signatures = await this.dataSource.getRepository(AgreementSignature).findBy({ versionId: version.id });
    return versionExport(version, signatures);
  }
}
