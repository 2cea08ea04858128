import type { FieldProblem } from '../../common/errors/domain-error.js';
import { SigningRole } from '../../agreements/agreement.enums.js';
import { dateFromParts, datePartsOf, textOf } from '../form-input.js';
import { anchorOf, fieldView, type FieldSpec, type FieldView, type FormState } from './agreement-form.js';
import { SIGNING_ROLE_LABELS } from './agreement-labels.js';

/**
 * The form that records a draft as an agreement signed on paper: the original's reference, its
 * dates and, for each party, who signed it and when. Reading it gives the plain values of
 * RecordSignedAgreementInput's own fields; every rule is the input class's and the service's, and
 * their problems are placed beside the field they name. Pure.
 */

/** A party of the draft, as the form asks about it. */
export interface RecordParty {
  organisationId: string;
  organisationName: string;
}

const SIGNING_ROLE_CHOICES = Object.values(SigningRole).map((value) => ({ value, label: SIGNING_ROLE_LABELS[value] }));

export const ORIGINAL_REFERENCE: FieldSpec = {
  id: 'originalReference',
  kind: 'text',
  label: 'Reference on the signed original',
  hint: 'The reference the paper agreement carries, for example NGH-IG-ISP-2024-017. Accordant keeps it beside its own reference.',
  width: 20,
};
export const IN_FORCE_FROM: FieldSpec = { id: 'inForceFrom', kind: 'date', label: 'Date it came into force', hint: 'Today at the latest. For example, 1 4 2024' };
export const NEXT_REVIEW: FieldSpec = { id: 'nextReviewDate', kind: 'date', label: 'Date of its next review', hint: 'After the date it came into force. For example, 31 3 2027' };

/** The questions about one party's signature. */
export function partySpecs(i: number): { signerName: FieldSpec; signerJobTitle: FieldSpec; signedAs: FieldSpec; signedOn: FieldSpec } {
  const id = (name: string) => `party-${i}-${name}`;
  return {
    signerName: { id: id('signerName'), kind: 'text', label: 'Full name of the person who signed', width: 20 },
    signerJobTitle: { id: id('signerJobTitle'), kind: 'text', label: 'Their job title when they signed', width: 20 },
    signedAs: { id: id('signedAs'), kind: 'radios', label: 'The role they signed in', choices: SIGNING_ROLE_CHOICES, small: true },
    signedOn: { id: id('signedOn'), kind: 'date', label: 'Date they signed', hint: `On or before the date it came into force. For example, 10 3 2024` },
  };
}

/** What a person reads for each field the service or the input class may name, and where the summary links. */
function fieldsOf(parties: readonly RecordParty[]): Map<string, { spec: FieldSpec | null; label: string; anchor: string }> {
  const map = new Map<string, { spec: FieldSpec | null; label: string; anchor: string }>();
  map.set('originalReference', { spec: ORIGINAL_REFERENCE, label: 'The reference on the signed original', anchor: anchorOf(ORIGINAL_REFERENCE) });
  map.set('inForceFrom', { spec: IN_FORCE_FROM, label: 'The date it came into force', anchor: anchorOf(IN_FORCE_FROM) });
  map.set('nextReviewDate', { spec: NEXT_REVIEW, label: 'The review date', anchor: anchorOf(NEXT_REVIEW) });
  map.set('originalId', { spec: null, label: 'The scanned signed original', anchor: 'original' });
  map.set('file', { spec: null, label: 'The scanned signed original', anchor: 'original' });
  parties.forEach((party, i) => {
    const specs = partySpecs(i);
    const of = (what: string) => `${what} for ${party.organisationName}`;
    map.set(`parties[${i}].organisationId`, { spec: null, label: party.organisationName, anchor: `party-${i}` });
    map.set(`parties[${i}].role`, { spec: null, label: party.organisationName, anchor: `party-${i}` });
    map.set(`parties[${i}].signerName`, { spec: specs.signerName, label: of('The name of who signed'), anchor: anchorOf(specs.signerName) });
    map.set(`parties[${i}].signerJobTitle`, { spec: specs.signerJobTitle, label: of('The job title of who signed'), anchor: anchorOf(specs.signerJobTitle) });
    map.set(`parties[${i}].signedAs`, { spec: specs.signedAs, label: of('The role they signed in'), anchor: anchorOf(specs.signedAs) });
    map.set(`parties[${i}].signedOn`, { spec: specs.signedOn, label: of('The date they signed'), anchor: anchorOf(specs.signedOn) });
  });
  return map;
}

/** The record's fields as RecordSignedAgreementInput names them, read from the form, and what is wrong with how they were typed. */
export function readRecordForm(form: FormState, parties: readonly RecordParty[]): { values: Record<string, unknown>; parties: Record<string, unknown>[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (name: string) => textOf(form[name]).trim();
  const required = (field: string, value: string, message: string) => {
    if (value === '') problems.push({ field, rule: 'required', message });
    return value;
  };
  const date = (field: string, name: string, missing: string): string | undefined => {
    const read = dateFromParts(field, datePartsOf(form, name));
    if (read.problem) problems.push(read.problem);
    else if (read.value === null) problems.push({ field, rule: 'required', message: missing });
    return read.value ?? undefined;
  };
  const values = {
    originalReference: required('originalReference', text('originalReference'), 'Enter the reference on the signed original'),
    inForceFrom: date('inForceFrom', 'inForceFrom', 'Enter the date it came into force'),
    nextReviewDate: date('nextReviewDate', 'nextReviewDate', 'Enter the date of its next review'),
  };
  const readParties = parties.map((party, i) => {
    const ids = partySpecs(i);
    const field = (name: string) => `parties[${i}].${name}`;
    const signedAs = text(ids.signedAs.id);
    return {
      signerName: required(field('signerName'), text(ids.signerName.id), `Enter the full name of who signed for ${party.organisationName}`),
      signerJobTitle: required(field('signerJobTitle'), text(ids.signerJobTitle.id), `Enter the job title of who signed for ${party.organisationName}`),
      signedAs: required(field('signedAs'), signedAs, `Select the role in which they signed for ${party.organisationName}`) || undefined,
      signedOn: date(field('signedOn'), ids.signedOn.id, `Enter the date they signed for ${party.organisationName}`),
    };
  });
  return { values, parties: readParties, problems };
}

/** `parties.1.signedOn` (class-validator's path) as `parties[1].signedOn` (the service's). */
export const normalisedField = (field: string) => field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

export interface PlacedProblems {
  /** Beside each input, by the id the summary links to. */
  errors: Map<string, string>;
  summary: { href: string | null; text: string }[];
}

/**
 * Problems placed on the form, each once, in words: beside the field named and in the summary
 * linking to it. A problem with a section of the agreement (its content) links to the draft's
 * overview, where its findings are.
 */
export function placeRecordProblems(problems: readonly FieldProblem[], parties: readonly RecordParty[], overviewHref: string): PlacedProblems {
  const fields = fieldsOf(parties);
  const errors = new Map<string, string>();
  const summary: PlacedProblems['summary'] = [];
  for (const problem of problems) {
    const path = normalisedField(problem.field);
    const field = fields.get(path);
    const text = datesInWords(field ? inWords(problem.message, path, field.label) : `${sectionOf(path)}${upperFirst(problem.message.replace(/^[\w.[\]]+: /, ''))}`);
    const anchor = field?.anchor ?? null;
    if (anchor && errors.has(anchor)) continue;
    if (anchor) errors.set(anchor, text);
    summary.push({ href: anchor ? `#${anchor}` : path.startsWith('content.') ? overviewHref : null, text });
  }
  return { errors, summary };
}

/** A message about a field, read with its label: `signerName must be …` and `must be …` read `The name of who signed for X must be …`. */
function inWords(message: string, path: string, label: string): string {
  const property = path.split(/[.[\]]/).filter(Boolean).at(-1) ?? '';
  const bare = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  if (bare.startsWith(`${property} `)) return `${label}${bare.slice(property.length)}`;
  if (/^(must|is|are|cannot|should|has|does not) /.test(bare)) return `${label} ${bare}`;
  if (/^(the|a|an|this|no|send|organisation) /.test(bare)) return label.includes(' for ') ? `For ${label.slice(label.indexOf(' for ') + 5)}: ${bare}` : `${label}: ${bare}`;
  return upperFirst(bare);
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** Dates in a message as people write them: `2024-04-02` as `2 April 2024`. */
export const datesInWords = (text: string) => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => LONG_DATE.format(new Date(`${iso}T00:00:00Z`)));
const sectionOf = (path: string) => (path.startsWith('content.') ? 'In the agreement’s sections: ' : '');

/** The form as the template draws it: the record's questions, then a fieldset per party. */
export function recordFormView(form: FormState, parties: readonly RecordParty[], errors: ReadonlyMap<string, string>) {
  return {
    originalReference: fieldView(ORIGINAL_REFERENCE, form, errors),
    inForceFrom: fieldView(IN_FORCE_FROM, form, errors),
    nextReviewDate: fieldView(NEXT_REVIEW, form, errors),
    parties: parties.map((party, i) => {
      const specs = partySpecs(i);
      const fields: FieldView[] = [specs.signerName, specs.signerJobTitle, specs.signedAs, specs.signedOn].map((spec) => fieldView(spec, form, errors));
      return { id: `party-${i}`, name: party.organisationName, error: errors.get(`party-${i}`), fields };
    }),
  };
}

/** The fields of the form, by name, carried through the check-your-answers page in hidden inputs (nothing else is echoed). */
export function carriedFields(form: FormState, partyCount: number): { name: string; value: string }[] {
  const date = (name: string) => ['day', 'month', 'year'].map((part) => `${name}-${part}`);
  const names = ['originalId', 'originalReference', ...date('inForceFrom'), ...date('nextReviewDate')];
  for (let i = 0; i < partyCount; i++) names.push(`party-${i}-signerName`, `party-${i}-signerJobTitle`, `party-${i}-signedAs`, ...date(`party-${i}-signedOn`));
  return names.map((name) => ({ name, value: textOf(form[name]) }));
}

/** What the record will say, to check before recording, each row changed at its field. */
export function checkAnswersView(
  input: { originalReference: string; inForceFrom: string; nextReviewDate: string; parties: { signerName: string; signerJobTitle: string; signedAs: SigningRole; signedOn: string }[] },
  parties: readonly RecordParty[],
) {
  return {
    originalReference: input.originalReference,
    inForceFrom: input.inForceFrom,
    nextReviewDate: input.nextReviewDate,
    parties: input.parties.map((p, i) => ({
      index: i,
      name: parties[i]?.organisationName ?? '',
      signer: `${p.signerName}, ${p.signerJobTitle}`,
      signedAs: SIGNING_ROLE_LABELS[p.signedAs],
      signedOn: p.signedOn,
    })),
  };
}
