import { DecisionOutcome } from '../../monitoring/monitoring.enums.js';
import type { FieldSpec } from './decision-form.js';
import { newDraft } from './decision-journey.js';
import { STEPS, type StepOptions } from './decision-steps.js';
import { problemWords, stepView } from './decision-view.js';

const OPTIONS: StepOptions = { now: new Date('2026-03-27T14:30:00Z'), agreements: [], agreement: null, parties: [], others: [], dataItems: [] };
type Field = { id: string; error?: string; describedBy?: string; items?: { id: string; checked: boolean; conditional: Field[] }[]; parts?: { id: string; error: boolean }[]; time?: { error: boolean } };

describe('stepView', () => {
  const outcome = STEPS.outcome.page(newDraft('k', OPTIONS.now), OPTIONS);

  it('makes the question of a question page its heading, and gives radios ids the error summary can link to', () => {
    const view = stepView(outcome, {}, []);
    const [field] = view.fields as (Field & { heading: boolean })[];
    expect(field.heading).toBe(true);
    expect(field.items?.map((i) => i.id)).toEqual(['outcome', 'outcome-2', 'outcome-3']);
    expect(view.errors).toEqual([]);
  });

  it('shows a problem beside the field it is about, even when several fields could own it', () => {
    const informed = STEPS.informed.page(newDraft('k', OPTIONS.now), OPTIONS);
    const view = stepView(informed, { personInformed: 'no' }, [{ field: 'notInformedReason', message: 'Select why the person was not told' }]);
    expect(view.errors).toEqual([{ href: '#notInformedReason', text: 'Select why the person was not told' }]);
    const [field] = view.fields as Field[];
    expect(field.error).toBeUndefined();
    expect(field.items![1].conditional[0]).toMatchObject({ id: 'notInformedReason', error: 'Select why the person was not told', describedBy: 'notInformedReason-error' });
    // A field owning another's problems takes them: what was shared, typed, when no agreement offers items.
    const information = STEPS.information.page({ ...newDraft('k', OPTIONS.now), details: { outcome: DecisionOutcome.SHARED } }, OPTIONS);
    expect(stepView(information, {}, [{ field: 'dataItemsShared', message: 'Say what' }]).errors[0].href).toBe('#otherShared');
  });

  it('links a date and time problem to the part it is about, marking the parts at fault', () => {
    const times = STEPS.times.page(newDraft('k', OPTIONS.now), OPTIONS);
    const wholly = stepView(times, {}, [{ field: 'requestedAt', message: 'Enter it' }]);
    expect(wholly.errors[0].href).toBe('#requestedAt-day');
    expect((wholly.fields[0] as Field).parts?.map((p) => p.error)).toEqual([true, true, true]);
    const time = stepView(times, {}, [{ field: 'decidedAt', part: 'time', message: 'Enter the time' }]);
    expect(time.errors[0].href).toBe('#decidedAt-time');
    expect((time.fields[1] as Field).parts?.map((p) => p.error)).toEqual([false, false, false]);
    expect((time.fields[1] as Field).time?.error).toBe(true);
  });

  it('lists a problem about no field of the page without a link', () => {
    const spec: FieldSpec = { kind: 'text', name: 'caseReference', label: 'Case reference' };
    expect(stepView({ title: 't', question: true, fields: [spec] }, {}, [{ field: 'clientKey', message: 'clash' }]).errors).toEqual([{ href: null, text: 'clash' }]);
  });
});

describe('problemWords', () => {
  it('puts the ledger’s rules in plain words', () => {
    expect(problemWords({ field: 'keyQuestions.q5', rule: 'publicInterestBeforeSharing', message: 'input: keyQuestions.q5 without consent…' })).toMatch(/^Without consent or sufficient public interest/);
    expect(problemWords({ field: 'keyQuestions.q3', rule: 'answeredOnPath', message: '…' })).toBe('Answer this question: your answers so far lead to it');
    expect(problemWords({ field: 'transferMethod', rule: 'requiredWhenShared', message: 'input: transferMethod say how it was shared' })).toBe('Select how the information was sent');
  });

  it('falls back to the service’s message, with the field in words', () => {
    expect(problemWords({ field: 'purpose', rule: 'maxLength', message: 'purpose must be shorter than or equal to 500 characters' })).toBe('The purpose must be shorter than or equal to 500 characters');
    expect(problemWords({ field: 'clientKey', rule: 'sameRequest', message: 'input: clientKey was already used for a different decision' })).toMatch(/^This decision was recorded before with different answers/);
    expect(problemWords({ field: 'input', rule: 'SERVICE', message: 'input: something unforeseen' })).toBe('Something unforeseen');
  });
});
