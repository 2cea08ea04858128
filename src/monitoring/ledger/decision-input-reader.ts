import { isInt, isUUID, length as isLength, max, min } from 'class-validator';
import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import { parseDateTime } from '../../common/scalars/date-time.scalar.js';
import { unstorableText } from '../../common/validation/storable-text.pipe.js';
import { KeyQuestionsInput, SharingDecisionInput } from '../dto/sharing-decision.input.js';
import {
  AdviceSource,
  CapacityConsentBy,
  ConsentStatus,
  DecisionOutcome,
  KeyQuestionAnswer,
  NotInformedReason,
  NotSharedReason,
} from '../monitoring.enums.js';


/** What one field accepts: its JSON type, then the rules of SharingDecisionInput's decorators, with their names. */
type FieldRule =
  | { kind: 'text'; required: boolean; trim: boolean; min: number; max: number }
  | { kind: 'id'; required: boolean; what: string }
  | { kind: 'date' }
  | { kind: 'enum'; required: boolean; values: Record<string, string> }
  | { kind: 'list'; items: 'text' | Record<string, string>; maxItems?: number }
  | { kind: 'boolean'; fallback: boolean }
  | { kind: 'count' }
  | { kind: 'keyQuestions' };

const ITEM_LENGTH = 300;

/**
 * SharingDecisionInput's fields and rules, as its class-validator decorators and GraphQL types
 * state them (a test holds the two to the same answers). Rule names are class-validator's, so an
 * error names the same rule whichever way the decision came.
 */
const FIELDS: Record<keyof SharingDecisionInput, FieldRule> = {
  clientKey: { kind: 'text', required: true, trim: true, min: 1, max: 200 },
  agreementId: { kind: 'id', required: false, what: 'an agreement id' },
  flowId: { kind: 'id', required: false, what: 'a flow id' },
  requestingOrganisationId: { kind: 'id', required: true, what: 'an organisation id' },
  disclosingOrganisationId: { kind: 'id', required: true, what: 'an organisation id' },
  requestedAt: { kind: 'date' },
  decidedAt: { kind: 'date' },
  purposeType: { kind: 'enum', required: true, values: PurposeType },
  purpose: { kind: 'text', required: false, trim: true, min: 0, max: 500 },
  outcome: { kind: 'enum', required: true, values: DecisionOutcome },
  notSharedReason: { kind: 'enum', required: false, values: NotSharedReason },
  dataItemsShared: { kind: 'list', items: 'text', maxItems: 100 },
  dataItemsWithheld: { kind: 'list', items: 'text', maxItems: 100 },
  includesSpecialCategory: { kind: 'boolean', fallback: false },
  recordCount: { kind: 'count' },
  article6Basis: { kind: 'enum', required: false, values: Article6Basis },
  article9Condition: { kind: 'enum', required: false, values: Article9Condition },
  commonLawBasis: { kind: 'enum', required: false, values: CommonLawBasis },
  consentStatus: { kind: 'enum', required: true, values: ConsentStatus },
  capacityConsentBy: { kind: 'enum', required: false, values: CapacityConsentBy },
  publicInterestOverride: { kind: 'boolean', fallback: false },
  overrideAuthorisedBy: { kind: 'text', required: false, trim: true, min: 0, max: 300 },
  overrideReason: { kind: 'text', required: false, trim: true, min: 0, max: 5000 },
  adviceSought: { kind: 'list', items: AdviceSource },
  transferMethod: { kind: 'enum', required: false, values: TransferMethod },
  personInformed: { kind: 'boolean', fallback: false },
  notInformedReason: { kind: 'enum', required: false, values: NotInformedReason },
  caseReference: { kind: 'text', required: false, trim: false, min: 1, max: 100 },
  keyQuestions: { kind: 'keyQuestions' },
};

/** personInformed has no default in the API: leaving it out is an error, unlike the other booleans. */
const REQUIRED_BOOLEANS = new Set<string>(['personInformed']);
/** The fields of KeyQuestionsInput, in order. */
export const KEY_QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'] as const;

/**
 * Reads one decision given as plain JSON (a line of the bulk NDJSON ingest, a row of a CSV import) into the
 * SharingDecisionInput the GraphQL API would have built from it: the same types, defaults,
 * trimming and rules, and text PostgreSQL could not store refused as StorableTextPipe refuses it;
 * unknown fields are refused, as GraphQL refuses them. Written out by hand because the generic
 * path (class-transformer, then class-validator walking its metadata) costs more per decision than
 * storing it; the rules themselves are class-validator's own functions (for an enum, a lookup of
 * the same values). A problem's `message` is the rule's text alone ("must be one of …"): the
 * caller places it after the line or row and field.
 */
export function readDecisionInput(value: unknown): { input: SharingDecisionInput | null; problems: FieldProblem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { input: null, problems: [{ field: 'decision', rule: 'type', message: 'must be a JSON object of SharingDecisionInput fields' }] };
  }
  const given = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const input = new SharingDecisionInput() as unknown as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_FIELDS.has(key)) problems.push({ field: fieldName(key), rule: 'knownField', message: 'is not a field of SharingDecisionInput' });
  }
  for (const [field, rule] of FIELD_RULES) {
    const read = readField(field, rule, given[field], problems);
    if (read !== undefined) input[field] = read;
  }
  return { input: problems.length === 0 ? (input as unknown as SharingDecisionInput) : null, problems };
}

const FIELD_RULES = Object.entries(FIELDS) as [string, FieldRule][];
/** The field names, as a set: `in FIELDS` would let `__proto__`, `constructor` and `toString` through. */
const KNOWN_FIELDS = new Set<string>(Object.keys(FIELDS));

/** Each enum's values, for a lookup: what class-validator's isEnum answers, without listing them on every call. */
const ENUM_VALUES = new Map<Record<string, string>, Set<unknown>>();

function isEnumValue(value: unknown, values: Record<string, string>): boolean {
  let known = ENUM_VALUES.get(values);
  if (!known) ENUM_VALUES.set(values, (known = new Set(Object.values(values))));
  return known.has(value);
}

/** Records a problem with `field`; undefined, for the field's value. */
function refuse(problems: FieldProblem[], field: string, rule: string, message: string): undefined {
  problems.push({ field, rule, message });
  return undefined;
}

function readField(field: string, rule: FieldRule, raw: unknown, problems: FieldProblem[]): unknown {
  const absent = raw === undefined || raw === null;
  switch (rule.kind) {
    case 'text': {
      if (absent) return rule.required ? refuse(problems, field, 'isString', 'is required') : raw;
      if (typeof raw !== 'string') return refuse(problems, field, 'type', 'must be a string');
      if (!storable(field, raw, problems)) return undefined;
      const text = rule.trim ? raw.trim() : raw;
      if (rule.min > 0 && !hasLength(text, rule.min, rule.max)) return refuse(problems, field, 'isLength', `must be ${rule.min} to ${rule.max} characters long`);
      if (rule.min === 0 && !hasLength(text, 0, rule.max)) return refuse(problems, field, 'maxLength', `must be at most ${rule.max} characters long`);
      return text;
    }
    case 'id': {
      if (absent) return rule.required ? refuse(problems, field, 'isUuid', `is required: ${rule.what} (UUID)`) : raw;
      if (typeof raw !== 'string') return refuse(problems, field, 'type', 'must be a string');
      return isUUID(raw, 'all') ? raw : refuse(problems, field, 'isUuid', `must be ${rule.what} (UUID)`);
    }
    case 'date': {
      if (absent) return refuse(problems, field, 'isDate', 'is required');
      try {
        return parseDateTime(raw);
      } catch (error) {
        return refuse(problems, field, 'isDate', (error as Error).message);
      }
    }
    case 'enum': {
      if (absent) return rule.required ? refuse(problems, field, 'isEnum', `is required: one of ${Object.values(rule.values).join(', ')}`) : raw;
      return isEnumValue(raw, rule.values) ? raw : refuse(problems, field, 'isEnum', `must be one of ${Object.values(rule.values).join(', ')}`);
    }
    case 'list':
      return readList(field, rule, raw, problems);
    case 'boolean': {
      if (raw === undefined) return REQUIRED_BOOLEANS.has(field) ? refuse(problems, field, 'isBoolean', 'is required: true or false') : rule.fallback;
      return typeof raw === 'boolean' ? raw : refuse(problems, field, 'isBoolean', 'must be true or false');
    }
    case 'count': {
      if (raw === undefined) return 1;
      if (!isInt(raw)) return refuse(problems, field, 'isInt', 'must be a whole number');
      if (!min(raw, 0)) return refuse(problems, field, 'min', 'must not be less than 0');
      return max(raw, 100_000_000) ? raw : refuse(problems, field, 'max', 'must not be more than 100000000');
    }
    case 'keyQuestions':
      return readKeyQuestions(field, raw, problems);
  }
}

function readList(field: string, rule: Extract<FieldRule, { kind: 'list' }>, raw: unknown, problems: FieldProblem[]): unknown {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return refuse(problems, field, 'type', 'must be a list');
  const before = problems.length;
  for (let i = 0; i < raw.length; i += 1) {
    const item: unknown = raw[i];
    if (rule.items === 'text') {
      if (typeof item !== 'string') refuse(problems, field, 'type', `item ${i + 1} must be a string`);
      else if (storable(`${field}[${i}]`, item, problems) && !hasLength(item, 1, ITEM_LENGTH)) {
        refuse(problems, field, 'isLength', `item ${i + 1} must be 1 to ${ITEM_LENGTH} characters long`);
      }
    } else if (!isEnumValue(item, rule.items)) {
      refuse(problems, field, 'isEnum', `item ${i + 1} must be one of ${Object.values(rule.items).join(', ')}`);
    }
  }
  if (rule.maxItems !== undefined && raw.length > rule.maxItems) refuse(problems, field, 'arrayMaxSize', `must hold at most ${rule.maxItems} items`);
  if (!isUnique(raw)) refuse(problems, field, 'arrayUnique', 'must not repeat an item');
  return problems.length === before ? raw : undefined;
}

function readKeyQuestions(field: string, raw: unknown, problems: FieldProblem[]): unknown {
  if (raw === undefined || raw === null) return raw;
  if (typeof raw !== 'object' || Array.isArray(raw)) return refuse(problems, field, 'type', 'must be an object of q1 to q7');
  const answers = new KeyQuestionsInput() as unknown as Record<string, unknown>;
  const before = problems.length;
  for (const [question, answer] of Object.entries(raw as Record<string, unknown>)) {
    const name = `${field}.${fieldName(question)}`;
    if (!(KEY_QUESTIONS as readonly string[]).includes(question)) refuse(problems, name, 'knownField', 'is not one of q1 to q7');
    else if (answer !== undefined && answer !== null && !isEnumValue(answer, KeyQuestionAnswer)) {
      refuse(problems, name, 'isEnum', `must be one of ${Object.values(KeyQuestionAnswer).join(', ')}`);
    } else if (answer !== undefined) answers[question] = answer;
  }
  return problems.length === before ? answers : undefined;
}

/** What would make validator's isLength count a string shorter than its UTF-16 length: surrogate pairs, emoji presentation selectors. */
const COUNTED_SHORTER = /[\uD800-\uDFFF\uFE0E\uFE0F]/;

/**
 * class-validator's `length(text, min, max)`, the same answers. Its count (validator's isLength)
 * is never more than the UTF-16 length and equals it unless COUNTED_SHORTER matches; so most text
 * is judged on its length alone, without isLength's two regular-expression matches.
 */
function hasLength(text: string, least: number, most: number): boolean {
  if (text.length <= most && (least === 0 || (text.length >= least && !COUNTED_SHORTER.test(text)))) return true;
  return isLength(text, least, most);
}

/** class-validator's arrayUnique (every item first found where it is), without the copy it filters. */
function isUnique(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i += 1) if (items.indexOf(items[i]) !== i) return false;
  return true;
}

/** Text PostgreSQL can store: the common case (no NUL, no surrogate at all) in one scan, the rest by unstorableText. */
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

function storable(field: string, text: string, problems: FieldProblem[]): boolean {
  if (!MAYBE_UNSTORABLE.test(text)) return true;
  const problem = unstorableText(text);
  if (problem) problems.push({ field, ...problem });
  return !problem;
}

/** A field name from the input, as an error may quote it: printable, and short. */
function fieldName(key: string): string {
  return unstorableText(key) ? '(a field name that cannot be stored)' : key.slice(0, 60);
}

/** Every field of SharingDecisionInput. */
export const DECISION_INPUT_FIELDS = Object.keys(FIELDS) as (keyof SharingDecisionInput)[];
