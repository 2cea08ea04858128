import { Field, ObjectType } from '@nestjs/graphql';
import type { RoleHolders } from './role-holders.js';

@ObjectType({ description: 'Why an organisation cannot yet be a party to an agreement.' })
export class ReadinessReason {
  @Field({ description: 'NO_IG_LEAD or NO_SIGNATORY.' })
  code: string;

  @Field()
  message: string;
}

@ObjectType({ description: 'Whether the organisation can be a party to an agreement: it needs an IG lead and someone authorised to sign.' })
export class PartyReadiness {
  @Field()
  ready: boolean;

  @Field(() => [ReadinessReason])
  reasons: ReadinessReason[];
}

/**
 * A party needs an IG lead and a named person who may sign for it. Small organisations may
 * have no Caldicott Guardian, so a SIGNATORY is enough; a Caldicott Guardian or SIRO may also sign.
 */
export function partyReadiness(holders: RoleHolders): PartyReadiness {
  const reasons: ReadinessReason[] = [];
  if (!holders.igLead) {
    reasons.push({ code: 'NO_IG_LEAD', message: 'No IG lead: give a user the IG_LEAD role' });
  }
  if (holders.signatories.length === 0 && !holders.caldicottGuardian && !holders.siro) {
    reasons.push({
      code: 'NO_SIGNATORY',
      message: 'No one may sign agreements: give a user the SIGNATORY, CALDICOTT_GUARDIAN or SIRO role',
    });
  }
  return { ready: reasons.length === 0, reasons };
}
