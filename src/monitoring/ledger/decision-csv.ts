import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import { flattenValidationErrors } from '../../common/errors/validation-exception.factory.js';
import { parseDateTime } from '../../common/scalars/date-time.scalar.js';
import { KeyQuestionsInput, SharingDecisionInput } from '../dto/sharing-decision.input.js';

/** Columns that hold lists: items separated by `|`. */
const LIST_COLUMNS = new Set(['dataItemsShared', 'dataItemsWithheld', 'adviceSought']);
const BOOLEAN_COLUMNS = new Set(['includesSpecialCategory', 'publicInterestOverride', 'personInformed']);
const INTEGER_COLUMNS = new Set(['recordCount']);
const KEY_QUESTION_COLUMNS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'];
const KNOWN_COLUMNS = new Set([
  'clientKey', 'agreementId', 'flowId', 'requestingOrganisationId', 'disclosingOrganisationId', 'requestedAt', 'decidedAt',
  'purposeType', 'purpose', 'outcome', 'notSharedReason', 'dataItemsShared', 'dataItemsWithheld', 'includesSpecialCategory',
  'recordCount', 'article6Basis', 'article9Condition', 'commonLawBasis', 'consentStatus', 'capacityConsentBy',
  'publicInterestOverride', 'overrideAuthorisedBy', 'overrideReason', 'adviceSought', 'transferMethod', 'personInformed',
  'notInformedReason', 'caseReference', ...KEY_QUESTION_COLUMNS,
]);

/** Read as the API's DateTime: ISO 8601 with a time zone, years 1900 to 2999. */
const DATE_COLUMNS = new Set(['requestedAt', 'decidedAt']);

export const rowLabel = (index: number) => `row ${index + 1}`;

/**
 * Reads a CSV of decisions: a header row of the GraphQL input's field names (q1-q7 for the key
 * questions), lists separated by `|`, empty cells for nothing. Every problem is reported by row
 * number (the first data row is row 1) and field, before anything is written.
 */
export function parseDecisionCsv(csv: string): { inputs: SharingDecisionInput[]; problems: FieldProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (error) {
    return { inputs: [], problems: [{ field: 'csv', rule: 'csvSyntax', message: `csv: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { inputs: [], problems: [{ field: 'csv', rule: 'notEmpty', message: 'csv: a header row and at least one decision' }] };
  const unknown = Object.keys(records[0]).filter((column) => !KNOWN_COLUMNS.has(column));
  if (unknown.length > 0) return { inputs: [], problems: [{ field: 'csv', rule: 'knownColumns', message: `csv: unknown columns ${unknown.join(', ')}` }] };

  const problems: FieldProblem[] = [];
  const inputs = records.map((record, index) => {
    const plain: Record<string, unknown> = { dataItemsShared: [], dataItemsWithheld: [], adviceSought: [], includesSpecialCategory: false, publicInterestOverride: false, recordCount: 1 };
    const keyQuestions: Record<string, string> = {};
    const badDates = new Set<string>();
    for (const [column, raw] of Object.entries(record)) {
      if (raw === '') continue;
      if (KEY_QUESTION_COLUMNS.includes(column)) keyQuestions[column] = raw;
      else if (DATE_COLUMNS.has(column)) {
        // Read as the GraphQL DateTime reads its input, not as `new Date(text)` does (which takes "1 Jan 1970" or the year -271821).
        try {
          plain[column] = parseDateTime(raw);
        } catch (error) {
          badDates.add(column);
          problems.push({ field: `${rowLabel(index)}.${column}`, rule: 'isDate', message: `${rowLabel(index)}, ${column}: ${(error as Error).message}` });
        }
      }
      else if (LIST_COLUMNS.has(column)) plain[column] = raw.split('|').map((item) => item.trim()).filter(Boolean);
      else if (BOOLEAN_COLUMNS.has(column)) plain[column] = parseBoolean(raw);
      else if (INTEGER_COLUMNS.has(column)) plain[column] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
      else plain[column] = raw;
    }
    if (Object.keys(keyQuestions).length > 0) plain.keyQuestions = keyQuestions;
    const input = plainToInstance(SharingDecisionInput, plain);
    if (input.keyQuestions) input.keyQuestions = plainToInstance(KeyQuestionsInput, input.keyQuestions);
    for (const problem of flattenValidationErrors(validateSync(input, { whitelist: true }))) {
      if (badDates.has(problem.field)) continue; // named above
      problems.push({ field: `${rowLabel(index)}.${problem.field}`, rule: problem.rule, message: `${rowLabel(index)}, ${problem.field}: ${problem.message}` });
    }
    return input;
  });
  return { inputs, problems };
}

function parseBoolean(raw: string): boolean | string {
  const value = raw.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(value)) return true;
  if (['false', 'no', 'n', '0'].includes(value)) return false;
  return raw; // left for the validator to name
}
