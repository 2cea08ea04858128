import { countInWords } from '../../common/labels/count-in-words.js';
import { icoDeadlineState } from '../../monitoring/incidents/ico-deadline.js';
import type { Incident } from '../../monitoring/incidents/incident.entity.js';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '../../monitoring/monitoring.enums.js';
import type { Tag } from '../agreements/agreement-labels.js';
import { ukTime } from '../decisions/decision-view.js';

/** Incidents in words, for the agreement's page and the incident pages. Pure. */

export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  [IncidentKind.BREACH]: 'Breach',
  [IncidentKind.NEAR_MISS]: 'Near miss',
};

export const SEVERITY_LABELS: Record<IncidentSeverity, string> = {
  [IncidentSeverity.LOW]: 'Low',
  [IncidentSeverity.MEDIUM]: 'Medium',
  [IncidentSeverity.HIGH]: 'High',
  [IncidentSeverity.CRITICAL]: 'Critical',
};

export const SEVERITY_HINTS: Record<IncidentSeverity, string> = {
  [IncidentSeverity.LOW]: 'Little or no risk to the people the information is about',
  [IncidentSeverity.MEDIUM]: 'Some risk, contained quickly',
  [IncidentSeverity.HIGH]: 'A real risk of harm or distress to people',
  [IncidentSeverity.CRITICAL]: 'Serious harm is likely, or many people are affected',
};

export const INCIDENT_STATUS_TAGS: Record<IncidentStatus, Tag> = {
  [IncidentStatus.OPEN]: { text: 'Open', colour: 'blue' },
  [IncidentStatus.INVESTIGATING]: { text: 'Being investigated', colour: 'yellow' },
  [IncidentStatus.REPORTED_TO_ICO]: { text: 'Reported to the ICO', colour: 'purple' },
  [IncidentStatus.CLOSED]: { text: 'Closed', colour: 'grey' },
};

/** A length of time as people say it: minutes under an hour, hours up to the 72 the ICO gives, then days and hours. */
export function durationWords(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return minutes < 1 ? 'less than a minute' : countInWords(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours <= 72) return countInWords(hours, 'hour');
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? countInWords(days, 'day') : `${countInWords(days, 'day')} and ${countInWords(rest, 'hour')}`;
}

export interface DeadlineView {
  state: 'NOT_REPORTABLE' | 'RUNNING' | 'OVERDUE' | 'REPORTED';
  notReportable: boolean;
  overdue: boolean;
  /** The headline: "61 hours left to report to the ICO", "Overdue by 5 hours". */
  text: string;
  /** The deadline itself, or when it was reported. */
  detail: string | null;
  tag: Tag;
}

/** Where the 72-hour ICO deadline stands at `now`, in words. */
export function deadlineView(incident: Pick<Incident, 'icoReportable' | 'discoveredAt' | 'icoDeadline' | 'reportedToIcoAt'>, now: Date): DeadlineView {
  const words = deadlineWords(incident, now);
  return { ...words, notReportable: words.state === 'NOT_REPORTABLE', overdue: words.state === 'OVERDUE' };
}

function deadlineWords(incident: Pick<Incident, 'icoReportable' | 'discoveredAt' | 'icoDeadline' | 'reportedToIcoAt'>, now: Date): Omit<DeadlineView, 'notReportable' | 'overdue'> {
  const state = icoDeadlineState(incident, now);
  switch (state.kind) {
    case 'NOT_REPORTABLE':
      return { state: state.kind, text: 'Not reportable to the ICO', detail: null, tag: { text: 'Not reportable', colour: 'grey' } };
    case 'REPORTED':
      return {
        state: state.kind,
        text: state.late ? 'Reported to the ICO after the 72-hour deadline' : 'Reported to the ICO within 72 hours',
        detail: `Reported on ${ukTime(state.reportedAt)}. The deadline was ${ukTime(state.deadline)}.`,
        tag: state.late ? { text: 'Reported late', colour: 'orange' } : { text: 'Reported in time', colour: 'green' },
      };
    case 'RUNNING':
      return {
        state: state.kind,
        text: `${durationWords(state.millisecondsLeft)} left to report to the ICO`,
        detail: `Report it by ${ukTime(state.deadline)}, 72 hours after it was found.`,
        tag: { text: `${durationWords(state.millisecondsLeft)} left`, colour: state.millisecondsLeft < 12 * 3_600_000 ? 'orange' : 'yellow' },
      };
    case 'OVERDUE':
      return {
        state: state.kind,
        text: `Overdue by ${durationWords(state.millisecondsOver)}: not yet reported to the ICO`,
        detail: `The deadline was ${ukTime(state.deadline)}, 72 hours after it was found. Report it now and record why it was late.`,
        tag: { text: `Overdue by ${durationWords(state.millisecondsOver)}`, colour: 'red' },
      };
  }
}

export const incidentPath = (id: string) => `/incidents/${id}`;

/** One incident as a row of its agreement's list. */
export function incidentRow(incident: Incident, flowNames: ReadonlyMap<string, string>, now: Date) {
  return {
    id: incident.id,
    href: incidentPath(incident.id),
    discoveredAt: ukTime(incident.discoveredAt),
    kind: INCIDENT_KIND_LABELS[incident.kind],
    severity: SEVERITY_LABELS[incident.severity],
    flow: incident.flowId ? (flowNames.get(incident.flowId) ?? 'A data flow no longer in the agreement') : null,
    status: INCIDENT_STATUS_TAGS[incident.status],
    deadline: deadlineView(incident, now),
  };
}

/** An incident's own page: every answer, where it stands and where the ICO deadline stands. */
export function incidentDetail(incident: Incident, names: { flow: string | null; organisation: string }, now: Date) {
  return {
    id: incident.id,
    summary: incident.summary,
    heading: `${INCIDENT_KIND_LABELS[incident.kind]}, ${SEVERITY_LABELS[incident.severity].toLowerCase()} severity`,
    kind: INCIDENT_KIND_LABELS[incident.kind],
    severity: SEVERITY_LABELS[incident.severity],
    occurredAt: ukTime(incident.occurredAt),
    discoveredAt: ukTime(incident.discoveredAt),
    flow: names.flow ?? 'Not about one data flow',
    reportedBy: names.organisation,
    icoReportable: incident.icoReportable ? 'Yes' : 'No',
    status: INCIDENT_STATUS_TAGS[incident.status],
    statusCode: incident.status,
    closed: incident.status === IncidentStatus.CLOSED,
    deadline: deadlineView(incident, now),
    updatedAt: ukTime(incident.updatedAt),
  };
}
