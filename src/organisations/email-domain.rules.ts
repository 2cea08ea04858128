/** A domain name as an organisation registers it: lowercase labels of letters, digits and hyphens, and a top-level domain. */
export const EMAIL_DOMAIN_PATTERN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const MAX_EMAIL_DOMAINS = 20;

/** The domain of an email address, lowercased: what follows the last @. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Whether an address may be given to a user of an organisation with these registered domains (exact match, no subdomains). */
export function isRegisteredEmail(email: string, domains: readonly string[]): boolean {
  return domains.includes(domainOf(email));
}

/** An address the outbox can send to (its table's CHECK): one @, and no spaces, angle brackets, commas or semicolons. */
export function isMailableAddress(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(email);
}
