import { DecisionOutcome, KeyQuestionAnswer } from '../monitoring.enums.js';
import { impliedPath, KEY_QUESTIONS, keyQuestionProblems, type KeyQuestionAnswers } from './key-questions.js';

const { YES, NO, NOT_SURE } = KeyQuestionAnswer;
const { SHARED, PARTIALLY_SHARED, NOT_SHARED } = DecisionOutcome;

/** Complete, valid answer sets for each way through the flowchart (seed 001). */
const NO_PURPOSE: KeyQuestionAnswers = { q1: NO, q7: YES };
const NOT_IDENTIFIABLE: KeyQuestionAnswers = { q1: YES, q2: NO, q6: YES, q7: YES };
const NOT_CONFIDENTIAL: KeyQuestionAnswers = { q1: YES, q2: YES, q3: NO, q6: YES, q7: YES };
const CONSENT_GIVEN: KeyQuestionAnswers = { q1: YES, q2: YES, q3: YES, q4: YES, q6: YES, q7: YES };
const PUBLIC_INTEREST: KeyQuestionAnswers = { q1: YES, q2: YES, q3: YES, q4: NO, q5: YES, q6: YES, q7: YES };
const NO_PUBLIC_INTEREST: KeyQuestionAnswers = { q1: YES, q2: YES, q3: YES, q4: NO, q5: NO, q7: YES };

const rules = (answers: KeyQuestionAnswers, outcome: DecisionOutcome, adviceSought = false) =>
  keyQuestionProblems(answers, outcome, adviceSought).map((p) => `${p.field}:${p.rule}`);

describe('KEY_QUESTIONS', () => {
  it('lists the seven questions of the flowchart in order', () => {
    expect(KEY_QUESTIONS.map((q) => q.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(KEY_QUESTIONS[0].text).toBe('Is there a clear and legitimate purpose for sharing information?');
    expect(KEY_QUESTIONS[6].text).toBe('Have you properly recorded your information sharing decision?');
  });
});

describe('impliedPath', () => {
  it('1 no: goes straight to 7 (record the decision not to share)', () => {
    expect(impliedPath({ q1: NO })).toEqual([1, 7]);
  });

  it('2 no (not identifiable): goes to 6 then 7', () => {
    expect(impliedPath({ q1: YES, q2: NO })).toEqual([1, 2, 6, 7]);
  });

  it('3 no (not confidential): goes to 6 then 7', () => {
    expect(impliedPath({ q1: YES, q2: YES, q3: NO })).toEqual([1, 2, 3, 6, 7]);
  });

  it('4 yes (consent): goes to 6 then 7', () => {
    expect(impliedPath({ q1: YES, q2: YES, q3: YES, q4: YES })).toEqual([1, 2, 3, 4, 6, 7]);
  });

  it('4 no, 5 yes (sufficient public interest): goes to 6 then 7', () => {
    expect(impliedPath({ q1: YES, q2: YES, q3: YES, q4: NO, q5: YES })).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('4 no, 5 no (no sufficient public interest): goes to 7 without 6', () => {
    expect(impliedPath({ q1: YES, q2: YES, q3: YES, q4: NO, q5: NO })).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('with no answers at all, asks every question', () => {
    expect(impliedPath({})).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ignores answers to questions after a branch has been taken', () => {
    expect(impliedPath({ q1: NO, q2: YES, q3: YES, q4: YES, q5: YES, q6: YES })).toEqual([1, 7]);
    expect(impliedPath({ q1: YES, q2: NO, q3: YES, q4: NO, q5: NO })).toEqual([1, 2, 6, 7]);
  });

  it('does not depend on the answers to 6 and 7', () => {
    expect(impliedPath({ q1: YES, q2: NO, q6: NO, q7: NO })).toEqual([1, 2, 6, 7]);
  });

  describe('NOT_SURE is taken as the cautious branch', () => {
    it('1 not sure: carries on to 2 rather than stopping', () => {
      expect(impliedPath({ q1: NOT_SURE, q2: NO })).toEqual([1, 2, 6, 7]);
    });

    it('2 not sure: treated as identifiable, so confidentiality is asked', () => {
      expect(impliedPath({ q1: YES, q2: NOT_SURE, q3: NO })).toEqual([1, 2, 3, 6, 7]);
    });

    it('3 not sure: treated as confidential, so consent is asked', () => {
      expect(impliedPath({ q1: YES, q2: YES, q3: NOT_SURE, q4: YES })).toEqual([1, 2, 3, 4, 6, 7]);
    });

    it('4 not sure: treated as no consent, so public interest is asked', () => {
      expect(impliedPath({ q1: YES, q2: YES, q3: YES, q4: NOT_SURE, q5: YES })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('5 not sure: goes on to 6, the branch that asks more', () => {
      expect(impliedPath({ q1: YES, q2: YES, q3: YES, q4: NO, q5: NOT_SURE })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('all not sure: every question is asked', () => {
      expect(impliedPath({ q1: NOT_SURE, q2: NOT_SURE, q3: NOT_SURE, q4: NOT_SURE, q5: NOT_SURE })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });
  });
});

describe('keyQuestionProblems', () => {
  describe('complete valid paths', () => {
    it('no purpose, not shared', () => {
      expect(keyQuestionProblems(NO_PURPOSE, NOT_SHARED, false)).toEqual([]);
    });

    it('not identifiable, shared', () => {
      expect(keyQuestionProblems(NOT_IDENTIFIABLE, SHARED, false)).toEqual([]);
    });

    it('not confidential, shared', () => {
      expect(keyQuestionProblems(NOT_CONFIDENTIAL, SHARED, false)).toEqual([]);
    });

    it('consent given, shared (and partially shared)', () => {
      expect(keyQuestionProblems(CONSENT_GIVEN, SHARED, false)).toEqual([]);
      expect(keyQuestionProblems(CONSENT_GIVEN, PARTIALLY_SHARED, false)).toEqual([]);
    });

    it('sufficient public interest, shared', () => {
      expect(keyQuestionProblems(PUBLIC_INTEREST, SHARED, false)).toEqual([]);
    });

    it('no sufficient public interest, not shared', () => {
      expect(keyQuestionProblems(NO_PUBLIC_INTEREST, NOT_SHARED, false)).toEqual([]);
    });

    it('accepts null for a question the path skips', () => {
      expect(keyQuestionProblems({ ...NO_PURPOSE, q2: null, q6: null }, NOT_SHARED, false)).toEqual([]);
    });
  });

  describe('answeredOnPath', () => {
    it('fires for each question on the path left unanswered', () => {
      const problems = keyQuestionProblems({ q1: YES, q2: YES, q3: YES, q4: YES }, SHARED, false);
      expect(problems).toEqual([
        expect.objectContaining({ field: 'keyQuestions.q6', rule: 'answeredOnPath' }),
        expect.objectContaining({ field: 'keyQuestions.q7', rule: 'answeredOnPath' }),
      ]);
      expect(problems[0].message).toBe('question 6 is on the path these answers take and must be answered');
    });

    it('fires for question 1 when nothing is answered, and for the rest of the default path', () => {
      expect(rules({}, NOT_SHARED)).toEqual([
        'keyQuestions.q1:answeredOnPath',
        'keyQuestions.q2:answeredOnPath',
        'keyQuestions.q3:answeredOnPath',
        'keyQuestions.q4:answeredOnPath',
        'keyQuestions.q5:answeredOnPath',
        'keyQuestions.q7:answeredOnPath',
      ]);
    });

    it('treats null as unanswered', () => {
      expect(rules({ ...NO_PURPOSE, q7: null }, NOT_SHARED)).toEqual(['keyQuestions.q7:answeredOnPath']);
    });

    it('does not fire when every question on the path is answered', () => {
      expect(rules(PUBLIC_INTEREST, SHARED)).not.toContain('keyQuestions.q5:answeredOnPath');
      expect(rules(PUBLIC_INTEREST, SHARED)).toEqual([]);
    });
  });

  describe('skippedOnPath', () => {
    it('fires for an answer to a question the path does not ask, naming the path', () => {
      const problems = keyQuestionProblems({ ...NO_PURPOSE, q3: YES }, NOT_SHARED, false);
      expect(problems).toEqual([
        {
          field: 'keyQuestions.q3',
          rule: 'skippedOnPath',
          message: 'question 3 is not asked on this path (the flowchart goes 1 → 7)',
        },
      ]);
    });

    it('fires for 3, 4 and 5 when the information is not identifiable', () => {
      expect(rules({ ...NOT_IDENTIFIABLE, q3: YES, q4: NO, q5: YES }, SHARED)).toEqual([
        'keyQuestions.q3:skippedOnPath',
        'keyQuestions.q4:skippedOnPath',
        'keyQuestions.q5:skippedOnPath',
      ]);
    });

    it('fires for 5 when consent was given', () => {
      expect(rules({ ...CONSENT_GIVEN, q5: YES }, SHARED)).toEqual(['keyQuestions.q5:skippedOnPath']);
    });

    it('fires for 6 when there is no sufficient public interest', () => {
      expect(rules({ ...NO_PUBLIC_INTEREST, q6: YES }, NOT_SHARED)).toEqual(['keyQuestions.q6:skippedOnPath']);
    });

    it('does not fire for a skipped question left null or out', () => {
      expect(rules({ ...CONSENT_GIVEN, q5: null }, SHARED)).toEqual([]);
    });
  });

  describe('purposeBeforeSharing', () => {
    it('fires when something was shared with no clear and legitimate purpose', () => {
      expect(keyQuestionProblems(NO_PURPOSE, SHARED, false)).toEqual([
        {
          field: 'keyQuestions.q1',
          rule: 'purposeBeforeSharing',
          message: 'with no clear and legitimate purpose the flowchart leads to not sharing',
        },
      ]);
      expect(rules(NO_PURPOSE, PARTIALLY_SHARED)).toEqual(['keyQuestions.q1:purposeBeforeSharing']);
    });

    it('does not fire when nothing was shared, or the purpose was clear', () => {
      expect(rules(NO_PURPOSE, NOT_SHARED)).not.toContain('keyQuestions.q1:purposeBeforeSharing');
      expect(rules(CONSENT_GIVEN, SHARED)).not.toContain('keyQuestions.q1:purposeBeforeSharing');
    });
  });

  describe('publicInterestBeforeSharing', () => {
    it('fires when shared without consent or sufficient public interest', () => {
      expect(keyQuestionProblems(NO_PUBLIC_INTEREST, SHARED, false)).toEqual([
        {
          field: 'keyQuestions.q5',
          rule: 'publicInterestBeforeSharing',
          message: 'without consent or sufficient public interest the flowchart leads to not sharing',
        },
      ]);
      expect(rules(NO_PUBLIC_INTEREST, PARTIALLY_SHARED)).toEqual(['keyQuestions.q5:publicInterestBeforeSharing']);
    });

    it('does not fire when not shared, when the public interest was sufficient, or when 5 is off the path', () => {
      expect(rules(NO_PUBLIC_INTEREST, NOT_SHARED)).toEqual([]);
      expect(rules(PUBLIC_INTEREST, SHARED)).toEqual([]);
      // consent given: 5 is skipped, so a stray NO is a skippedOnPath problem, not this one
      expect(rules({ ...CONSENT_GIVEN, q5: NO }, SHARED)).toEqual(['keyQuestions.q5:skippedOnPath']);
    });
  });

  describe('shareSecurely', () => {
    it('fires when shared although not appropriately and securely', () => {
      expect(keyQuestionProblems({ ...CONSENT_GIVEN, q6: NO }, SHARED, false)).toEqual([
        {
          field: 'keyQuestions.q6',
          rule: 'shareSecurely',
          message: 'information was shared although it was not shared appropriately and securely',
        },
      ]);
      expect(rules({ ...NOT_IDENTIFIABLE, q6: NO }, PARTIALLY_SHARED)).toEqual(['keyQuestions.q6:shareSecurely']);
    });

    it('does not fire when 6 is YES, or when nothing was shared', () => {
      expect(rules(CONSENT_GIVEN, SHARED)).toEqual([]);
      expect(rules({ ...CONSENT_GIVEN, q6: NO }, NOT_SHARED)).toEqual([]);
    });
  });

  describe('recorded', () => {
    it('fires when 7 is answered NO, whatever the outcome', () => {
      expect(keyQuestionProblems({ ...NO_PURPOSE, q7: NO }, NOT_SHARED, false)).toEqual([
        { field: 'keyQuestions.q7', rule: 'recorded', message: 'the decision is being recorded now: answer YES' },
      ]);
      expect(rules({ ...CONSENT_GIVEN, q7: NO }, SHARED)).toEqual(['keyQuestions.q7:recorded']);
    });

    it('does not fire when 7 is YES', () => {
      expect(rules(NO_PURPOSE, NOT_SHARED)).not.toContain('keyQuestions.q7:recorded');
    });
  });

  describe('adviceWhenNotSure', () => {
    const notSure: KeyQuestionAnswers = { q1: YES, q2: YES, q3: NOT_SURE, q4: YES, q6: YES, q7: YES };

    it('fires when any answer is NOT_SURE and no advice was sought', () => {
      expect(keyQuestionProblems(notSure, SHARED, false)).toEqual([
        {
          field: 'adviceSought',
          rule: 'adviceWhenNotSure',
          message: 'a "not sure" answer means seeking advice first: say whose advice was sought',
        },
      ]);
    });

    it('fires only once however many answers are NOT_SURE', () => {
      expect(rules({ q1: NOT_SURE, q2: NOT_SURE, q3: NOT_SURE, q4: NOT_SURE, q5: NO, q7: YES }, NOT_SHARED)).toEqual(['adviceSought:adviceWhenNotSure']);
    });

    it('fires for a NOT_SURE on question 6 or 7 too', () => {
      expect(rules({ ...CONSENT_GIVEN, q6: NOT_SURE }, SHARED)).toEqual(['adviceSought:adviceWhenNotSure']);
      expect(rules({ ...NO_PURPOSE, q7: NOT_SURE }, NOT_SHARED)).toEqual(['adviceSought:adviceWhenNotSure']);
    });

    it('does not fire once advice was sought', () => {
      expect(keyQuestionProblems(notSure, SHARED, true)).toEqual([]);
    });

    it('does not fire with no NOT_SURE answer', () => {
      expect(keyQuestionProblems(CONSENT_GIVEN, SHARED, false)).toEqual([]);
    });
  });

  it('reports several problems together, in question order then advice', () => {
    expect(rules({ q1: NO, q3: NOT_SURE, q6: NO, q7: NO }, SHARED)).toEqual([
      'keyQuestions.q3:skippedOnPath',
      'keyQuestions.q6:skippedOnPath',
      'keyQuestions.q1:purposeBeforeSharing',
      'keyQuestions.q6:shareSecurely',
      'keyQuestions.q7:recorded',
      'adviceSought:adviceWhenNotSure',
    ]);
  });

  // A "not sure" on question 5 leads on to question 6, the branch that asks more.
  it('refuses a shared decision that answered 5 NOT_SURE and never reached question 6', () => {
    const answers: KeyQuestionAnswers = { q1: YES, q2: YES, q3: YES, q4: NO, q5: NOT_SURE, q7: YES };
    expect(keyQuestionProblems(answers, SHARED, true)).not.toEqual([]);
  });
});
