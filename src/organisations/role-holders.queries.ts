import type { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/role.js';
import { HELD_POSTS, roleHoldersFrom, type RoleHolders } from './role-holders.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';

/** Each organisation's current role holders (active users only), in one query however many organisations. */
export async function roleHoldersOf(em: EntityManager, organisationIds: readonly string[]): Promise<RoleHolders[]> {
  if (organisationIds.length === 0) return [];
  // One row a post held, each with its user; the entities are the users, one each.
  const { entities: users, raw } = await em
    .getRepository(User)
    .createQueryBuilder('u')
    .innerJoin(UserRole, 'r', 'r.user_id = u.id')
    .addSelect(['r.user_id AS held_user_id', 'r.role AS held_role', 'r.organisation_id AS held_organisation_id'])
    .where('u.active')
    .andWhere('r.organisation_id IN (:...organisationIds)', { organisationIds })
    .andWhere('r.role IN (:...posts)', { posts: HELD_POSTS })
    .getRawAndEntities<{ held_user_id: string; held_role: Role; held_organisation_id: string }>();
  const byId = new Map(users.sort((a, b) => a.fullName.localeCompare(b.fullName)).map((u) => [u.id, u]));
  const rows = [...byId.values()].flatMap((user) =>
    raw.filter((h) => h.held_user_id === user.id).map((h) => ({ user, role: h.held_role, organisationId: h.held_organisation_id })),
  );
  return organisationIds.map((id) => roleHoldersFrom(rows.filter((r) => r.organisationId === id)));
}
