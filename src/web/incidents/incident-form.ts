import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import type { Incident } from '../../monitoring/incidents/incident.entity.js';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '../../monitoring/monitoring.enums.js';
import { choice, dateTimeValues, readDateTime, text, type FieldError, type FieldSpec, type FormValues } from '../decisions/decision-form.js';
import type { StepPage } from '../decisions/decision-steps.js';
import { INCIDENT_STATUS_TAGS, SEVERITY_HINTS, SEVERITY_LABELS } from './incident-views.js';

/**
 * The incident forms as data (the decision pages' fields, so the same NHS markup and error
 * placing), and reading what they posted into the API's inputs. Pure: the rules about dates,
 * flows and the ICO are the incidents service's; only "nothing entered" is caught here.
 */

export const SUMMARY_MAX = 5000;
/** The value of "none of these" among the flows. */
export const NO_FLOW = 'none';

const SEVERITIES = Object.values(IncidentSeverity);

export function chooseAgreementPage(agreements: { id: string; reference: string; title: string; status: string }[]): StepPage {
  return {
    title: 'Which agreement was it under?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'agreementId',
        legend: 'Which agreement was it under?',
        caption: 'Report a breach or near miss',
        hint: 'The agreement the information was being shared under when it happened.',
        options: agreements.map((a) => ({ value: a.id, label: `${a.reference}: ${a.title}`, hint: a.status })),
      },
    ],
  };
}

export function reportPage(flows: readonly Pick<DataFlow, 'id' | 'name'>[], flowHint: (flow: Pick<DataFlow, 'id' | 'name'>) => string): StepPage {
  const fields: FieldSpec[] = [
    {
      kind: 'textarea',
      name: 'summary',
      label: 'What happened?',
      hint: 'Say what information was involved, how it went wrong and what has been done so far. Do not name or identify the people the information is about.',
      rows: 6,
      maxLength: SUMMARY_MAX,
    },
    {
      kind: 'radios',
      name: 'kind',
      legend: 'Was it a breach or a near miss?',
      options: [
        { value: IncidentKind.BREACH, label: 'A breach', hint: 'Information was lost, sent to the wrong place, or seen by someone who should not have seen it' },
        { value: IncidentKind.NEAR_MISS, label: 'A near miss', hint: 'It nearly happened, but was stopped in time' },
      ],
    },
    { kind: 'dateTime', name: 'occurredAt', legend: 'When did it happen?', hint: 'If you do not know exactly, give your best estimate. Use the 24-hour clock, for example 27 3 2026 at 14:30.' },
    { kind: 'dateTime', name: 'discoveredAt', legend: 'When was it found?', hint: 'For a reportable breach, the 72 hours to report it to the ICO start from when it was found.' },
  ];
  const named = flows.filter((f): f is { id: string; name: string } => Boolean(f.id));
  if (named.length > 0) {
    fields.push({
      kind: 'radios',
      name: 'flowId',
      legend: 'Which data flow was it in?',
      options: [
        ...named.map((f) => ({ value: f.id, label: f.name, hint: flowHint(f) })),
        { value: NO_FLOW, label: 'None of these, or not sure', dividerBefore: 'or' },
      ],
    });
  }
  fields.push(
    { kind: 'radios', name: 'severity', legend: 'How serious is it?', options: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s], hint: SEVERITY_HINTS[s] })) },
    {
      kind: 'radios',
      name: 'icoReportable',
      legend: 'Is it reportable to the ICO?',
      hint: 'A breach is reportable when it is likely to put people’s rights and freedoms at risk. Ask your Data Protection Officer if you are not sure. A near miss is never reported.',
      inline: true,
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    },
  );
  return { title: 'Report a breach or near miss', question: false, fields };
}

/** What the report form posted, as ReportIncidentInput's fields, or what is missing. */
export function readReport(values: FormValues, agreementId: string, hasFlows: boolean): { plain: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const summary = text(values, 'summary').trim();
  if (!summary) errors.push({ field: 'summary', message: 'Enter what happened' });
  else if (summary.length < 3) errors.push({ field: 'summary', message: 'What happened must be at least 3 characters' });
  else if (summary.length > SUMMARY_MAX) errors.push({ field: 'summary', message: 'What happened must be 5,000 characters or fewer' });
  const kind = choice(values, 'kind', Object.values(IncidentKind));
  if (!kind) errors.push({ field: 'kind', message: 'Select whether it was a breach or a near miss' });
  const occurred = readDateTime(values, 'occurredAt', 'it happened');
  if (occurred.error) errors.push(occurred.error);
  const discovered = readDateTime(values, 'discoveredAt', 'it was found');
  if (discovered.error) errors.push(discovered.error);
  const flow = text(values, 'flowId');
  if (hasFlows && !flow) errors.push({ field: 'flowId', message: 'Select the data flow it was in, or none of these' });
  const severity = choice(values, 'severity', SEVERITIES);
  if (!severity) errors.push({ field: 'severity', message: 'Select how serious it is' });
  const reportable = choice(values, 'icoReportable', ['yes', 'no'] as const);
  if (!reportable) errors.push({ field: 'icoReportable', message: 'Select whether it is reportable to the ICO' });
  return {
    plain: {
      agreementId,
      summary,
      kind,
      occurredAt: occurred.value,
      discoveredAt: discovered.value,
      flowId: flow && flow !== NO_FLOW ? flow : null,
      severity,
      icoReportable: reportable === 'yes',
    },
    errors,
  };
}

export function updatePage(incident: Pick<Incident, 'icoReportable'>): StepPage {
  const options = [
    { value: IncidentStatus.OPEN, label: INCIDENT_STATUS_TAGS.OPEN.text, hint: 'Reported, and not yet being looked into' },
    { value: IncidentStatus.INVESTIGATING, label: INCIDENT_STATUS_TAGS.INVESTIGATING.text, hint: 'Someone is finding out what happened and what to do' },
  ];
  const reported = {
    value: IncidentStatus.REPORTED_TO_ICO,
    label: INCIDENT_STATUS_TAGS.REPORTED_TO_ICO.text,
    conditional: [{ kind: 'dateTime', name: 'reportedToIcoAt', legend: 'When was it reported to the ICO?', hint: 'For example, 27 3 2026 at 14:30.' } satisfies FieldSpec],
  };
  return {
    title: 'Update the incident',
    question: false,
    fields: [{ kind: 'radios', name: 'status', legend: 'Where does it stand?', options: incident.icoReportable ? [...options, reported] : options }],
  };
}

/** The update form's values for an incident as it stands. */
export function updateValues(incident: Pick<Incident, 'status' | 'reportedToIcoAt'>): FormValues {
  return { status: incident.status === IncidentStatus.CLOSED ? undefined : incident.status, ...dateTimeValues('reportedToIcoAt', incident.reportedToIcoAt?.toISOString()) };
}

export function readUpdate(values: FormValues, incidentId: string, reportable: boolean): { plain: Record<string, unknown>; errors: FieldError[] } {
  const allowed = [IncidentStatus.OPEN, IncidentStatus.INVESTIGATING, ...(reportable ? [IncidentStatus.REPORTED_TO_ICO] : [])];
  const status = choice(values, 'status', allowed);
  const errors: FieldError[] = [];
  let reportedToIcoAt: string | undefined;
  if (!status) errors.push({ field: 'status', message: 'Select where the incident stands' });
  if (status === IncidentStatus.REPORTED_TO_ICO) {
    const read = readDateTime(values, 'reportedToIcoAt', 'it was reported to the ICO');
    if (read.error) errors.push(read.error);
    reportedToIcoAt = read.value;
  }
  return { plain: { incidentId, status, reportedToIcoAt }, errors };
}

/** The incidents service's refusals, in the words of the form. */
const SERVICE_WORDS: Record<string, FieldError> = {
  'discoveredAt.afterOccurred': { field: 'discoveredAt', message: 'The date it was found must be the same as or after the date it happened' },
  'discoveredAt.notInFuture': { field: 'discoveredAt', message: 'The date and time it was found must be in the past' },
  'icoReportable.breachOnly': { field: 'icoReportable', message: 'A near miss is not reported to the ICO: select No, or say it was a breach' },
  'flowId.inAgreement': { field: 'flowId', message: 'Select a data flow of this agreement' },
  'reportedToIcoAt.notInFuture': { field: 'reportedToIcoAt', message: 'The date and time it was reported to the ICO must be in the past' },
  'reportedToIcoAt.afterDiscovered': { field: 'reportedToIcoAt', message: 'The date it was reported to the ICO must be after it was found' },
  'reportedToIcoAt.requiredWhenReported': { field: 'reportedToIcoAt', message: 'Enter the date and time it was reported to the ICO' },
  'status.reportableOnly': { field: 'status', message: 'This incident is not reportable to the ICO: select another answer' },
};

export function serviceErrors(problems: readonly FieldProblem[]): FieldError[] {
  return problems.map((p) => SERVICE_WORDS[`${p.field}.${p.rule}`] ?? { field: p.field, message: p.message.charAt(0).toUpperCase() + p.message.slice(1) });
}
