/**
 * How long to wait, as a person reads it: "40 seconds", "15 minutes" (895 seconds, rounded up),
 * "2 hours". Pure.
 */
export function waitInWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return plural(whole, 'second');
  const minutes = Math.ceil(whole / 60);
  if (minutes < 90) return plural(minutes, 'minute');
  return plural(Math.ceil(minutes / 60), 'hour');
}

/** A refusal for doing something too often, in the NHS style: "Too many sign-in attempts. Try again in 15 minutes." */
export function tooManyInWords(message: string, retryAfterSeconds: number | undefined): string {
  const what = message.split(':')[0].trim() || 'Too many attempts';
  return retryAfterSeconds ? `${what}. Try again in ${waitInWords(retryAfterSeconds)}.` : `${what}. Try again later.`;
}
