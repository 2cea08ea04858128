import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { DECISION_INPUT_FIELDS, KEY_QUESTIONS, readDecisionInput } from './decision-input-reader.js';

/** Columns that hold lists: items separated by `|`. */
const LIST_COLUMNS = new Set(['dataItemsShared', 'dataItemsWithheld', 'adviceSought']);
const BOOLEAN_COLUMNS = new Set(['includesSpecialCategory', 'publicInterestOverride', 'personInformed']);
const INTEGER_COLUMNS = new Set(['recordCount']);
const KEY_QUESTION_COLUMNS: readonly string[] = KEY_QUESTIONS;
/** The input's fields, with the key questions as columns of their own. */
const KNOWN_COLUMNS = new Set<string>([...DECISION_INPUT_FIELDS.filter((field) => field !== 'keyQuestions'), ...KEY_QUESTION_COLUMNS]);

export const rowLabel = (index: number) => `row ${index + 1}`;

/**
 * Reads a CSV of decisions: a header row of the GraphQL input's field names (q1-q7 for the key
 * questions), lists separated by `|`, empty cells for nothing; each row is then read as the bulk
 * ingest reads a line (readDecisionInput). Every problem is reported by row number (the first data
 * row is row 1) and field, before anything is written.
 */
export function parseDecisionCsv(csv: string): { inputs: SharingDecisionInput[]; problems: FieldProblem[] } {
  let records: Record<string, string>[];
  // The header as written: a record object drops a `__proto__` column silently, so it is checked here.
  let header: string[] = [];
  try {
    records = parse(csv, { columns: (names: string[]) => (header = names), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (error) {
    return { inputs: [], problems: [{ field: 'csv', rule: 'csvSyntax', message: `csv: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { inputs: [], problems: [{ field: 'csv', rule: 'notEmpty', message: 'csv: a header row and at least one decision' }] };
  const unknown = header.filter((column) => !KNOWN_COLUMNS.has(column));
  if (unknown.length > 0) return { inputs: [], problems: [{ field: 'csv', rule: 'knownColumns', message: `csv: unknown columns ${unknown.join(', ')}` }] };

  const problems: FieldProblem[] = [];
  const inputs: SharingDecisionInput[] = [];
  records.forEach((record, index) => {
    const plain: Record<string, unknown> = {};
    const keyQuestions: Record<string, string> = {};
    for (const [column, raw] of Object.entries(record)) {
      if (raw === '') continue;
      if (KEY_QUESTION_COLUMNS.includes(column)) keyQuestions[column] = raw;
      else if (LIST_COLUMNS.has(column)) plain[column] = raw.split('|').map((item) => item.trim()).filter(Boolean);
      else if (BOOLEAN_COLUMNS.has(column)) plain[column] = parseBoolean(raw);
      else if (INTEGER_COLUMNS.has(column)) plain[column] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
      else plain[column] = raw; // dates too: read as the API's DateTime reads them
    }
    if (Object.keys(keyQuestions).length > 0) plain.keyQuestions = keyQuestions;
    const { input, problems: own } = readDecisionInput(plain);
    for (const p of own) problems.push({ field: `${rowLabel(index)}.${p.field}`, rule: p.rule, message: `${rowLabel(index)}, ${p.field}: ${p.message}` });
    // A row with problems is returned as given, so every row keeps its place; the file is refused by its problems.
    inputs.push(input ?? Object.assign(new SharingDecisionInput(), plain));
  });
  return { inputs, problems };
}

function parseBoolean(raw: string): boolean | string {
  const value = raw.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(value)) return true;
  if (['false', 'no', 'n', '0'].includes(value)) return false;
  return raw; // left for the validator to name
}
