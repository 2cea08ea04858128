import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ORG_ADMIN = 'ORG_ADMIN',
  IG_LEAD = 'IG_LEAD',
  CALDICOTT_GUARDIAN = 'CALDICOTT_GUARDIAN',
  SIRO = 'SIRO',
  DPO = 'DPO',
  SIGNATORY = 'SIGNATORY',
  PRACTITIONER = 'PRACTITIONER',
  COMMISSIONER = 'COMMISSIONER',
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
}

/** Named posts an organisation has at most one current holder of. */
export const SINGLE_HOLDER_ROLES: readonly Role[] = [Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.DPO];

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do for their organisation.',
  valuesMap: {
    ORG_ADMIN: { description: "Manages the organisation's users, role holders and assurance details" },
    IG_LEAD: { description: 'Information governance lead: drafts protocols and agreements (one per organisation)' },
    CALDICOTT_GUARDIAN: { description: 'Caldicott Guardian: may sign agreements (one per organisation)' },
    SIRO: { description: 'Senior Information Risk Owner: may sign agreements (one per organisation)' },
    DPO: { description: 'Data Protection Officer (one per organisation)' },
    SIGNATORY: { description: 'Authorised signatory for agreements' },
    PRACTITIONER: { description: 'Records decisions to share or not to share' },
    COMMISSIONER: { description: 'Views partnership-wide monitoring aggregates' },
    SYSTEM_ADMIN: { description: 'Operates the service: manages organisations and reads the audit log' },
  },
});
