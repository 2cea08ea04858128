import type { FieldProblem } from '../common/errors/domain-error.js';
import { DsptStatus, type SecureEmailMethod } from './organisation.enums.js';
import { assuranceProblems } from './organisation.rules.js';

/** One dated entry of an organisation's assurance: what was true from `effectiveFrom` until the next entry. */
export interface AssuranceFacts {
  effectiveFrom: string;
  dsptStatus: DsptStatus;
  /** When the DSPT status was published. */
  dsptStatusDate: string | null;
  /** When the next DSPT assessment is due. */
  dsptNextDueDate: string | null;
  secureEmailMethod: SecureEmailMethod;
  secureEmailAccreditationExpiry: string | null;
  icoRegistrationRenewalDate: string | null;
}

export const ASSURANCE_VALUE_FIELDS = [
  'dsptStatus',
  'dsptStatusDate',
  'dsptNextDueDate',
  'secureEmailMethod',
  'secureEmailAccreditationExpiry',
  'icoRegistrationRenewalDate',
] as const;

/**
 * The entry in force on `date` (YYYY-MM-DD): the latest to take effect by then; of two taking
 * effect on the same day, the one recorded later. `entries` are in the order they were recorded.
 */
export function inForceOn<T extends { effectiveFrom: string }>(entries: readonly T[], date: string): T | null {
  let found: T | null = null;
  for (const entry of entries) {
    if (entry.effectiveFrom <= date && (!found || entry.effectiveFrom >= found.effectiveFrom)) found = entry;
  }
  return found;
}

/** Whether a new entry records any change from the one it follows. */
export function changesAnything(previous: Omit<AssuranceFacts, 'effectiveFrom'> | null, next: Omit<AssuranceFacts, 'effectiveFrom'>): boolean {
  return !previous || ASSURANCE_VALUE_FIELDS.some((field) => previous[field] !== next[field]);
}

/**
 * What is wrong with a new entry that follows `previous` (the entry in force on its date), on
 * `today`: the organisation's own assurance rules, and the rules of a dated history.
 */
export function assuranceEntryProblems(previous: AssuranceFacts | null, next: AssuranceFacts, today: string): FieldProblem[] {
  const problems = assuranceProblems(next, today);
  if (next.effectiveFrom > today) {
    problems.push({ field: 'effectiveFrom', rule: 'notInFuture', message: `must not be after today (${today}): record a change once it has happened` });
  }
  if (next.dsptStatusDate && next.dsptStatusDate > next.effectiveFrom && next.dsptStatusDate <= today) {
    problems.push({ field: 'dsptStatusDate', rule: 'notAfterEffectiveFrom', message: `must not be after effectiveFrom (${next.effectiveFrom}): a status is in force only once published` });
  }
  const statusChanged = previous !== null && previous.dsptStatus !== next.dsptStatus;
  if (statusChanged && next.dsptStatus !== DsptStatus.NOT_PUBLISHED && previous.dsptStatusDate && (!next.dsptStatusDate || next.dsptStatusDate <= previous.dsptStatusDate)) {
    problems.push({
      field: 'dsptStatusDate',
      rule: 'newWhenDsptStatusChanges',
      message: `must be a new publication date, after ${longDate(previous.dsptStatusDate)}, when dsptStatus changes from ${previous.dsptStatus} to ${next.dsptStatus}`,
    });
  }
  if (next.dsptNextDueDate && next.dsptStatusDate && next.dsptNextDueDate <= next.dsptStatusDate) {
    problems.push({ field: 'dsptNextDueDate', rule: 'afterDsptStatusDate', message: `must be after dsptStatusDate (${next.dsptStatusDate})` });
  }
  return problems;
}

export enum AssuranceLapseKind {
  ACCREDITATION_EXPIRED = 'ACCREDITATION_EXPIRED',
  DSPT_NOT_MET = 'DSPT_NOT_MET',
  DSPT_OVERDUE = 'DSPT_OVERDUE',
}

export interface AssuranceLapse {
  kind: AssuranceLapseKind;
  /** The day it lapsed or the date it ran from. */
  since: string;
}

/** Whether the DCB1596 accreditation in force on `date` had expired by then (it is good through its expiry day). */
export function accreditationLapse(entry: Pick<AssuranceFacts, 'secureEmailAccreditationExpiry'> | null, date: string): AssuranceLapse | null {
  const expiry = entry?.secureEmailAccreditationExpiry;
  return expiry && expiry < date ? { kind: AssuranceLapseKind.ACCREDITATION_EXPIRED, since: expiry } : null;
}

/** Whether the DSPT in force on `date` could not be relied on: Standards Not Met, or its next assessment overdue. */
export function dsptLapse(entry: Pick<AssuranceFacts, 'dsptStatus' | 'dsptStatusDate' | 'dsptNextDueDate' | 'effectiveFrom'> | null, date: string): AssuranceLapse | null {
  if (!entry) return null;
  if (entry.dsptStatus === DsptStatus.STANDARDS_NOT_MET) return { kind: AssuranceLapseKind.DSPT_NOT_MET, since: entry.dsptStatusDate ?? entry.effectiveFrom };
  if (entry.dsptNextDueDate && entry.dsptNextDueDate < date) return { kind: AssuranceLapseKind.DSPT_OVERDUE, since: entry.dsptNextDueDate };
  return null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025-03-01` as `1 March 2025`. */
export function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return MONTHS[month - 1] ? `${day} ${MONTHS[month - 1]} ${year}` : date;
}
