import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PartyRole } from './agreement.enums.js';

/** A party of an agreement's working draft. */
@Entity({ name: 'agreement_party' })
export class AgreementParty {
  @PrimaryColumn({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  role: PartyRole;

  @Column({ type: 'integer' })
  position: number;
}
