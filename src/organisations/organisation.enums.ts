import { registerEnumType } from '@nestjs/graphql';

export enum Sector {
  NHS_TRUST = 'NHS_TRUST',
  ICB = 'ICB',
  GP_PRACTICE = 'GP_PRACTICE',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  POLICE = 'POLICE',
  CARE_PROVIDER = 'CARE_PROVIDER',
  VOLUNTARY_CHARITY = 'VOLUNTARY_CHARITY',
  HOUSING = 'HOUSING',
  EDUCATION = 'EDUCATION',
  FIRE = 'FIRE',
  PROBATION = 'PROBATION',
  OTHER = 'OTHER',
}

/** Data Security and Protection Toolkit assessment status, as NHS England publishes it. */
export enum DsptStatus {
  STANDARDS_EXCEEDED = 'STANDARDS_EXCEEDED',
  STANDARDS_MET = 'STANDARDS_MET',
  APPROACHING_STANDARDS = 'APPROACHING_STANDARDS',
  STANDARDS_NOT_MET = 'STANDARDS_NOT_MET',
  NOT_PUBLISHED = 'NOT_PUBLISHED',
}

/** How the organisation sends email securely (DCB1596 is the secure email standard). */
export enum SecureEmailMethod {
  NHSMAIL = 'NHSMAIL',
  DCB1596_ACCREDITED_OFFICE365 = 'DCB1596_ACCREDITED_OFFICE365',
  DCB1596_SELF_ACCREDITED = 'DCB1596_SELF_ACCREDITED',
  NONE = 'NONE',
}

/** Methods whose DCB1596 accreditation lapses and so carry an expiry date. */
export const ACCREDITED_EMAIL_METHODS: readonly SecureEmailMethod[] = [
  SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365,
  SecureEmailMethod.DCB1596_SELF_ACCREDITED,
];

/** DSPT statuses as people read them. */
export const DSPT_STATUS_LABELS: Record<DsptStatus, string> = {
  STANDARDS_EXCEEDED: 'Standards Exceeded',
  STANDARDS_MET: 'Standards Met',
  APPROACHING_STANDARDS: 'Approaching Standards',
  STANDARDS_NOT_MET: 'Standards Not Met',
  NOT_PUBLISHED: 'Not published',
};

registerEnumType(Sector, { name: 'Sector', description: 'The kind of organisation.' });
registerEnumType(DsptStatus, {
  name: 'DsptStatus',
  description: 'Data Security and Protection Toolkit status.',
  valuesMap: {
    STANDARDS_EXCEEDED: { description: 'Standards Exceeded' },
    STANDARDS_MET: { description: 'Standards Met' },
    APPROACHING_STANDARDS: { description: 'Approaching Standards' },
    STANDARDS_NOT_MET: { description: 'Standards Not Met' },
    NOT_PUBLISHED: { description: 'No assessment published' },
  },
});
registerEnumType(SecureEmailMethod, {
  name: 'SecureEmailMethod',
  description: 'Secure email method (DCB1596 secure email standard).',
  valuesMap: {
    NHSMAIL: { description: 'NHSmail, accredited to DCB1596 centrally' },
    DCB1596_ACCREDITED_OFFICE365: { description: 'Office 365 accredited to DCB1596' },
    DCB1596_SELF_ACCREDITED: { description: 'Self-accredited to DCB1596' },
    NONE: { description: 'No secure email accredited to DCB1596' },
  },
});
