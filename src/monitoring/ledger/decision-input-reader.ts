import { arrayUnique, isInt, isUUID, length as isLength, max, maxLength, min } from 'class-validator';
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
    if (!(key in FIELDS)) problems.push({ field: fieldName(key), rule: 'knownField', message: 'is not a field of SharingDecisionInput' });
  }
  for (const [field, rule] of FIELD_RULES) {
    const read = readField(field, rule, given[field], problems);
    if (read !== undefined) input[field] = read;
  }
  return { input: problems.length === 0 ? (input as unknown as SharingDecisionInput) : null, problems };
}

const FIELD_RULES = Object.entries(FIELDS) as [string, FieldRule][];

/** Each enum's values, for a lookup: what class-validator's isEnum answers, without listing them on every call. */
const ENUM_VALUES = new Map<Record<string, string>, Set<unknown>>();

function isEnumValue(value: unknown, values: Record<string, string>): boolean {
  let known = ENUM_VALUES.get(values);
  if (!known) ENUM_VALUES.set(values, (known = new Set(Object.values(values))));
  return known.has(value);
}

function readField(field: string, rule: FieldRule, raw: unknown, problems: FieldProblem[]): unknown {
  const problem = (name: string, message: string) => {
    problems.push({ field, rule: name, message });
    return undefined;
  };
  const absent = raw === undefined || raw === null;
  switch (rule.kind) {
    case 'text': {
      if (absent) return rule.required ? problem('isString', 'is required') : raw;
      if (typeof raw !== 'string') return problem('type', 'must be a string');
      if (!storable(field, raw, problems)) return undefined;
      const text = rule.trim ? raw.trim() : raw;
      if (rule.min > 0 && !isLength(text, rule.min, rule.max)) return problem('isLength', `must be ${rule.min} to ${rule.max} characters long`);
      if (rule.min === 0 && !maxLength(text, rule.max)) return problem('maxLength', `must be at most ${rule.max} characters long`);
      return text;
    }
    case 'id': {
      if (absent) return rule.required ? problem('isUuid', `is required: ${rule.what} (UUID)`) : raw;
      if (typeof raw !== 'string') return problem('type', 'must be a string');
      return isUUID(raw, 'all') ? raw : problem('isUuid', `must be ${rule.what} (UUID)`);
    }
    case 'date': {
      if (absent) return problem('isDate', 'is required');
      try {
        return parseDateTime(raw);
      } catch (error) {
        return problem('isDate', (error as Error).message);
      }
    }
    case 'enum': {
      if (absent) return rule.required ? problem('isEnum', `is required: one of ${Object.values(rule.values).join(', ')}`) : raw;
      return isEnumValue(raw, rule.values) ? raw : problem('isEnum', `must be one of ${Object.values(rule.values).join(', ')}`);
    }
    case 'list': {
      if (raw === undefined) return [];
      if (!Array.isArray(raw)) return problem('type', 'must be a list');
      let ok = true;
      const refuse = (name: string, message: string) => {
        problem(name, message);
        ok = false;
      };
      for (let i = 0; i < raw.length; i += 1) {
        const item: unknown = raw[i];
        if (rule.items === 'text') {
          if (typeof item !== 'string') refuse('type', `item ${i + 1} must be a string`);
          else if (!storable(`${field}[${i}]`, item, problems)) ok = false;
          else if (!isLength(item, 1, ITEM_LENGTH)) refuse('isLength', `item ${i + 1} must be 1 to ${ITEM_LENGTH} characters long`);
        } else if (!isEnumValue(item, rule.items)) {
          refuse('isEnum', `item ${i + 1} must be one of ${Object.values(rule.items).join(', ')}`);
        }
      }
      if (rule.maxItems !== undefined && raw.length > rule.maxItems) refuse('arrayMaxSize', `must hold at most ${rule.maxItems} items`);
      if (!arrayUnique(raw)) refuse('arrayUnique', 'must not repeat an item');
      return ok ? raw : undefined;
    }
    case 'boolean': {
      if (raw === undefined) return REQUIRED_BOOLEANS.has(field) ? problem('isBoolean', 'is required: true or false') : rule.fallback;
      return typeof raw === 'boolean' ? raw : problem('isBoolean', 'must be true or false');
    }
    case 'count': {
      if (raw === undefined) return 1;
      if (!isInt(raw)) return problem('isInt', 'must be a whole number');
      if (!min(raw, 0)) return problem('min', 'must not be less than 0');
      return max(raw, 100_000_000) ? raw : problem('max', 'must not be more than 100000000');
    }
    case 'keyQuestions': {
      if (raw === undefined || raw === null) return raw;
      if (typeof raw !== 'object' || Array.isArray(raw)) return problem('type', 'must be an object of q1 to q7');
      const answers = new KeyQuestionsInput() as unknown as Record<string, unknown>;
      let ok = true;
      for (const [question, answer] of Object.entries(raw as Record<string, unknown>)) {
        const name = `${field}.${fieldName(question)}`;
        if (!(KEY_QUESTIONS as readonly string[]).includes(question)) {
          ok = false;
          problems.push({ field: name, rule: 'knownField', message: 'is not one of q1 to q7' });
        } else if (answer !== undefined && answer !== null && !isEnumValue(answer, KeyQuestionAnswer)) {
          ok = false;
          problems.push({ field: name, rule: 'isEnum', message: `must be one of ${Object.values(KeyQuestionAnswer).join(', ')}` });
        } else if (answer !== undefined) answers[question] = answer;
      }
      return ok ? answers : undefined;
    }
  }
}

function storable(field: string, text: string, problems: FieldProblem[]): boolean {
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
