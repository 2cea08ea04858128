import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementDraftingService } from '../agreements/agreement-drafting.service.js';
import { AgreementSigningService } from '../agreements/agreement-signing.service.js';
import { AgreementStatusService } from '../agreements/agreement-status.service.js';
import { AgreementKind, PartyRole, SigningRole } from '../agreements/agreement.enums.js';
import type { RecordSignedAgreementInput } from '../agreements/originals/dto/record-signed-agreement.input.js';
import { PartnershipInvitationsService } from '../agreements/invitations/partnership-invitations.service.js';
import { SignedOriginalsService } from '../agreements/originals/signed-originals.service.js';
import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SharingDecisionInput } from '../monitoring/dto/sharing-decision.input.js';
import { IncidentsService } from '../monitoring/incidents/incidents.service.js';
import { SharingDecisionsService } from '../monitoring/ledger/sharing-decisions.service.js';
import { ConsentStatus, DecisionOutcome, IncidentKind, IncidentSeverity, IncidentStatus, NotSharedReason } from '../monitoring/monitoring.enums.js';
import { DsptStatus, SecureEmailMethod, Sector } from '../organisations/organisation.enums.js';
import { OrganisationAssuranceService } from '../organisations/organisation-assurance.service.js';
import { EmailDomainsService } from '../organisations/email-domains.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersService } from '../organisations/users.service.js';
import { dischargeSections } from './demo-content.js';
import { DEMO_PASSWORD } from './demo-password.js';
import { demoSignedOriginalPdf } from './demo-original-pdf.js';

const DEMO_MARKER = 'Northshire Integrated Care Board (demo)';
const MONTHS_BACK = 6;
const DAY = 86_400_000;

/**
 * `npm run demo`: on a database without it, loads a fictional partnership through the same
 * services the API uses (organisations with a dated assurance history, role holders, a protocol
 * signed on paper two years ago and recorded from its scan, two agreements signed in Accordant,
 * six months of decisions, some outside any agreement, incidents, and every other page a role has:
 * see `journeys`), so a new user sees every view populated at once. The one shortcut: the two agreements signed in Accordant have their dates
 * moved six months back, so the decisions fall in force.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly drafting: AgreementDraftingService,
    private readonly signing: AgreementSigningService,
    private readonly decisions: SharingDecisionsService,
    private readonly incidents: IncidentsService,
    private readonly assurance: OrganisationAssuranceService,
    private readonly originals: SignedOriginalsService,
    private readonly emailDomains: EmailDomainsService,
    private readonly invitations: PartnershipInvitationsService,
    private readonly statuses: AgreementStatusService,
  ) {}

  private daysFromNow(days: number): string {
    return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    const [{ exists }] = (await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM organisation WHERE name = $1) AS exists', [DEMO_MARKER])) as { exists: boolean }[];
    if (exists) return;
    const started = Date.now();
    await this.seed();
    this.logger.warn({
      message: `demo partnership loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: sign in at http://localhost:${this.config.port}/sign-in`,
      commissioner: 'commissioner@northshire-icb.demo',
      password: DEMO_PASSWORD,
      others: 'ig@… practitioner@… signatory@… at northshire-icb.demo, northshire-hospital.demo, northshire-council.demo, brightwater-care.demo',
    });
  }

  private async seed(): Promise<void> {
    const [admin] = (await this.dataSource.query(
      `SELECT u.id, u.organisation_id, u.email FROM app_user u JOIN user_role r ON r.user_id = u.id AND r.role = 'SYSTEM_ADMIN' ORDER BY u.created_at LIMIT 1`,
    )) as { id: string; organisation_id: string; email: string }[];
    const adminCaller: Caller = { userId: admin.id, organisationId: admin.organisation_id, email: admin.email, roles: new Set([Role.SYSTEM_ADMIN]) };

    const organisation = async (name: string, sector: Sector, slug: string, odsCode: string | null, registeredAddress: string) => {
      const created = await this.organisations.create(adminCaller, {
        name,
        sector,
        odsCode,
        registeredAddress,
        igContactEmail: `ig.queries@${slug}.demo`,
        dsptStatus: DsptStatus.STANDARDS_MET,
        dsptStatusDate: '2024-06-30',
        secureEmailMethod: SecureEmailMethod.NHSMAIL,
      });
      await this.emailDomains.set(adminCaller, { organisationId: created.id, domains: [`${slug}.demo`] });
      const person = async (local: string, fullName: string, roles: Role[]): Promise<Caller> => {
        const email = `${local}@${slug}.demo`;
        const user = await this.users.create(adminCaller, { organisationId: created.id, email, fullName, jobTitle: null, password: DEMO_PASSWORD, roles });
        return { userId: user.id, organisationId: created.id, email, roles: new Set(roles) };
      };
      return {
        id: created.id,
        ig: await person('ig', `${name.split(' ')[0]} IG Lead`, [Role.IG_LEAD, Role.ORG_ADMIN]),
        signatory: await person('signatory', `${name.split(' ')[0]} Caldicott Guardian`, [Role.CALDICOTT_GUARDIAN]),
        practitioner: await person('practitioner', `${name.split(' ')[0]} Practitioner`, [Role.PRACTITIONER]),
      };
    };
    const icb = await organisation(DEMO_MARKER, Sector.ICB, 'northshire-icb', 'QNS', 'Riverside House\nQuay Street\nNorthtown NT1 2QS');
    const hospital = await organisation('Northshire General Hospital NHS Trust (demo)', Sector.NHS_TRUST, 'northshire-hospital', 'RNS', 'Infirmary Road\nNorthtown NT1 4AB');
    const council = await organisation('Northshire County Council (demo)', Sector.LOCAL_AUTHORITY, 'northshire-council', null, 'County Hall\nMarket Street\nNorthtown NT2 1AA');
    const care = await organisation('Brightwater Home Care Ltd (demo)', Sector.CARE_PROVIDER, 'brightwater-care', null, '14 Mill Lane\nBrightwater NT7 3HC');
    await this.users.create(adminCaller, {
      organisationId: icb.id,
      email: 'commissioner@northshire-icb.demo',
      fullName: 'Northshire Commissioner',
      jobTitle: 'Head of Commissioning',
      password: DEMO_PASSWORD,
      roles: [Role.COMMISSIONER],
    });

    // One change in the assurance history: the care provider's DSPT fell to Approaching Standards in 2025.
    await this.assurance.record(adminCaller, care.id, { effectiveFrom: '2025-07-01', dsptStatus: DsptStatus.APPROACHING_STANDARDS, dsptStatusDate: '2025-06-30' });

    // The partnership's protocol was signed on paper two years ago, before Accordant: recorded from its scan and confirmed by the partners.
    const nextReview = this.daysFromNow(200);
    const signedOn = (daysAgo: number) => this.daysFromNow(-daysAgo);
    const scan = await this.originals.upload(icb.ig, {
      buffer: demoSignedOriginalPdf(['Northshire information sharing protocol', 'Demonstration only: stands in for the scan of the signed paper original.', `Signed by the four partners in ${new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(signedOn(735)))}.`]),
      originalname: 'northshire-protocol-signed.pdf',
    });
    const signer = (o: { id: string }, name: string, jobTitle: string, signedAs: SigningRole, daysAgo: number) =>
      ({ organisationId: o.id, role: PartyRole.CONTROLLER, signerName: name, signerJobTitle: jobTitle, signedAs, signedOn: signedOn(daysAgo) });
    const protocol = await this.originals.record(icb.ig, {
      kind: AgreementKind.PROTOCOL,
      title: 'Northshire information sharing protocol (demo)',
      originalReference: 'NICB/IG/PROT/2024/01',
      parties: [
        signer(icb, 'Dr Helen Marsh', 'Caldicott Guardian', SigningRole.CALDICOTT_GUARDIAN, 740),
        signer(hospital, 'Dr Amira Shah', 'Caldicott Guardian', SigningRole.CALDICOTT_GUARDIAN, 738),
        signer(council, 'Peter Okafor', 'Director of Adult Social Care', SigningRole.SIRO, 736),
        signer(care, 'Jo Bright', 'Registered Manager', SigningRole.SIGNATORY, 735),
      ],
      content: dischargeSections(hospital.id, council.id, care.id, nextReview) as RecordSignedAgreementInput['content'],
      inForceFrom: signedOn(720),
      nextReviewDate: nextReview,
      originalId: scan.id,
    } as RecordSignedAgreementInput);
    for (const party of [hospital, council, care]) await this.originals.confirm(party.signatory, { agreementId: protocol.id, versionNumber: 1 });
    /** An ISP the hospital leads under the protocol, submitted; signed by these parties (all three unless told). */
    const isp = async (title: string, signers = [hospital, council, care]) => {
      const threeParties = [hospital, council, care].map((o) => ({ organisationId: o.id, role: PartyRole.CONTROLLER }));
      const created = await this.drafting.create(hospital.ig, { kind: AgreementKind.ISP, title, parentProtocolId: protocol.id, parties: threeParties });
      for (const party of [council, care]) await this.invitations.accept(party.ig, created.id);
      const filled = await this.drafting.updateDraft(hospital.ig, { agreementId: created.id, expectedRevision: created.draftRevision, ...dischargeSections(hospital.id, council.id, care.id, nextReview) });
      const version = await this.signing.submitForSignature(hospital.ig, { agreementId: created.id, expectedRevision: filled.draftRevision });
      for (const party of signers) {
        await this.signing.sign(party.signatory, { agreementId: created.id, versionNumber: 1, contentHash: version.contentHash });
      }
      return { id: created.id, flows: version.frozen.content.dataFlows.map((f) => f.id!) };
    };
    const discharge = await isp('Hospital discharge ISP (demo)');
    const packages = await isp('Care package ISP (demo)');

    // Demo only: the agreements signed in Accordant came into force six months ago.
    const since = new Date(Date.now() - MONTHS_BACK * 31 * DAY);
    await this.dataSource.query(`UPDATE agreement_status_change SET changed_at = $2 WHERE agreement_id = ANY($1)`, [[discharge.id, packages.id], since]);
    await this.dataSource.query(`UPDATE agreement_version SET effective_date = $2, submitted_at = $3 WHERE agreement_id = ANY($1)`, [[discharge.id, packages.id], since.toISOString().slice(0, 10), since]);

    let n = 0;
    const decision = (who: typeof hospital, to: string, agreementId: string | null, flowId: string | null, daysAgo: number, overrides: Partial<SharingDecisionInput>) => {
      n += 1;
      const decidedAt = new Date(Date.now() - daysAgo * DAY - (n % 7) * 3_600_000);
      return Object.assign(new SharingDecisionInput(), {
        clientKey: `demo-${n}`,
        agreementId,
        flowId,
        requestingOrganisationId: to,
        disclosingOrganisationId: who.id,
        requestedAt: new Date(decidedAt.getTime() - ((n * 37) % 600) * 60_000),
        decidedAt,
        purposeType: 'INDIVIDUAL_CARE',
        outcome: DecisionOutcome.SHARED,
        dataItemsShared: ['NHS number', 'Discharge summary'],
        dataItemsWithheld: [],
        includesSpecialCategory: true,
        recordCount: 1,
        article6Basis: 'ART6_1_E_PUBLIC_TASK',
        article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
        commonLawBasis: 'IMPLIED_CONSENT',
        consentStatus: ConsentStatus.IMPLIED,
        publicInterestOverride: false,
        adviceSought: [],
        transferMethod: 'NHSMAIL',
        personInformed: true,
        ...overrides,
      } as SharingDecisionInput);
    };
    const hospitalBatch: SharingDecisionInput[] = [];
    const councilBatch: SharingDecisionInput[] = [];
    for (let day = MONTHS_BACK * 30; day > 0; day -= 1) {
      const variant = day % 10;
      hospitalBatch.push(
        decision(hospital, council.id, discharge.id, discharge.flows[0], day, variant === 3
          ? { outcome: DecisionOutcome.PARTIALLY_SHARED, notSharedReason: NotSharedReason.NOT_NECESSARY, dataItemsShared: ['NHS number'], dataItemsWithheld: ['Discharge summary'], includesSpecialCategory: false, article9Condition: null }
          : variant === 7
            ? { outcome: DecisionOutcome.NOT_SHARED, notSharedReason: NotSharedReason.RISK_OF_HARM, dataItemsShared: [], includesSpecialCategory: false, article9Condition: null, transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 }
            : variant === 5
              ? { consentStatus: ConsentStatus.REFUSED, commonLawBasis: 'PUBLIC_INTEREST', purposeType: 'SAFEGUARDING', publicInterestOverride: true, overrideAuthorisedBy: 'Caldicott Guardian', overrideReason: 'Serious risk of harm' } as Partial<SharingDecisionInput>
              : variant === 9
                ? { transferMethod: 'STANDARD_EMAIL' } as Partial<SharingDecisionInput>
                : {}),
      );
      // Now and then the council shares with the hospital under no agreement: these count in the partnership's own line.
      if (day % 15 === 0) councilBatch.push(decision(council, hospital.id, null, null, day, { dataItemsShared: ['Care and support plan'], includesSpecialCategory: false, article9Condition: null }));
      if (day % 2 === 0) {
        councilBatch.push(decision(council, care.id, packages.id, packages.flows[1], day, { dataItemsShared: ['Name and address', 'Care and support plan'], ...(variant === 4 ? { transferMethod: 'MESH' } : {}) } as Partial<SharingDecisionInput>));
      }
    }
    await this.decisions.recordBatch(hospital.practitioner, hospitalBatch, (i) => `demo decisions[${i}]`);
    await this.decisions.recordBatch(council.practitioner, councilBatch, (i) => `demo decisions[${i}]`);
    const discovered = new Date(Date.now() - 20 * DAY);
    const breach = await this.incidents.report(hospital.ig, {
      agreementId: discharge.id,
      kind: IncidentKind.BREACH,
      severity: IncidentSeverity.MEDIUM,
      summary: 'A discharge summary was emailed to the wrong team within the council.',
      occurredAt: new Date(discovered.getTime() - DAY),
      discoveredAt: discovered,
      icoReportable: false,
    });
    await this.incidents.update(hospital.ig, { incidentId: breach.id, status: IncidentStatus.CLOSED });
    await this.journeys({ icb, hospital, council, care, protocol, discharge, packages, isp, nextReview, scanOf: (lines) => demoSignedOriginalPdf(lines) });
  }

  /**
   * Every other page a role has, populated: an open breach still inside its 72 hours to report to the ICO, agreements
   * suspended and terminated, a variation awaiting signatures, a declined version, a paper original
   * awaiting the partners' confirmation, a draft with an invitation to answer, decisions by every
   * organisation's practitioner, and the notifications these would have sent.
   */
  private async journeys(d: DemoWorld): Promise<void> {
    const { icb, hospital, council, care, protocol, discharge, packages, isp, nextReview } = d;
    const sections = dischargeSections(hospital.id, council.id, care.id, nextReview);

    await this.incidents.report(council.ig, {
      agreementId: packages.id,
      kind: IncidentKind.BREACH,
      severity: IncidentSeverity.HIGH,
      summary: 'A care plan was sent to a provider no longer commissioned; they have confirmed it is deleted.',
      occurredAt: new Date(Date.now() - 31 * 3_600_000),
      discoveredAt: new Date(Date.now() - 30 * 3_600_000),
      icoReportable: true,
    });

    const suspended = await isp('Shared care records ISP (demo)');
    await this.statuses.suspend(hospital.ig, suspended.id, 'Suspended while the council moves to its new case recording system.');
    const terminated = await isp('Falls prevention pilot ISP (demo)');
    await this.statuses.terminate(hospital.ig, terminated.id, 'The falls prevention pilot ended; the partners stopped sharing under it.');

    // A variation of the discharge ISP: the hospital has signed it, the council and the care provider have not.
    const started = await this.drafting.startVariation(hospital.ig, discharge.id);
    const varied = await this.drafting.updateDraft(hospital.ig, {
      agreementId: discharge.id,
      expectedRevision: started.draftRevision,
      ...sections,
      benefits: [...sections.benefits!, 'Care starts on the day of discharge'],
    });
    const variation = await this.signing.submitForSignature(hospital.ig, { agreementId: discharge.id, expectedRevision: varied.draftRevision });
    await this.signing.sign(hospital.signatory, { agreementId: discharge.id, versionNumber: variation.number, contentHash: variation.contentHash });

    // Declined by the care provider: back with the hospital's IG lead.
    const declined = await isp('Hospital social work referrals ISP (demo)', [hospital]);
    await this.signing.decline(care.signatory, { agreementId: declined.id, versionNumber: 1, reason: 'Our registered manager must approve the retention period first.' });

    // Signed on paper last month, recorded by the council: the hospital and the care provider have yet to confirm the record.
    const scan = await this.originals.upload(council.ig, {
      buffer: d.scanOf(['Reablement information sharing agreement', 'Demonstration only: stands in for the scan of the signed paper original.']),
      originalname: 'reablement-isa-signed.pdf',
    });
    const paper = (o: { id: string }, signerName: string, signedAs: SigningRole) =>
      ({ organisationId: o.id, role: PartyRole.CONTROLLER, signerName, signerJobTitle: 'Caldicott Guardian', signedAs, signedOn: this.daysFromNow(-40) });
    await this.originals.record(council.ig, {
      kind: AgreementKind.ISP,
      title: 'Reablement ISP signed on paper (demo)',
      parentProtocolId: protocol.id,
      originalReference: 'NCC/ASC/ISA/2026/07',
      parties: [paper(council, 'Peter Okafor', SigningRole.SIRO), paper(hospital, 'Dr Amira Shah', SigningRole.CALDICOTT_GUARDIAN), paper(care, 'Jo Bright', SigningRole.SIGNATORY)],
      content: sections as RecordSignedAgreementInput['content'],
      inForceFrom: this.daysFromNow(-30),
      nextReviewDate: nextReview,
      originalId: scan.id,
    } as RecordSignedAgreementInput);

    // A draft the council has started, naming the hospital, which has yet to answer the invitation.
    const draft = await this.drafting.create(council.ig, {
      kind: AgreementKind.ISP,
      title: 'Mental health crisis ISP (demo)',
      parentProtocolId: protocol.id,
      parties: [council, hospital].map((o) => ({ organisationId: o.id, role: PartyRole.CONTROLLER })),
    });
    await this.drafting.updateDraft(council.ig, { agreementId: draft.id, expectedRevision: draft.draftRevision, scope: 'Adults in mental health crisis known to both the council and the hospital.', purposes: sections.purposes });

    // The care provider's and the ICB's practitioners have decisions of their own (outside any agreement).
    const own = (from: typeof care, to: string, n: number, item: string) =>
      Array.from({ length: n }, (_, i) => Object.assign(new SharingDecisionInput(), {
        clientKey: `demo-own-${from.id}-${i}`,
        agreementId: null,
        flowId: null,
        requestingOrganisationId: to,
        disclosingOrganisationId: from.id,
        requestedAt: new Date(Date.now() - (i * 9 + 2) * DAY - 3_600_000),
        decidedAt: new Date(Date.now() - (i * 9 + 2) * DAY),
        purposeType: 'INDIVIDUAL_CARE',
        outcome: DecisionOutcome.SHARED,
        dataItemsShared: [item],
        dataItemsWithheld: [],
        includesSpecialCategory: false,
        recordCount: 1,
        article6Basis: 'ART6_1_E_PUBLIC_TASK',
        article9Condition: null,
        commonLawBasis: 'IMPLIED_CONSENT',
        consentStatus: ConsentStatus.IMPLIED,
        publicInterestOverride: false,
        adviceSought: [],
        transferMethod: 'NHSMAIL',
        personInformed: true,
      } as SharingDecisionInput));
    await this.decisions.recordBatch(care.practitioner, own(care, hospital.id, 4, 'Medication administration record'), (i) => `demo decisions[${i}]`);
    await this.decisions.recordBatch(icb.practitioner, own(icb, council.id, 3, 'Continuing healthcare assessment'), (i) => `demo decisions[${i}]`);

  }
}

type DemoOrganisation = { id: string; ig: Caller; signatory: Caller; practitioner: Caller };
interface DemoWorld {
  icb: DemoOrganisation;
  hospital: DemoOrganisation;
  council: DemoOrganisation;
  care: DemoOrganisation;
  protocol: { id: string };
  discharge: { id: string; flows: string[] };
  packages: { id: string; flows: string[] };
  isp: (title: string, signers?: DemoOrganisation[]) => Promise<{ id: string; flows: string[] }>;
  nextReview: string;
  scanOf: (lines: string[]) => Buffer;
}
