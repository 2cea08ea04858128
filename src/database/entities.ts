import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { UserRole } from '../organisations/user-role.entity.js';
import { User } from '../organisations/user.entity.js';

export const ENTITIES = [Organisation, User, UserRole, AuditEntry];
