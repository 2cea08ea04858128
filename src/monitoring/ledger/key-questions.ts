import { DecisionOutcome, KeyQuestionAnswer } from '../monitoring.enums.js';

/**
 * The seven key questions of the HM Government information sharing flowchart (seed 001), and
 * the path their answers imply. Pure.
 */
export const KEY_QUESTIONS = [
  { number: 1, text: 'Is there a clear and legitimate purpose for sharing information?' },
  { number: 2, text: 'Does the information enable a living person to be identified?' },
  { number: 3, text: 'Is the information confidential?' },
  { number: 4, text: 'Do you have consent to share?' },
  { number: 5, text: 'Is there sufficient public interest to share the information?' },
  { number: 6, text: 'Are you sharing information appropriately and securely?' },
  { number: 7, text: 'Have you properly recorded your information sharing decision?' },
] as const;

export type QuestionNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type KeyQuestionAnswers = Partial<Record<`q${QuestionNumber}`, KeyQuestionAnswer | null>>;

export interface PathProblem {
  field: string;
  rule: string;
  message: string;
}

const { YES, NO, NOT_SURE } = KeyQuestionAnswer;

/**
 * The questions the flowchart asks, in order, for these answers: 1 → (no: 7) 2 → (not identifiable: 6)
 * 3 → (not confidential: 6) 4 → (consent: 6) 5 → (public interest: 6, else 7); 6 → 7.
 * A NOT_SURE answer is taken as the cautious branch (the one that asks more), after seeking advice.
 */
export function impliedPath(answers: KeyQuestionAnswers): QuestionNumber[] {
  const path: QuestionNumber[] = [1];
  if (answers.q1 === NO) return [...path, 7];
  path.push(2);
  if (answers.q2 === NO) return [...path, 6, 7];
  path.push(3);
  if (answers.q3 === NO) return [...path, 6, 7];
  path.push(4);
  if (answers.q4 === YES) return [...path, 6, 7];
  path.push(5);
  if (answers.q5 === NO) return [...path, 7];
  return [...path, 6, 7];
}

/** Checks the answers follow the flowchart and agree with the outcome recorded. */
export function keyQuestionProblems(answers: KeyQuestionAnswers, outcome: DecisionOutcome, adviceSought: boolean): PathProblem[] {
  const problems: PathProblem[] = [];
  const path = impliedPath(answers);
  const field = (n: number) => `keyQuestions.q${n}`;
  for (const n of [1, 2, 3, 4, 5, 6, 7] as const) {
    const answer = answers[`q${n}`];
    const onPath = path.includes(n);
    // Deciding not to share goes straight to recording it: question 6 is about how to share.
    const optional = n === 6 && outcome === DecisionOutcome.NOT_SHARED;
    if (onPath && !answer && !optional) problems.push({ field: field(n), rule: 'answeredOnPath', message: `question ${n} is on the path these answers take and must be answered` });
    if (!onPath && answer) {
      problems.push({ field: field(n), rule: 'skippedOnPath', message: `question ${n} is not asked on this path (the flowchart goes ${path.join(' → ')})` });
    }
  }
  const shared = outcome !== DecisionOutcome.NOT_SHARED;
  if (shared && answers.q1 === NO) {
    problems.push({ field: field(1), rule: 'purposeBeforeSharing', message: 'with no clear and legitimate purpose the flowchart leads to not sharing' });
  }
  if (shared && path.includes(5) && answers.q5 === NO) {
    problems.push({ field: field(5), rule: 'publicInterestBeforeSharing', message: 'without consent or sufficient public interest the flowchart leads to not sharing' });
  }
  if (shared && answers.q6 === NO) {
    problems.push({ field: field(6), rule: 'shareSecurely', message: 'information was shared although it was not shared appropriately and securely' });
  }
  if (answers.q7 === NO) problems.push({ field: field(7), rule: 'recorded', message: 'the decision is being recorded now: answer YES' });
  if (Object.values(answers).includes(NOT_SURE) && !adviceSought) {
    problems.push({ field: 'adviceSought', rule: 'adviceWhenNotSure', message: 'a "not sure" answer means seeking advice first: say whose advice was sought' });
  }
  return problems;
}
