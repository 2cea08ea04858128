import { FindingSeverity } from '../../agreement.enums.js';
import type { ComplianceInput, Finding } from '../compliance-input.js';

export interface ComplianceRule {
  /** Every finding the rule returns carries this code. */
  readonly code: string;
  check(input: ComplianceInput): Finding[];
}

export interface Report {
  blocker(field: string | null, message: string, reference: string): Finding;
  warning(field: string | null, message: string, reference: string): Finding;
}

/** A rule whose findings all carry its code; `report` makes a BLOCKER or a WARNING finding. */
export function rule(code: string, check: (input: ComplianceInput, report: Report) => Finding[]): ComplianceRule {
  const make = (severity: FindingSeverity) => (field: string | null, message: string, reference: string): Finding => ({
    code,
    severity,
    message,
    reference,
    field,
  });
  const report: Report = { blocker: make(FindingSeverity.BLOCKER), warning: make(FindingSeverity.WARNING) };
  return { code, check: (input) => check(input, report) };
}
