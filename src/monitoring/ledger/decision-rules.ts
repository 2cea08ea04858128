import { CommonLawBasis } from '../../agreements/agreement.enums.js';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { ConsentStatus, DecisionOutcome, NotInformedReason } from '../monitoring.enums.js';
import { keyQuestionProblems } from './key-questions.js';

/** Five minutes of clock difference between a client and the service. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What a decision must say to be recorded: the rules that join fields together. These refuse
 * the record (unlike flags, which only mark it). Pure; `now` is the service's clock.
 */
export function decisionProblems(input: SharingDecisionInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const shared = input.outcome !== DecisionOutcome.NOT_SHARED;

  if (input.decidedAt < input.requestedAt) problem('decidedAt', 'afterRequest', 'must not be before requestedAt');
  if (input.decidedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) problem('decidedAt', 'notInFuture', 'must not be in the future');
  if (input.requestingOrganisationId === input.disclosingOrganisationId) {
    problem('requestingOrganisationId', 'differentOrganisation', 'must differ from disclosingOrganisationId');
  }
  if (input.flowId && !input.agreementId) problem('flowId', 'needsAgreement', 'a flow belongs to an agreement: give agreementId too');

  if (input.outcome === DecisionOutcome.SHARED && input.notSharedReason) {
    problem('notSharedReason', 'onlyWhenWithheld', 'must be empty when everything was shared');
  }
  if (input.outcome !== DecisionOutcome.SHARED && !input.notSharedReason) {
    problem('notSharedReason', 'requiredWhenWithheld', `is required when the outcome is ${input.outcome}`);
  }
  if (shared && input.dataItemsShared.length === 0) problem('dataItemsShared', 'requiredWhenShared', 'say what was shared');
  if (input.outcome === DecisionOutcome.NOT_SHARED && input.dataItemsShared.length > 0) {
    problem('dataItemsShared', 'emptyWhenNotShared', 'must be empty when nothing was shared');
  }
  if (input.outcome === DecisionOutcome.PARTIALLY_SHARED && input.dataItemsWithheld.length === 0) {
    problem('dataItemsWithheld', 'requiredWhenPartial', 'say what was withheld');
  }
  if (shared && !input.transferMethod) problem('transferMethod', 'requiredWhenShared', 'say how it was shared');
  if (shared && !input.article6Basis) problem('article6Basis', 'requiredWhenShared', 'say which UK GDPR Article 6 basis applied');
  if (shared && !input.commonLawBasis) problem('commonLawBasis', 'requiredWhenShared', 'say which common-law confidentiality basis applied');
  if (shared && input.recordCount < 1) problem('recordCount', 'atLeastOneWhenShared', 'must be at least 1 when something was shared');

  if (input.consentStatus === ConsentStatus.LACKS_CAPACITY && !input.capacityConsentBy) {
    problem('capacityConsentBy', 'requiredWhenLacksCapacity', 'say who consented for the person (LPA, deputy or best interests decision)');
  }
  if (input.consentStatus !== ConsentStatus.LACKS_CAPACITY && input.capacityConsentBy) {
    problem('capacityConsentBy', 'onlyWhenLacksCapacity', 'applies only when the person lacks capacity');
  }
  if (input.consentStatus === ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED && input.outcome !== DecisionOutcome.NOT_SHARED) {
    problem('consentStatus', 'requestRefusedOnlyWhenNotShared', 'NOT_SOUGHT_REQUEST_REFUSED means the request was refused before consent arose: the outcome must be NOT_SHARED');
  }
  const consentRefused = input.consentStatus === ConsentStatus.REFUSED || input.consentStatus === ConsentStatus.WITHDRAWN;
  if (shared && consentRefused && !input.publicInterestOverride) {
    problem('publicInterestOverride', 'requiredWhenConsentRefused', 'consent was refused or withdrawn: sharing anyway needs a public-interest override');
  }
  if (input.publicInterestOverride) {
    if (!input.overrideAuthorisedBy) problem('overrideAuthorisedBy', 'requiredWithOverride', 'say who authorised the public-interest override');
    if (!input.overrideReason) problem('overrideReason', 'requiredWithOverride', 'say why the public interest justified sharing');
    if (input.commonLawBasis && input.commonLawBasis !== CommonLawBasis.PUBLIC_INTEREST) {
      problem('commonLawBasis', 'publicInterestWithOverride', 'a public-interest override relies on PUBLIC_INTEREST');
    }
  }
  if (!input.personInformed && !input.notInformedReason) problem('notInformedReason', 'requiredWhenNotInformed', 'say why the person was not told');
  if (shared && input.notInformedReason === NotInformedReason.NOT_SHARED) {
    problem('notInformedReason', 'notSharedOnlyWhenNotShared', 'NOT_SHARED is the reason only when nothing was shared');
  }
  if (input.keyQuestions) {
    problems.push(...keyQuestionProblems(input.keyQuestions, input.outcome, input.adviceSought.length > 0));
  }
  return problems;
}
