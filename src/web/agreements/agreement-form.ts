import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import { isLocalDate } from '../../common/scalars/local-date.scalar.js';
import type { Choice } from './agreement-labels.js';
import { labelOfPath, normalisePath, type DraftShape, placeOf } from './agreement-field-paths.js';

/**
 * NHS design system form fields for the agreement pages, and reading them back. A form is read
 * into the same input classes the GraphQL API takes and checked with their class-validator rules,
 * then handed to the same services: the pages add no rules of their own, only the reading of
 * browser fields (a whole number, a date in three boxes, an answered question). Pure.
 */

/** A submitted form as Express parses it: a field given twice is a list. */
export type FormState = Record<string, string | string[] | undefined>;

export type FieldKind = 'text' | 'textarea' | 'url' | 'integer' | 'date' | 'lines' | 'yesNo' | 'radios' | 'checkboxes' | 'select';

export interface FieldSpec {
  /** The input's id, which is also its name unless `name` says otherwise. */
  id: string;
  name?: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  choices?: Choice[];
  /** For a select: the text of the empty first option. */
  emptyChoice?: string;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  suffix?: string;
  rows?: number;
  inline?: boolean;
  small?: boolean;
  /** The legend or label as a page heading, for a page that asks one question. */
  asHeading?: boolean;
  /** For a question that must be answered (radios): what to say when it is not. */
  required?: string;
  /** Fields revealed under a choice (by its value), as NHS conditional radios and checkboxes do. */
  conditional?: Record<string, FieldSpec[]>;
}

export interface OptionView {
  id: string;
  value: string;
  label: string;
  hint?: string;
  hintId?: string;
  checked: boolean;
  conditionalId?: string;
  conditional?: FieldView[];
}

export interface FieldView {
  id: string;
  name: string;
  label: string;
  hint?: string;
  hintId?: string;
  error?: string;
  errorId?: string;
  describedBy?: string;
  value?: string;
  day?: string;
  month?: string;
  year?: string;
  options?: OptionView[];
  input?: boolean;
  textarea?: boolean;
  select?: boolean;
  radios?: boolean;
  checkboxes?: boolean;
  date?: boolean;
  inputType?: string;
  inputmode?: string;
  widthClass?: string;
  suffix?: string;
  rows?: number;
  inline?: boolean;
  small?: boolean;
  asHeading?: boolean;
  emptyChoice?: string;
  /** The form the input belongs to, when it stands outside it (a table row's select). */
  formId?: string;
  /** The label is read by screen readers only (the column heading says it to everyone else). */
  labelHidden?: boolean;
}

/** Error messages by the id of the input they are shown beside. */
export type FieldErrors = ReadonlyMap<string, string>;

/** One line of the error summary: the message, linking to the input. */
export interface ErrorItem {
  href: string;
  text: string;
}

export const YES_NO: Choice[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
export const textOf = (form: FormState, name: string): string => first(form[name]);
export const listOf = (form: FormState, name: string): string[] => {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter((v) => typeof v === 'string');
};

/** The id of the input a link to this field should land on. */
export function anchorOf(spec: FieldSpec): string {
  return spec.kind === 'date' ? `${spec.id}-day` : spec.id;
}

const optionId = (spec: FieldSpec, index: number) => (index === 0 ? spec.id : `${spec.id}-${index + 1}`);

/** The field as the templates draw it, with the value from the form and its error, if any. */
export function fieldView(spec: FieldSpec, form: FormState, errors: FieldErrors): FieldView {
  const name = spec.name ?? spec.id;
  const error = errors.get(anchorOf(spec));
  const hintId = spec.hint ? `${spec.id}-hint` : undefined;
  const errorId = error ? `${spec.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const view: FieldView = { id: spec.id, name, label: spec.label, hint: spec.hint, hintId, error, errorId, describedBy, asHeading: spec.asHeading };
  switch (spec.kind) {
    case 'text':
    case 'url':
    case 'integer':
      return {
        ...view,
        input: true,
        value: textOf(form, name),
        inputType: spec.kind === 'url' ? 'url' : 'text',
        inputmode: spec.kind === 'integer' ? 'numeric' : undefined,
        widthClass: spec.width ? `nhsuk-input--width-${spec.width}` : undefined,
        suffix: spec.suffix,
      };
    case 'textarea':
    case 'lines':
      return { ...view, textarea: true, value: textOf(form, name), rows: spec.rows ?? (spec.kind === 'lines' ? 4 : 5) };
    case 'select':
      return {
        ...view,
        select: true,
        emptyChoice: spec.emptyChoice,
        options: (spec.choices ?? []).map((choice, i) => ({ id: `${spec.id}-${i + 1}`, value: choice.value, label: choice.label, checked: textOf(form, name) === choice.value })),
      };
    case 'date':
      return { ...view, date: true, day: textOf(form, `${name}-day`), month: textOf(form, `${name}-month`), year: textOf(form, `${name}-year`) };
    case 'yesNo':
    case 'radios':
    case 'checkboxes': {
      const chosen = spec.kind === 'checkboxes' ? listOf(form, name) : [textOf(form, name)];
      // NHS conditional reveals: the follow-up questions sit under their choice, shown without script
      // and hidden by the NHS script until the choice is made (page.js drops the aria-expanded it sets on radios).
      const options = (spec.kind === 'yesNo' ? YES_NO : (spec.choices ?? [])).map((choice, i): OptionView => {
        const id = optionId(spec, i);
        const inner = spec.conditional?.[choice.value];
        return {
          id,
          value: choice.value,
          label: choice.label,
          hint: choice.hint,
          hintId: choice.hint ? `${id}-item-hint` : undefined,
          checked: chosen.includes(choice.value),
          conditionalId: inner ? `conditional-${id}` : undefined,
          conditional: inner?.map((field) => fieldView(field, form, errors)),
        };
      });
      const checkboxes = spec.kind === 'checkboxes';
      const reveals = options.some((o) => o.conditional);
      // Follow-up questions open under their choice, which inline radios cannot hold.
      return { ...view, options, radios: !checkboxes, checkboxes, inline: !reveals && (spec.inline ?? spec.kind === 'yesNo'), small: spec.small };
    }
  }
}

/** A field read back: its value for the input class, or what is wrong with how it was filled in. */
export interface ReadField {
  value: unknown;
  problem?: string;
}

/**
 * Reads one field from the form into the value the input classes take: text trimmed (empty is
 * null), lines as a list, a whole number, a date as YYYY-MM-DD, yes/no as a boolean.
 */
export function readField(spec: FieldSpec, form: FormState, path?: string): ReadField {
  const name = spec.name ?? spec.id;
  // Problems name the field as the error summary does: its name in the draft, not its question.
  const label = path ? labelOfPath(path) : spec.label;
  const text = textOf(form, name).trim();
  switch (spec.kind) {
    case 'text':
    case 'url':
      return { value: text === '' ? null : text };
    case 'textarea':
      // Browsers send a textarea's line breaks as CRLF: kept as the plain line feeds the documents break lines on.
      return { value: text === '' ? null : text.replace(/\r\n?/g, '\n') };
    case 'select':
    case 'radios':
      if (text === '' && spec.required) return { value: null, problem: spec.required };
      return { value: text === '' ? null : text };
    case 'lines':
      return { value: textOf(form, name).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '') };
    case 'checkboxes':
      return { value: listOf(form, name) };
    case 'integer':
      if (text === '') return { value: null };
      if (!/^\d{1,10}$/.test(text.replace(/,/g, ''))) return { value: text, problem: `${label} must be a whole number, like 12` };
      return { value: Number(text.replace(/,/g, '')) };
    case 'yesNo':
      if (text === 'yes') return { value: true };
      if (text === 'no') return { value: false };
      return { value: null, problem: spec.required ?? `Select yes or no: ${label.toLowerCase()}` };
    case 'date': {
      const parts = ['day', 'month', 'year'].map((part) => textOf(form, `${name}-${part}`).trim());
      if (parts.every((part) => part === '')) return { value: null };
      const [day, month, year] = parts;
      const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isLocalDate(date)) {
        return { value: null, problem: `${label} must be a real date, like 31 3 2027` };
      }
      return { value: date };
    }
  }
}

/** The form's values for a field, from the draft's value: what a GET shows. */
export function formValuesOf(spec: FieldSpec, value: unknown): FormState {
  const name = spec.name ?? spec.id;
  switch (spec.kind) {
    case 'lines':
      return { [name]: Array.isArray(value) ? value.join('\n') : '' };
    case 'checkboxes':
      return { [name]: Array.isArray(value) ? (value as string[]) : [] };
    case 'yesNo':
      return { [name]: value === true ? 'yes' : value === false ? 'no' : '' };
    case 'date': {
      const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      return match
        ? { [`${name}-day`]: String(Number(match[3])), [`${name}-month`]: String(Number(match[2])), [`${name}-year`]: match[1] }
        : { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
    }
    default:
      return { [name]: value === null || value === undefined ? '' : String(value) };
  }
}

/** A problem with a field, at its path in the draft. */
export interface PathProblem {
  path: string;
  message: string;
}

/**
 * Checks plain values against an input class as the API's ValidationPipe does (whitelist,
 * transform), returning the instance and any problems, each at its path with a readable message.
 */
export async function validateInput<T extends object>(type: new () => T, plain: object): Promise<{ instance: T; problems: PathProblem[] }> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance, { whitelist: true });
  return { instance, problems: problemsOf(errors) };
}

function problemsOf(errors: ValidationError[], prefix = ''): PathProblem[] {
  return errors.flatMap((error) => {
    const path = normalisePath(prefix ? `${prefix}.${error.property}` : error.property);
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ path, message: readable(path, rule, message, error.value) }));
    return [...own.slice(0, 1), ...problemsOf(error.children ?? [], path)];
  });
}

const EMPTY = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
/** `Description` as `description`, but `UK GDPR` stays as it is. */
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A validator's or a service's message about a field, in words a person reads beside it. */
export function readable(path: string, rule: string, message: string, value?: unknown): string {
  const label = labelOfPath(path);
  if (['isLength', 'minLength', 'isNotEmpty', 'isString'].includes(rule) && EMPTY(value)) return `Enter ${lowerFirst(label)}`;
  if (['isEnum', 'isUuid', 'isIn'].includes(rule) && EMPTY(value)) return `Select ${lowerFirst(label)}`;
  const property = path.split(/[.[\]]/).filter(Boolean).at(-1) ?? '';
  if (message.startsWith(`${property} `)) return `${label} ${message.slice(property.length + 1)}`;
  if (/^(must|cannot|should|is|are|has|does not) /.test(message)) return `${label} ${message}`;
  return upperFirst(message);
}

/** The services' problems (DomainError fields) at their paths, readable. */
export function problemsFromService(fields: readonly FieldProblem[]): PathProblem[] {
  return fields.map((f) => {
    const path = normalisePath(f.field);
    const bare = f.message.startsWith(`${f.field}: `) ? f.message.slice(f.field.length + 2) : f.message;
    return { path, message: readable(path, f.rule, bare) };
  });
}

/** Problems placed on the page: beside each input (by id) and in the summary (linking to it). */
export function placeProblems(problems: readonly PathProblem[], draft: DraftShape): { errors: Map<string, string>; summary: ErrorItem[] } {
  const errors = new Map<string, string>();
  const summary: ErrorItem[] = [];
  for (const problem of problems) {
    const id = placeOf(problem.path, draft).inputId ?? 'main-form';
    if (errors.has(id)) continue;
    errors.set(id, problem.message);
    summary.push({ href: `#${id}`, text: problem.message });
  }
  return { errors, summary };
}
