import type { UpdateAgreementDraftInput } from '../agreements/dto/update-agreement-draft.input.js';

/** The sections of the demo's hospital discharge ISP: a compliant agreement an IG lead would recognise. */
export function dischargeSections(hospitalId: string, councilId: string, careId: string, nextReviewDate: string): Omit<UpdateAgreementDraftInput, 'agreementId' | 'expectedRevision'> {
  const item = (name: string, specialCategory: boolean) => ({
    name,
    specialCategory,
    identifiability: 'IDENTIFIABLE',
    justification: `${name} is needed to arrange safe care on discharge`,
  });
  return {
    scope: 'Adults leaving Northshire General Hospital who need care and support at home.',
    purposes: [{ description: 'Plan and deliver care and support on discharge from hospital', purposeType: 'INDIVIDUAL_CARE' }],
    benefits: ['Fewer delayed discharges', 'People tell their story once'],
    dataSubjects: { categories: ['Adults leaving hospital who need care and support'], includesChildren: false, childrenHighPrivacyDefault: null },
    legalBasis: {
      article6: ['ART6_1_E_PUBLIC_TASK'],
      article9: [{ condition: 'ART9_2_H_HEALTH_SOCIAL_CARE', schedule1Condition: 'SCH1_P1_2_HEALTH_SOCIAL_CARE' }],
      commonLawBases: ['IMPLIED_CONSENT'],
      statutoryPowers: ['Care Act 2014 s2'],
    },
    dataFlows: [
      {
        name: 'Discharge notification',
        fromOrganisationId: hospitalId,
        toOrganisationId: councilId,
        dataItems: [item('NHS number', false), item('Discharge summary', true)],
        frequency: 'DAILY',
        transferMethod: 'NHSMAIL',
        estimatedRecordsPerYear: 4000,
        recipientRetention: '8 years after the last contact',
        transferOutsideUk: false,
      },
      {
        name: 'Care package start',
        fromOrganisationId: councilId,
        toOrganisationId: careId,
        dataItems: [item('Name and address', false), item('Care and support plan', true)],
        frequency: 'AD_HOC',
        transferMethod: 'NHSMAIL',
        estimatedRecordsPerYear: 900,
        recipientRetention: 'For the duration of care and 3 years after',
        transferOutsideUk: false,
      },
    ],
    consentAndTransparency: { howIndividualsAreInformed: 'Ward staff explain the sharing and give the joint privacy notice.', privacyNoticeUrl: null, consentAndObjections: 'Objections go to the ward manager.', nationalDataOptOutApplied: false },
    security: { measures: 'Each party keeps DSPT Standards Met.', accessControls: 'Named discharge team members only.' },
    retention: { period: '8 years after the last contact', disposal: 'Secure deletion.' },
    rights: { process: 'Each party answers requests for its own records.' },
    breaches: { notifyPartiesWithinHours: 24, process: 'Report to the lead IG team within 24 hours.' },
    dpia: { reference: 'DPIA-DEMO-001', outcome: 'RISKS_MITIGATED', completedOn: '2026-01-15' },
    review: { cycleMonths: 12, nextReviewDate },
    termination: { noticeDays: 90, endDate: null, onTermination: 'Each party keeps what it holds under its own retention schedule.' },
    clauses: [],
  } as unknown as Omit<UpdateAgreementDraftInput, 'agreementId' | 'expectedRevision'>;
}
