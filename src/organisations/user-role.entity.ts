import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '../common/auth/role.js';

/** A role a user holds for their organisation. */
@Entity({ name: 'user_role' })
export class UserRole {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  role: Role;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;
}
