/**
 * A form posted after the session ended: what was typed is carried through the sign-in form (one
 * hidden field) and posted again once the person has signed in. Nothing is stored on the server,
 * so free text about a person shared never reaches the database. Pure.
 */

/** The form's own CSRF token is not carried: the form is sent again with the new session's. */
const NOT_CARRIED = new Set(['_csrf']);

/** A parsed urlencoded body (qs, extended) back as the name and value pairs the browser sent. */
export function carriedFields(body: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  const walk = (name: string, value: unknown): void => {
    if (typeof value === 'string') pairs.push([name, value]);
    else if (Array.isArray(value)) {
      // Repeated names (checkboxes) come back as repeated names; objects in a list keep their index.
      value.forEach((item, index) => walk(typeof item === 'string' ? name : `${name}[${index}]`, item));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(`${name}[${key}]`, inner);
    }
  };
  if (body && typeof body === 'object' && !Buffer.isBuffer(body) && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(body)) if (!NOT_CARRIED.has(name)) walk(name, value);
  }
  return pairs;
}

/** The pairs as the value of one hidden field. */
export const encodeCarried = (pairs: [string, string][]): string => new URLSearchParams(pairs).toString();

/** The pairs back from the hidden field; anything else is no fields. */
export function decodeCarried(value: unknown): [string, string][] {
  if (typeof value !== 'string' || value === '') return [];
  return [...new URLSearchParams(value).entries()].filter(([name]) => !NOT_CARRIED.has(name));
}

/** The warning shows two minutes before the idle timeout counted from the last recorded activity, which may be one touch interval before the page loaded. */
export const WARNING_BEFORE_SECONDS = 120;

/** Seconds after a page loads to show the warning: early enough whenever the session's activity was last recorded. */
export function sessionWarningDelaySeconds(idleTimeoutSeconds: number, touchIntervalSeconds: number): number {
  return Math.max(0, idleTimeoutSeconds - WARNING_BEFORE_SECONDS - touchIntervalSeconds);
}
