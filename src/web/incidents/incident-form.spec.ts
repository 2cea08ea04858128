import { NO_FLOW, readReport, readUpdate, serviceErrors } from './incident-form.js';

const AGREEMENT = '11111111-1111-4111-8111-111111111111';
const FLOW = '22222222-2222-4222-8222-222222222222';
const filled = {
  summary: '  Discharge letter emailed to the wrong care provider  ',
  kind: 'BREACH',
  'occurredAt-day': '6', 'occurredAt-month': '12', 'occurredAt-year': '2026', 'occurredAt-time': '09:15',
  'discoveredAt-day': '7', 'discoveredAt-month': '12', 'discoveredAt-year': '2026', 'discoveredAt-time': '10:00',
  flowId: FLOW,
  severity: 'HIGH',
  icoReportable: 'yes',
};

describe('the incident forms', () => {
  it('reads a full report as ReportIncidentInput’s fields, in UK time', () => {
    expect(readReport(filled, AGREEMENT, true)).toEqual({
      plain: { agreementId: AGREEMENT, summary: 'Discharge letter emailed to the wrong care provider', kind: 'BREACH', occurredAt: '2026-12-06T09:15:00.000Z', discoveredAt: '2026-12-07T10:00:00.000Z', flowId: FLOW, severity: 'HIGH', icoReportable: true },
      errors: [],
    });
    expect(readReport({ ...filled, flowId: NO_FLOW, icoReportable: 'no' }, AGREEMENT, true).plain).toMatchObject({ flowId: null, icoReportable: false });
  });

  it('names every missing answer in NHS words', () => {
    expect(readReport({}, AGREEMENT, true).errors.map((e) => e.message)).toEqual([
      'Enter what happened',
      'Select whether it was a breach or a near miss',
      'Enter the date and time it happened',
      'Enter the date and time it was found',
      'Select the data flow it was in, or none of these',
      'Select how serious it is',
      'Select whether it is reportable to the ICO',
    ]);
    // No flows to choose from: the question is not asked.
    expect(readReport({ ...filled, flowId: undefined }, AGREEMENT, false).errors).toEqual([]);
    expect(readReport({ ...filled, summary: 'x'.repeat(5001) }, AGREEMENT, true).errors).toEqual([{ field: 'summary', message: 'What happened must be 5,000 characters or fewer' }]);
  });

  it('asks when it was reported only when it was, and offers it only for a reportable breach', () => {
    expect(readUpdate({ status: 'INVESTIGATING' }, 'i', true)).toEqual({ plain: { incidentId: 'i', status: 'INVESTIGATING', reportedToIcoAt: undefined }, errors: [] });
    expect(readUpdate({ status: 'REPORTED_TO_ICO' }, 'i', true).errors).toEqual([{ field: 'reportedToIcoAt', message: 'Enter the date and time it was reported to the ICO' }]);
    expect(readUpdate({ status: 'REPORTED_TO_ICO' }, 'i', false).errors).toEqual([{ field: 'status', message: 'Select where the incident stands' }]);
    expect(readUpdate({ status: 'CLOSED' }, 'i', true).errors).toEqual([{ field: 'status', message: 'Select where the incident stands' }]);
  });

  it('puts the service’s refusals in the form’s words', () => {
    expect(serviceErrors([{ field: 'icoReportable', rule: 'breachOnly', message: 'a near miss is not a breach' }, { field: 'other', rule: 'x', message: 'must be fine' }])).toEqual([
      { field: 'icoReportable', message: 'A near miss is not reported to the ICO: select No, or say it was a breach' },
      { field: 'other', message: 'Must be fine' },
    ]);
  });
});
