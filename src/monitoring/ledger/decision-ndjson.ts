import type { FieldProblem } from '../../common/errors/domain-error.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { readDecisionInput } from './decision-input-reader.js';
import { MAX_LISTED_PROBLEMS, type RowLabel } from './sharing-decisions.service.js';

export interface ParsedNdjson {
  inputs: SharingDecisionInput[];
  /** `line 7`: the file's own line numbers (blank lines are skipped but counted). */
  label: RowLabel;
  problems: FieldProblem[];
}

/**
 * Reads newline-delimited JSON: one SharingDecisionInput object per line, as GraphQL would take
 * it. Every problem is named by line and field (`line 7.consentStatus`); reading stops after
 * MAX_LISTED_PROBLEMS of them.
 */
export function parseDecisionNdjson(text: string, maxDecisions: number): ParsedNdjson {
  const inputs: SharingDecisionInput[] = [];
  const lineNumbers: number[] = [];
  const problems: FieldProblem[] = [];
  const label: RowLabel = (index) => `line ${lineNumbers[index]}`;
  let lineNumber = 0;
  let decisions = 0;
  for (let start = 0; start < text.length && problems.length < MAX_LISTED_PROBLEMS; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    lineNumber += 1;
    if (line.trim() === '') continue;
    decisions += 1;
    if (decisions > maxDecisions) {
      problems.push({ field: 'body', rule: 'maxBatch', message: `body: at most ${maxDecisions} decisions in one call` });
      break;
    }
    const at = `line ${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ field: at, rule: 'json', message: `${at}: ${(error as Error).message}` });
      continue;
    }
    const { input, problems: own } = readDecisionInput(value);
    for (const p of own) problems.push({ field: `${at}.${p.field}`, rule: p.rule, message: `${at}: ${p.field} ${p.message}` });
    if (input) {
      inputs.push(input);
      lineNumbers.push(lineNumber);
    }
  }
  if (problems.length === 0 && decisions === 0) problems.push({ field: 'body', rule: 'notEmpty', message: 'body: give at least one decision, one JSON object per line' });
  return { inputs, label, problems };
}
