/**
 * The fields of the decision pages as data, and reading what a form posted. A page is a list of
 * fields (NHS radios, checkboxes, text, textarea, select, date and time); decision-view.ts turns
 * them, with the values and errors, into what the templates place. Pure.
 */

export interface Option {
  value: string;
  label: string;
  hint?: string;
  /** Fields revealed when this option is chosen (shown anyway without JavaScript). */
  conditional?: FieldSpec[];
  /** A checkbox that clears the others ("none of these"), preceded by an "or" divider. */
  exclusive?: boolean;
  /** Words that set this option apart from those above it (an NHS radios divider), such as "or". */
  dividerBefore?: string;
}

interface Common {
  name: string;
  /** The SharingDecisionInput fields whose problems show on this field (its own name when left out). */
  owns?: string[];
  hint?: string;
}

interface Labelled {
  label: string;
  /** The label's size when it is not the page's question nor revealed by a choice: medium unless said. */
  labelSize?: 's' | 'm';
}

export type FieldSpec =
  | (Common & { kind: 'radios'; legend: string; options: Option[]; inline?: boolean; asHeading?: boolean; caption?: string })
  | (Common & { kind: 'checkboxes'; legend: string; options: Option[] })
  | (Common & Labelled & { kind: 'text'; width?: 2 | 3 | 4 | 5 | 10 | 20 | 30; numeric?: boolean; maxLength?: number })
  | (Common & Labelled & { kind: 'textarea'; rows?: number; maxLength?: number })
  | (Common & Labelled & { kind: 'select'; placeholder: string; groups: { label?: string; options: { value: string; label: string }[] }[] })
  | (Common & { kind: 'dateTime'; legend: string });

/** What a form posted, or what a page is filled in with: field name to value(s). */
export type FormValues = Record<string, string | string[] | undefined>;

/** A problem with what was typed or chosen, shown beside the field and in the error summary. */
export interface FieldError {
  /** The field it is about: a form field name or a SharingDecisionInput field. */
  field: string;
  message: string;
  /** For a date and time: the part it is about (`date`: day, month and year); all of it when left out. */
  part?: 'day' | 'month' | 'year' | 'date' | 'time';
}

/** The first string posted for a field ('' when none). */
export function text(values: FormValues, name: string): string {
  const value = values[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Every string posted for a field that may repeat (checkboxes). */
export function texts(values: FormValues, name: string): string[] {
  const value = values[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

/** A posted choice if it is one of the allowed values, else undefined. */
export function choice<T extends string>(values: FormValues, name: string, allowed: readonly T[]): T | undefined {
  const value = text(values, name);
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Lines of a textarea as items: trimmed, empty lines dropped, each once (ignoring case). */
export function lines(value: string): string[] {
  return unique(value.split(/\r?\n/));
}

export function unique(items: string[]): string[] {
  const seen = new Set<string>();
  return items
    .map((item) => item.trim())
    .filter((item) => {
      const key = item.toLowerCase();
      if (!item || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** A UK date and time (Europe/London, so GMT or BST) as the day, month, year and HH:MM a person types. */
export function londonParts(instant: Date): { day: string; month: string; year: string; time: string } {
  const part = (type: string) => LONDON.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return { day: String(Number(part('day'))), month: String(Number(part('month'))), year: part('year'), time: `${part('hour').padStart(2, '0')}:${part('minute')}` };
}

/** The instant of a wall-clock date and time in the UK; null when there is no such time. */
export function londonInstant(year: number, month: number, day: number, hour: number, minute: number): Date | null {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const asWall = new Date(wall);
  if (asWall.getUTCFullYear() !== year || asWall.getUTCMonth() !== month - 1 || asWall.getUTCDate() !== day) return null;
  // The UK is UTC or UTC+1: try both offsets and keep the one that reads back as the time typed.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    const back = londonParts(candidate);
    if (Number(back.day) === day && Number(back.month) === month && Number(back.year) === year && back.time === `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`) {
      return candidate;
    }
  }
  return null; // a time skipped when the clocks go forward
}

/**
 * A date and time typed into the NHS date input plus a time field (`name-day`, `-month`, `-year`,
 * `-time`), as an ISO instant, or what is wrong with it. `what` names it in messages.
 */
export function readDateTime(values: FormValues, name: string, what: string): { value?: string; error?: FieldError } {
  const [day, month, year, time] = ['day', 'month', 'year', 'time'].map((part) => text(values, `${name}-${part}`));
  if (!day && !month && !year && !time) return { error: { field: name, message: `Enter the date and time ${what}` } };
  const missing = (['day', 'month', 'year'] as const).find((_, i) => ![day, month, year][i]);
  if (missing) return { error: { field: name, part: missing, message: `The date ${what} must include a ${missing}` } };
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) {
    return { error: { field: name, part: 'date', message: `The date ${what} must be a real date, for example 27 3 2026` } };
  }
  const clock = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!time) return { error: { field: name, part: 'time', message: `Enter the time ${what}` } };
  if (!clock || Number(clock[1]) > 23 || Number(clock[2]) > 59) {
    return { error: { field: name, part: 'time', message: `Enter the time ${what} using the 24-hour clock, for example 14:30` } };
  }
  const instant = londonInstant(Number(year), Number(month), Number(day), Number(clock[1]), Number(clock[2]));
  if (!instant) return { error: { field: name, part: 'date', message: `The date ${what} must be a real date and time, for example 27 3 2026 at 14:30` } };
  return { value: instant.toISOString() };
}

/** An instant as the values of a date and time field. */
export function dateTimeValues(name: string, iso: string | undefined): FormValues {
  if (!iso) return {};
  const parts = londonParts(new Date(iso));
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year, [`${name}-time`]: parts.time };
}
