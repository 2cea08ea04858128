import { In, type EntityManager } from 'typeorm';
import { HELD_POSTS, roleHoldersFrom, type RoleHolders } from './role-holders.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';

/** Each organisation's current role holders (active users only), in two queries however many organisations. */
export async function roleHoldersOf(em: EntityManager, organisationIds: readonly string[]): Promise<RoleHolders[]> {
  if (organisationIds.length === 0) return [];
  const held = await em
    .getRepository(UserRole)
    .createQueryBuilder('r')
    .innerJoin(User, 'u', 'u.id = r.user_id AND u.active')
    .where('r.organisation_id IN (:...organisationIds)', { organisationIds })
    .andWhere('r.role IN (:...posts)', { posts: HELD_POSTS })
    .getMany();
  const users = held.length ? await em.getRepository(User).findBy({ id: In(held.map((h) => h.userId)) }) : [];
  const byId = new Map(users.sort((a, b) => a.fullName.localeCompare(b.fullName)).map((u) => [u.id, u]));
  const rows = [...byId.values()].flatMap((user) => held.filter((h) => h.userId === user.id).map((h) => ({ user, role: h.role, organisationId: h.organisationId })));
  return organisationIds.map((id) => roleHoldersFrom(rows.filter((r) => r.organisationId === id)));
}
