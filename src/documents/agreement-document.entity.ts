import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A rendered PDF of a frozen version, as it stood at one signing state; never changed once stored. */
@Entity({ name: 'agreement_document' })
export class AgreementDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  /** SHA-256 of what the document shows that can change after freezing: statuses and signatures. */
  @Column({ name: 'state_key', type: 'text' })
  stateKey: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ name: 'rendered_at', type: 'timestamptz' })
  renderedAt: Date;
}
