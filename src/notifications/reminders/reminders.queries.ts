import type { EntityManager } from 'typeorm';
import type { IncidentKind, IncidentSeverity } from '../../monitoring/monitoring.enums.js';
import type { AgreementFacts } from '../kinds/notification-messages.js';
import type { AssuranceInForce } from './reminder-rules.js';
import { ACCREDITATION_EXPIRING_WITHIN_DAYS, ICO_DEADLINE_WARNING_HOURS } from './reminder-rules.js';

type AgreementRow = { id: string; reference: string; title: string; kind: AgreementFacts['kind']; lead_organisation_id: string; lead_name: string };
const AGREEMENT_COLUMNS = `a.id, a.reference, a.title, a.kind, a.lead_organisation_id, lead.name AS lead_name`;
const agreementOf = (r: AgreementRow): AgreementFacts & { leadOrganisationId: string } => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  kind: r.kind,
  leadOrganisationId: r.lead_organisation_id,
  leadOrganisationName: r.lead_name,
});

export type ReminderAgreement = AgreementFacts & { leadOrganisationId: string };

/** Agreements in force whose next review (in the version in force) is within 90 days of `today`, or past. */
export async function agreementsNearingReview(em: EntityManager, today: string): Promise<{ agreement: ReminderAgreement; nextReviewDate: string }[]> {
  const rows = (await em.query(
    `SELECT ${AGREEMENT_COLUMNS}, v.frozen #>> '{content,review,nextReviewDate}' AS next_review_date
     FROM agreement a JOIN organisation lead ON lead.id = a.lead_organisation_id
     JOIN agreement_version v ON v.agreement_id = a.id AND v.status = 'ACTIVE'
     WHERE a.status = 'ACTIVE' AND (v.frozen #>> '{content,review,nextReviewDate}')::date <= $1::date + 90
     ORDER BY a.reference`,
    [today],
  )) as (AgreementRow & { next_review_date: string })[];
  return rows.map((r) => ({ agreement: agreementOf(r), nextReviewDate: r.next_review_date }));
}

export interface RelyingParty {
  organisationId: string;
  organisationName: string;
  assurance: AssuranceInForce;
  /** The agreements in force or awaiting signature that it is a party to (not as their lead). */
  agreements: ReminderAgreement[];
}

/**
 * Organisations other agreements rely on (a party, not the lead, of a version in force or awaiting
 * signature) whose assurance in force on `today` may need a reminder, with those agreements.
 */
export async function relyingParties(em: EntityManager, today: string): Promise<RelyingParty[]> {
  const rows = (await em.query(
    `WITH in_force AS (
       SELECT DISTINCT ON (organisation_id) organisation_id, effective_from, dspt_status, dspt_status_date, dspt_next_due_date, secure_email_accreditation_expiry
       FROM organisation_assurance WHERE effective_from <= $1::date
       ORDER BY organisation_id, effective_from DESC, id DESC)
     SELECT f.organisation_id, f.effective_from::text AS effective_from, f.dspt_status, f.dspt_status_date::text AS dspt_status_date,
            f.dspt_next_due_date::text AS dspt_next_due_date, f.secure_email_accreditation_expiry::text AS secure_email_accreditation_expiry,
            o.name AS organisation_name, ${AGREEMENT_COLUMNS}
     FROM in_force f JOIN organisation o ON o.id = f.organisation_id
     JOIN agreement_version_party vp ON vp.organisation_id = f.organisation_id
     JOIN agreement_version v ON v.id = vp.version_id AND v.status IN ('ACTIVE', 'AWAITING_SIGNATURES')
     JOIN agreement a ON a.id = v.agreement_id AND a.lead_organisation_id <> f.organisation_id
     JOIN organisation lead ON lead.id = a.lead_organisation_id
     WHERE f.dspt_status IN ('APPROACHING_STANDARDS', 'STANDARDS_NOT_MET') OR f.dspt_next_due_date IS NOT NULL
        OR f.secure_email_accreditation_expiry <= $1::date + ${ACCREDITATION_EXPIRING_WITHIN_DAYS}
     ORDER BY o.name, f.organisation_id, a.reference`,
    [today],
  )) as (AgreementRow & {
    organisation_id: string;
    organisation_name: string;
    effective_from: string;
    dspt_status: AssuranceInForce['dsptStatus'];
    dspt_status_date: string | null;
    dspt_next_due_date: string | null;
    secure_email_accreditation_expiry: string | null;
  })[];
  const parties = new Map<string, RelyingParty>();
  for (const r of rows) {
    let party = parties.get(r.organisation_id);
    if (!party) {
      party = {
        organisationId: r.organisation_id,
        organisationName: r.organisation_name,
        assurance: {
          effectiveFrom: r.effective_from,
          dsptStatus: r.dspt_status,
          dsptStatusDate: r.dspt_status_date,
          dsptNextDueDate: r.dspt_next_due_date,
          secureEmailAccreditationExpiry: r.secure_email_accreditation_expiry,
        },
        agreements: [],
      };
      parties.set(r.organisation_id, party);
    }
    if (!party.agreements.some((a) => a.id === r.id)) party.agreements.push(agreementOf(r));
  }
  return [...parties.values()];
}

export interface IncidentNearDeadline {
  id: string;
  agreement: ReminderAgreement;
  reportedByOrganisationId: string;
  reportingOrganisationName: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  discoveredAt: Date;
  icoDeadline: Date;
  reportedToIcoAt: Date | null;
}

/** ICO-reportable incidents not yet reported whose deadline is within the warning window of `now`, or past. */
export async function incidentsNearIcoDeadline(em: EntityManager, now: Date): Promise<IncidentNearDeadline[]> {
  const rows = (await em.query(
    `SELECT i.id AS incident_id, i.reported_by_organisation_id, o.name AS reporting_name, i.kind AS incident_kind, i.severity, i.discovered_at, i.ico_deadline, i.reported_to_ico_at,
            ${AGREEMENT_COLUMNS}
     FROM incident i JOIN agreement a ON a.id = i.agreement_id JOIN organisation lead ON lead.id = a.lead_organisation_id
     JOIN organisation o ON o.id = i.reported_by_organisation_id
     WHERE i.ico_reportable AND i.reported_to_ico_at IS NULL AND i.status NOT IN ('REPORTED_TO_ICO', 'CLOSED')
       AND i.ico_deadline <= $1::timestamptz + interval '${ICO_DEADLINE_WARNING_HOURS} hours'
     ORDER BY i.ico_deadline`,
    [now],
  )) as (AgreementRow & {
    incident_id: string;
    reported_by_organisation_id: string;
    reporting_name: string;
    incident_kind: IncidentNearDeadline['kind'];
    severity: IncidentNearDeadline['severity'];
    discovered_at: Date;
    ico_deadline: Date;
    reported_to_ico_at: Date | null;
  })[];
  return rows.map((r) => ({
    id: r.incident_id,
    agreement: agreementOf(r),
    reportedByOrganisationId: r.reported_by_organisation_id,
    reportingOrganisationName: r.reporting_name,
    kind: r.incident_kind,
    severity: r.severity,
    discoveredAt: r.discovered_at,
    icoDeadline: r.ico_deadline,
    reportedToIcoAt: r.reported_to_ico_at,
  }));
}

/**
 * Claims one reminder in the caller's transaction: true if this transaction is the first to send
 * it. Another instance claiming the same key waits on the unique index and then finds it taken.
 */
export async function claimReminder(em: EntityManager, reminder: string, subjectId: string, occasion: string, now: Date): Promise<boolean> {
  const rows = (await em.query(
    `INSERT INTO reminder_sent (reminder, subject_id, occasion, sent_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT uq_reminder_sent DO NOTHING RETURNING id`,
    [reminder, subjectId, occasion, now],
  )) as unknown[];
  return rows.length === 1;
}
