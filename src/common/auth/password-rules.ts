import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { DEMO_PASSWORD } from '../../demo/demo-password.js';
import type { FieldProblem } from '../errors/domain-error.js';
import { PASSWORD_DENY_LIST } from './password-deny-list.js';

export const SERVICE_NAME = 'Accordant';

/**
 * zxcvbn's score (0 to 4) a password needs: 3 means about 10^8 guesses or more, out of reach of
 * an online attacker and costly offline against the slow hash.
 */
export const MIN_STRENGTH_SCORE = 3;

export interface PasswordContext {
  /** The input field the password came in (`password`, `newPassword`), named in the refusal. */
  field: string;
  /** The account's email address: its name part is refused inside the password. */
  email: string;
  /** The account's organisation: its name, and each distinctive word of it, is refused inside the password. */
  organisationName: string | null;
  /** Whether this is the demo (DEMO_DATA), the one place the demo password is allowed. */
  demo: boolean;
}

/**
 * Words too common in organisation names to refuse on their own ("Northshire County Council"
 * refuses "northshire" and the whole name, not "county" or "council").
 */
const GENERIC_ORGANISATION_WORDS = new Set([
  'academy', 'association', 'board', 'borough', 'centre', 'children', 'clinical', 'college', 'commissioning', 'community',
  'constabulary', 'council', 'county', 'district', 'foundation', 'general', 'group', 'health', 'healthcare', 'homecare',
  'hospital', 'hospitals', 'housing', 'integrated', 'limited', 'medical', 'mental', 'metropolitan', 'national', 'operator',
  'partnership', 'police', 'practice', 'primary', 'probation', 'rescue', 'school', 'service', 'services', 'social', 'surgery',
  'trust', 'university',
]);

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, 'accordant-deny-list': [...PASSWORD_DENY_LIST] },
    graphs: adjacencyGraphs,
  });
  return estimator;
}

/** Lower case, letters and digits only: how names are compared with a password. */
function squash(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function organisationTerms(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 5 && !GENERIC_ORGANISATION_WORDS.has(word));
  return [squash(name), ...words].filter((term) => term.length >= 4);
}

function emailTerms(email: string): string[] {
  const local = email.split('@')[0] ?? '';
  return [squash(local), ...local.split(/[._+-]+/).map(squash)].filter((term) => term.length >= 4);
}

const problem = (field: string, rule: string, message: string): FieldProblem => ({ field, rule, message });

/** How many characters of the password the matches of one kind cover. */
function coverage(sequence: MatchExtended[], test: (match: MatchExtended) => boolean): number {
  return sequence.filter(test).reduce((sum, match) => sum + match.token.length, 0);
}

const isDenied = (match: MatchExtended) => match.pattern === 'dictionary' && (match.dictionaryName === 'passwords-common' || match.dictionaryName === 'accordant-deny-list');

/**
 * The first rule a new password breaks, or null when it may be used. Length is checked on the
 * input (12 to 256 characters); this adds what a length cannot: whitespace only, the demo
 * password outside the demo, the service's, organisation's and email's names, common and
 * breached-style passwords (zxcvbn's list of common passwords and the app's deny list),
 * sequences, repeats and keyboard patterns, and anything else zxcvbn finds easy to guess.
 */
export function passwordProblem(password: string, context: PasswordContext): FieldProblem | null {
  const { field } = context;
  if (password.trim() === '') return problem(field, 'notBlank', 'must not be only spaces');
  const squashed = squash(password);
  if (squashed === squash(DEMO_PASSWORD)) {
    return context.demo ? null : problem(field, 'notDemoPassword', 'must not be the demo password, which is published: choose your own');
  }
  if (squashed.includes(squash(SERVICE_NAME))) return problem(field, 'notServiceName', `must not contain the name of the service (${SERVICE_NAME})`);
  if (context.organisationName && organisationTerms(context.organisationName).some((term) => squashed.includes(term))) {
    return problem(field, 'notOrganisationName', "must not contain your organisation's name or a word of it");
  }
  if (emailTerms(context.email).some((term) => squashed.includes(term))) {
    return problem(field, 'notEmail', 'must not contain your email address or the name in it');
  }

  const result = zxcvbn().check(password);
  const half = password.length / 2;
  const sequence = result.sequence;
  const denied = coverage(sequence, isDenied);
  if (denied >= half && result.score < MIN_STRENGTH_SCORE) return problem(field, 'notCommon', 'is a common password, or built from one: choose words nobody would guess');
  if (coverage(sequence, (m) => m.pattern === 'sequence') >= half) return problem(field, 'noSequences', 'must not be mostly a sequence such as "abcdef" or "123456"');
  if (coverage(sequence, (m) => m.pattern === 'repeat') >= half) return problem(field, 'noRepeats', 'must not be mostly repeated characters such as "aaaa" or "abcabc"');
  if (coverage(sequence, (m) => m.pattern === 'spatial') >= half) return problem(field, 'noKeyboardPatterns', 'must not be mostly a keyboard pattern such as "qwerty" or "zxcvbn"');
  if (result.score < MIN_STRENGTH_SCORE) {
    return problem(field, 'hardToGuess', 'is too easy to guess: use three or four unrelated words, or a longer password');
  }
  return null;
}
