/**
 * Which organisations are partners: involved together in an agreement (as its lead or as a
 * party of its draft or of any version). Members of partners may see each other's people.
 * The agreements module provides the implementation; organisations only ask.
 */
export abstract class PartnerDirectory {
  /** For each organisation, the set of its partners (itself included), in the order asked. */
  abstract partnersOf(organisationIds: readonly string[]): Promise<Set<string>[]>;
}
