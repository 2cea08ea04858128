import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { isLocalDate } from '../common/scalars/local-date.scalar.js';
import { DomainError, ErrorCode, type FieldProblem } from '../common/errors/domain-error.js';
import { flattenValidationErrors } from '../common/errors/validation-exception.factory.js';

/**
 * Forms on pages feed the same input classes and services as GraphQL: the posted fields are
 * checked by the input class's own class-validator rules (as the global ValidationPipe does), then
 * the service applies its rules. Whatever they say comes back as problems per field, which a page
 * shows beside the field and in the NHS error summary linking to it.
 */

/** A form field: the words a person reads for it, and the id of the element the error summary links to. */
export interface FormField {
  label: string;
  /** The id to link to; the field name when left out. */
  anchor?: string;
  /**
   * Messages in the NHS style ("Enter their full name"), in place of the input class's own: `blank`
   * when nothing was entered (formErrors is given the posted values), else by the rule broken.
   */
  messages?: Partial<Record<string, string>>;
}

export interface FormErrors {
  /** The error summary: one link per problem (no link when the problem is not about a field on the form). */
  summary: { href: string | null; text: string }[];
  /** The first message for each field of the form, by field name. */
  fields: Record<string, string>;
}

/** The input class instance for the posted fields, checked as the global ValidationPipe checks GraphQL inputs; BAD_USER_INPUT otherwise. */
export async function validInput<T extends object>(type: new () => T, plain: Record<string, unknown>, extraProblems: FieldProblem[] = []): Promise<T> {
  const input = plainToInstance(type, plain);
  const problems = [...extraProblems, ...flattenValidationErrors(await validate(input, { whitelist: true, forbidUnknownValues: false }))];
  if (problems.length > 0) throw DomainError.invalidFields(problems);
  return input;
}

/** Whether an error is about what was typed (so the form is shown again with it), rather than who may do what. */
export function isFormError(error: unknown): error is DomainError {
  return error instanceof DomainError && (error.code === ErrorCode.BadUserInput || error.code === ErrorCode.Conflict);
}

/** The HTTP status a form shown again with this error is sent with. */
export const formErrorStatus = (error: DomainError) => (error.code === ErrorCode.Conflict ? 409 : 400);

/**
 * The problems of an error as a page shows them. A message about a field reads with the form's
 * label (`odsCode must be …` and `must be …` read `ODS code must be …`); field names and codes
 * within a message become words (`dsptStatus` reads `DSPT status`; `words` adds codes).
 */
export function formErrors(error: DomainError, fields: Record<string, FormField>, words: Record<string, string> = {}, values: Record<string, unknown> = {}): FormErrors {
  const problems = error.details.fields?.length ? error.details.fields : [{ field: '', rule: error.code, message: error.message }];
  const identifiers = Object.entries(fields).filter(([name]) => /[A-Z]/.test(name));
  const vocabulary: Record<string, string> = { ...Object.fromEntries(identifiers.map(([name, f]) => [name, inSentence(f.label)])), ...words };
  const result: FormErrors = { summary: [], fields: {} };
  for (const problem of problems) {
    const name = problem.field.split('.').pop() ?? '';
    const field = fields[name];
    // One message a field, as the NHS error summary has it.
    if (field && name in result.fields) continue;
    const own = field?.messages && (name in values && isBlank(values[name]) && field.messages.blank ? field.messages.blank : field.messages[problem.rule]);
    const text = own ?? sentence(field ? withLabel(problem.message, name, field.label) : problem.message.replace(/^[a-zA-Z.]+: /, ''), vocabulary);
    result.summary.push({ href: field ? `#${field.anchor ?? name}` : null, text });
    if (field) result.fields[name] = text;
  }
  return result;
}

const isBlank = (value: unknown) => (Array.isArray(value) ? value.length === 0 : typeof value !== 'string' || value.trim() === '');

/** `odsCode must be …` or `must be …` as `ODS code must be …`; a message that is a whole sentence is kept. */
function withLabel(message: string, name: string, label: string): string {
  if (message.startsWith(`${name}: `)) return withLabel(message.slice(name.length + 2), name, label);
  if (message.startsWith(`${name} `)) return `${label}${message.slice(name.length)}`;
  if (/^(is|are|must|cannot|should|does|do|has|needs) /.test(message)) return `${label} ${message}`;
  return message;
}

/** A label as it reads inside a sentence: `Secure email method` → `secure email method`, `DSPT status` as it is. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** Codes and field names in a text replaced by words from the vocabulary (whole words only). */
export function inWords(text: string, vocabulary: Record<string, string>): string {
  const names = Object.keys(vocabulary).filter(Boolean).sort((a, b) => b.length - a.length);
  return names.length ? text.replace(new RegExp(`\\b(${names.map(escapeRegExp).join('|')})\\b`, 'g'), (word) => vocabulary[word]) : text;
}

/** In words, starting with a capital. */
function sentence(text: string, vocabulary: Record<string, string>): string {
  const replaced = inWords(text, vocabulary);
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first string of a posted field (a field posted twice arrives as an array), or ''. */
export function textOf(value: unknown): string {
  if (Array.isArray(value)) return textOf(value[0]);
  return typeof value === 'string' ? value : '';
}

/** Every string of a posted field that may repeat, such as checkboxes of one name. */
export function textsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A date typed as day, month and year (the NHS date input). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const datePartsOf = (body: Record<string, unknown>, name: string): DateParts => ({
  day: textOf(body[`${name}-day`]).trim(),
  month: textOf(body[`${name}-month`]).trim(),
  year: textOf(body[`${name}-year`]).trim(),
});

export const datePartsFrom = (date: string | null): DateParts =>
  date ? { day: String(Number(date.slice(8, 10))), month: String(Number(date.slice(5, 7))), year: date.slice(0, 4) } : { day: '', month: '', year: '' };

/**
 * A date typed as day, month and year as `YYYY-MM-DD` (the LocalDate the GraphQL API takes), null
 * when left empty, or a problem when it is not a real date.
 */
export function dateFromParts(field: string, parts: DateParts): { value: string | null; problem?: FieldProblem } {
  if (!parts.day && !parts.month && !parts.year) return { value: null };
  const numeric = [parts.day, parts.month, parts.year].every((p) => /^\d+$/.test(p));
  const value = numeric ? `${parts.year.padStart(4, '0')}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` : '';
  if (numeric && parts.year.length === 4 && isLocalDate(value)) return { value };
  return { value: null, problem: { field, rule: 'date', message: 'must be a real date with a day, month and 4-digit year, for example 31 3 2026' } };
}
