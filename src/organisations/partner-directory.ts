/**
 * Which organisations are partners: both consented to one agreement (see AgreementPartnerDirectory).
 * Members of partners may see each other's role holders, never each other's whole directory.
 * The agreements module provides the implementation; organisations only ask.
 */
export abstract class PartnerDirectory {
  /** For each organisation, the set of its partners (itself included), in the order asked. */
  abstract partnersOf(organisationIds: readonly string[]): Promise<Set<string>[]>;
}
