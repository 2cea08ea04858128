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
    text += (text.length === 1 ? '' : ',') + key + canonicalJson(value);
  }
  return hash('sha256', `${text}}`, 'hex');
}
