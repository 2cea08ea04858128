import { DomainError } from '../common/errors/domain-error.js';
import { DeclineToSignInput } from '../agreements/dto/signing.inputs.js';
import { dateFromParts, datePartsFrom, formErrors, textOf, textsOf, validInput } from './form-input.js';

const FIELDS = {
  odsCode: { label: 'ODS code' },
  dsptStatusDate: { label: 'DSPT status date', anchor: 'dsptStatusDate-day' },
  secureEmailMethod: { label: 'Secure email method' },
  email: { label: 'Email address' },
};

describe('form input', () => {
  describe('formErrors', () => {
    it('reads a field problem with the form’s label, beside the field and in the summary linking to it', () => {
      const error = DomainError.invalidFields([{ field: 'odsCode', rule: 'matches', message: 'odsCode must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001' }]);
      expect(formErrors(error, FIELDS)).toEqual({
        summary: [{ href: '#odsCode', text: 'ODS code must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001' }],
        fields: { odsCode: 'ODS code must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001' },
      });
    });

    it('puts the label before a message that starts with its verb, and turns field names and codes within it into words', () => {
      const error = DomainError.invalidFields([
        { field: 'dsptStatusDate', rule: 'requiredWithDsptStatus', message: 'is required when dsptStatus is STANDARDS_MET' },
        { field: 'input.secureEmailMethod', rule: 'x', message: 'cannot be cleared' },
      ]);
      const errors = formErrors(error, { ...FIELDS, dsptStatus: { label: 'DSPT status' } }, { STANDARDS_MET: 'Standards Met' });
      expect(errors.summary).toEqual([
        { href: '#dsptStatusDate-day', text: 'DSPT status date is required when DSPT status is Standards Met' },
        { href: '#secureEmailMethod', text: 'Secure email method cannot be cleared' },
      ]);
    });

    it('keeps a whole sentence as it is, and lists a problem with no field of the form without a link', () => {
      const unique = DomainError.conflict('email: another user already has this email address', [{ field: 'email', rule: 'unique', message: 'another user already has this email address' }]);
      expect(formErrors(unique, FIELDS).fields).toEqual({ email: 'Another user already has this email address' });
      const general = DomainError.conflict('role: this would leave the organisation with no ORG_ADMIN; give the role to someone else first');
      expect(formErrors(general, FIELDS, { ORG_ADMIN: 'organisation admin' })).toEqual({
        summary: [{ href: null, text: 'This would leave the organisation with no organisation admin; give the role to someone else first' }],
        fields: {},
      });
    });

    it('shows only the first problem of a field, beside it and in the summary (one message a field, as the NHS summary has it)', () => {
      const error = DomainError.invalidFields([
        { field: 'odsCode', rule: 'a', message: 'must be one thing' },
        { field: 'odsCode', rule: 'b', message: 'must be another' },
      ]);
      const errors = formErrors(error, FIELDS);
      expect(errors.summary).toEqual([{ href: '#odsCode', text: 'ODS code must be one thing' }]);
      expect(errors.fields).toEqual({ odsCode: 'ODS code must be one thing' });
    });

    it('uses a field’s own NHS-style messages: one for nothing entered, one by the rule broken', () => {
      const fields = { fullName: { label: 'Full name', messages: { blank: 'Enter their full name', isLength: 'Full name must be 200 characters or fewer' } } };
      const error = DomainError.invalidFields([{ field: 'fullName', rule: 'isLength', message: 'fullName must be 1 to 200 characters' }]);
      expect(formErrors(error, fields, {}, { fullName: '  ' }).fields).toEqual({ fullName: 'Enter their full name' });
      expect(formErrors(error, fields, {}, { fullName: 'x'.repeat(201) }).fields).toEqual({ fullName: 'Full name must be 200 characters or fewer' });
      const other = DomainError.invalidFields([{ field: 'fullName', rule: 'other', message: 'must be something else' }]);
      expect(formErrors(other, fields, {}, { fullName: 'x' }).fields).toEqual({ fullName: 'Full name must be something else' });
    });
  });

  describe('validInput', () => {
    it('checks posted fields with the input class’s own rules, trimmed as for GraphQL', async () => {
      const agreementId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
      const input = await validInput(DeclineToSignInput, { agreementId, versionNumber: 2, reason: '  Not our retention policy  ', extra: 'dropped' });
      expect(input).toBeInstanceOf(DeclineToSignInput);
      expect({ ...input }).toEqual({ agreementId, versionNumber: 2, reason: 'Not our retention policy' });
      await expect(validInput(DeclineToSignInput, { agreementId, versionNumber: 2, reason: ' ' })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { fields: [{ field: 'reason', rule: 'isLength', message: 'reason must be 3 to 2000 characters' }] },
      });
    });

    it('adds the page’s own problems to the input’s', async () => {
      const error = await validInput(DeclineToSignInput, { agreementId: 'x', versionNumber: 1, reason: 'fine reason' }, [{ field: 'confirm', rule: 'confirmed', message: 'Confirm it' }]).catch((e: unknown) => e);
      expect((error as DomainError).details.fields?.map((f) => f.field)).toEqual(['confirm', 'agreementId']);
    });
  });

  describe('dates typed as day, month and year', () => {
    it('are a LocalDate, null when empty, or a problem when not a real date', () => {
      expect(dateFromParts('d', { day: '5', month: '3', year: '2026' })).toEqual({ value: '2026-03-05' });
      expect(dateFromParts('d', { day: '', month: '', year: '' })).toEqual({ value: null });
      for (const parts of [{ day: '31', month: '2', year: '2026' }, { day: '1', month: '1', year: '26' }, { day: 'x', month: '1', year: '2026' }, { day: '', month: '1', year: '2026' }]) {
        expect(dateFromParts('d', parts).problem).toMatchObject({ field: 'd', rule: 'date' });
      }
      expect(datePartsFrom('2026-03-05')).toEqual({ day: '5', month: '3', year: '2026' });
      expect(datePartsFrom(null)).toEqual({ day: '', month: '', year: '' });
    });
  });

  it('reads posted text and repeated checkboxes', () => {
    expect(textOf(['a', 'b'])).toBe('a');
    expect(textOf(undefined)).toBe('');
    expect(textsOf('ORG_ADMIN')).toEqual(['ORG_ADMIN']);
    expect(textsOf(['ORG_ADMIN', 'IG_LEAD', 3])).toEqual(['ORG_ADMIN', 'IG_LEAD']);
    expect(textsOf(undefined)).toEqual([]);
  });
});
