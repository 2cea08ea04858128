import type { SigningRole } from '../../agreements/agreement.enums.js';
import { SIGNING_ROLES } from '../../documents/document-labels.js';

/** What a declined version keeps about who declined it. */
export interface DeclineFacts {
  declinedByName: string | null;
  declinedAs: SigningRole | null;
  declinedAt: Date | null;
  declineReason: string | null;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London', timeZoneName: 'short' });

/**
 * Who declined, in which role, for which organisation, and when, in one sentence: "Sam Signer,
 * Caldicott Guardian, declined it for Northshire County Council on 2 March 2026, 12:00 GMT."
 * Versions declined before the name and role were kept say so. Pure.
 */
export function declineSentence(facts: DeclineFacts, organisationName: string): string {
  const who = facts.declinedByName ? `${facts.declinedByName}, ${facts.declinedAs ? SIGNING_ROLES[facts.declinedAs] : 'in a role not recorded'},` : 'Someone whose name was not recorded';
  const when = facts.declinedAt ? ` on ${DATE_TIME.format(facts.declinedAt)}` : '';
  return `${who} declined it for ${organisationName}${when}.`;
}

/** A party's name as a frozen version names it. */
export function organisationNameIn(frozen: { parties: readonly { organisationId: string; organisationName: string }[] }, organisationId: string | null): string {
  return frozen.parties.find((p) => p.organisationId === organisationId)?.organisationName ?? 'a party';
}
