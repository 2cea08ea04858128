import { Injectable } from '@nestjs/common';

/**
 * Which organisations are partners, that is, parties together to an agreement. Members of a
 * partner may see each other's people. Agreements do not exist yet in this schema, so an
 * organisation's only partner is itself; the agreements module will answer from its parties.
 */
@Injectable()
export class PartnersService {
  async partnersOf(organisationIds: readonly string[]): Promise<Set<string>[]> {
    return organisationIds.map((id) => new Set([id]));
  }
}
