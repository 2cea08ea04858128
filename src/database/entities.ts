import { AgreementParty } from '../agreements/agreement-party.entity.js';
import { AgreementSignature } from '../agreements/agreement-signature.entity.js';
import { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { OriginalAnswerRecord } from '../agreements/originals/original-answer.entity.js';
import { SignedOriginal } from '../agreements/originals/signed-original.entity.js';
import { Agreement } from '../agreements/agreement.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AgreementDocument } from '../documents/agreement-document.entity.js';
import { Incident } from '../monitoring/incidents/incident.entity.js';
import { DecisionRecheck } from '../monitoring/ledger/decision-recheck.entity.js';
import { SharingDecision } from '../monitoring/ledger/sharing-decision.entity.js';
import { OrganisationAssurance } from '../organisations/organisation-assurance.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { UserRole } from '../organisations/user-role.entity.js';
import { User } from '../organisations/user.entity.js';

export const ENTITIES = [Organisation, OrganisationAssurance, User, UserRole, AuditEntry, Agreement, AgreementParty, AgreementVersion, AgreementSignature, AgreementDocument, SharingDecision, Incident, SignedOriginal, OriginalAnswerRecord, DecisionRecheck];
