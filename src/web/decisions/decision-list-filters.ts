import { DecisionListOrder, DecisionOutcome } from '../../monitoring/monitoring.enums.js';
import { londonInstant } from './decision-form.js';
import { OUTCOMES } from './decision-words.js';

/**
 * The filters of "Recent decisions", read from the page's GET form: the dates decided between (UK
 * days, both included), the agreement, the outcome, flagged or not, and only those the caller
 * recorded. Pure: the page passes what it reads to SharingDecisionsService.list.
 */

interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface ListFilterValues {
  from: DateParts;
  to: DateParts;
  agreementId: string;
  outcome: string;
  flagged: '' | 'yes' | 'no';
  mine: boolean;
}

export interface ListFilterArgs {
  decidedFrom?: Date;
  decidedBefore?: Date;
  agreementId?: string;
  outcome?: DecisionOutcome;
  flagged?: boolean;
  recordedByMe?: boolean;
  orderBy: DecisionListOrder;
}

export interface ListFilterError {
  field: 'from' | 'to';
  /** The input the error summary links to. */
  anchor: string;
  message: string;
}

const one = (value: unknown): string => (Array.isArray(value) ? one(value[0]) : typeof value === 'string' ? value.trim().slice(0, 200) : '');
const partsOf = (query: Record<string, unknown>, name: string): DateParts => ({ day: one(query[`${name}-day`]), month: one(query[`${name}-month`]), year: one(query[`${name}-year`]) });

/** The start of a UK day, or what is wrong with the date typed; null when nothing was typed. */
function dayStart(parts: DateParts, field: 'from' | 'to', what: string): { at: Date | null; error?: ListFilterError } {
  const { day, month, year } = parts;
  if (!day && !month && !year) return { at: null };
  const missing = (['day', 'month', 'year'] as const).find((part) => !parts[part]);
  if (missing) return { at: null, error: { field, anchor: `${field}-${missing}`, message: `The ${what} date must include a ${missing}` } };
  const at = [day, month, year].every((p) => /^\d+$/.test(p)) && year.length === 4 ? londonInstant(Number(year), Number(month), Number(day), 0, 0) : null;
  if (!at) return { at: null, error: { field, anchor: `${field}-day`, message: `The ${what} date must be a real date, for example 27 3 2026` } };
  return { at };
}

/** The start of the UK day after the one given. */
function nextDayStart(parts: DateParts): Date | null {
  const next = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + 1));
  return londonInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
}

export function readListFilters(query: Record<string, unknown>, agreementIds: readonly string[]) {
  const values: ListFilterValues = {
    from: partsOf(query, 'from'),
    to: partsOf(query, 'to'),
    agreementId: one(query.agreementId),
    outcome: one(query.outcome),
    flagged: (['yes', 'no'] as const).find((v) => v === one(query.flagged)) ?? '',
    mine: one(query.mine) === 'yes',
  };
  const errors: ListFilterError[] = [];
  const from = dayStart(values.from, 'from', 'from');
  const to = dayStart(values.to, 'to', 'to');
  for (const found of [from.error, to.error]) if (found) errors.push(found);
  const before = to.at ? nextDayStart(values.to) : null;
  if (from.at && to.at && from.at > to.at) errors.push({ field: 'to', anchor: 'to-day', message: 'The to date must be the same as or after the from date' });

  const args: ListFilterArgs = { orderBy: DecisionListOrder.DECIDED_AT };
  if (errors.length === 0) {
    if (from.at) args.decidedFrom = from.at;
    if (before) args.decidedBefore = before;
  }
  if (agreementIds.includes(values.agreementId)) args.agreementId = values.agreementId;
  else values.agreementId = '';
  if ((Object.values(DecisionOutcome) as string[]).includes(values.outcome)) args.outcome = values.outcome as DecisionOutcome;
  else values.outcome = '';
  if (values.flagged) args.flagged = values.flagged === 'yes';
  if (values.mine) args.recordedByMe = true;
  return { values, args, errors, filtered: Object.keys(args).length > 1, query: filterQuery(values) };
}

/** The filters as a query string (without `?`), for the links to older and newer pages. */
export function filterQuery(values: ListFilterValues): string {
  const pairs: [string, string][] = [];
  for (const name of ['from', 'to'] as const) for (const part of ['day', 'month', 'year'] as const) if (values[name][part]) pairs.push([`${name}-${part}`, values[name][part]]);
  if (values.agreementId) pairs.push(['agreementId', values.agreementId]);
  if (values.outcome) pairs.push(['outcome', values.outcome]);
  if (values.flagged) pairs.push(['flagged', values.flagged]);
  if (values.mine) pairs.push(['mine', 'yes']);
  return new URLSearchParams(pairs).toString();
}

/** The choices of the filter form, as it was filled in. */
export function filterFormView(values: ListFilterValues, agreements: readonly { id: string; reference: string; title: string }[], errors: readonly ListFilterError[]) {
  const errorOf = (field: 'from' | 'to') => errors.find((e) => e.field === field)?.message ?? null;
  return {
    values,
    fromError: errorOf('from'),
    toError: errorOf('to'),
    agreements: agreements.map((a) => ({ value: a.id, label: `${a.reference}: ${a.title}`, selected: a.id === values.agreementId })),
    outcomes: Object.entries(OUTCOMES).map(([value, label]) => ({ value, label, selected: value === values.outcome })),
    flagged: [
      { value: '', label: 'Any', id: 'flagged', checked: values.flagged === '' },
      { value: 'yes', label: 'Flagged', id: 'flagged-yes', checked: values.flagged === 'yes' },
      { value: 'no', label: 'Not flagged', id: 'flagged-no', checked: values.flagged === 'no' },
    ],
  };
}
