/** Only paths on this site: a `next` that leaves it is ignored. */
export const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/[a-zA-Z0-9/._?=&%-]*$/.test(next) && !next.startsWith('//') ? next : '/');
