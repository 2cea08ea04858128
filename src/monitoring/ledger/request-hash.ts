import { hash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { DECISION_INPUT_FIELDS } from './decision-input-reader.js';

/** The input's fields in canonicalJson's (sorted) order, each with its key already written as JSON. */
const KEYS = [...DECISION_INPUT_FIELDS].sort().map((field) => [field, `${JSON.stringify(field)}:`] as const);

/**
 * What a client key stands for: SHA-256 of canonicalJson of the decision as given, its case
 * reference replaced by the reference's keyed hash. Written out over the known fields, in order,
 * rather than sorting each decision's keys again (a bulk batch hashes every decision); an input
 * holds no other fields (GraphQL, the CSV reader and the NDJSON reader all refuse them).
 */
export function requestHash(input: SharingDecisionInput, caseReferenceHash: string | null): string {
  let text = '{';
  for (const [field, key] of KEYS) {
    const value = field === 'caseReference' ? caseReferenceHash : input[field];
    if (value === undefined) continue;
    text += (text.length === 1 ? '' : ',') + key + canonicalValue(value);
  }
  return hash('sha256', `${text}}`, 'hex');
}

/** What JSON.stringify would escape in a string: quotes, backslashes, control characters and (lone) surrogates. */
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * canonicalJson of one field's value, written directly where that is what JSON.stringify would
 * write (text with nothing to escape, a date's toJSON), which costs a fraction of asking it; an
 * object (keyQuestions) by canonicalJson itself.
 */
function canonicalValue(value: unknown): string {
  if (typeof value === 'string') return ESCAPED_IN_JSON.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : `"${value.toISOString()}"`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalValue(value[i] ?? null);
    return `${out}]`;
  }
  return canonicalJson(value);
}
