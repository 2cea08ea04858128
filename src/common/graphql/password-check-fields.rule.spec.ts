import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { passwordCheckFieldsRule, TOO_MANY_PASSWORD_CHECKS } from './password-check-fields.rule.js';

const schema = buildSchema(readFileSync('schema.gql', 'utf8'));
const LOGIN = 'login(input: { email: "a@b.example", password: "x" }) { token }';
const CHANGE = 'changePassword(input: { currentPassword: "x", newPassword: "a long new passphrase" }) { token }';

function codes(query: string) {
  return validate(schema, parse(query), [...specifiedRules, passwordCheckFieldsRule()]).map((e) => e.extensions.code ?? 'graphql');
}

describe('passwordCheckFieldsRule', () => {
  it('passes one login or one changePassword', () => {
    expect(codes(`mutation { ${LOGIN} }`)).toEqual([]);
    expect(codes(`mutation { ${CHANGE} }`)).toEqual([]);
  });

  it('refuses two, by alias, by mixing them, or through fragments, saying how many and what is allowed', () => {
    expect(codes(`mutation { a: ${LOGIN} b: ${LOGIN} }`)).toEqual([TOO_MANY_PASSWORD_CHECKS]);
    expect(codes(`mutation { ${LOGIN} ${CHANGE} }`)).toEqual([TOO_MANY_PASSWORD_CHECKS]);
    expect(codes(`mutation { ...F ... on Mutation { b: ${LOGIN} } } fragment F on Mutation { ${LOGIN} }`)).toEqual([TOO_MANY_PASSWORD_CHECKS]);
    const aliases = Array.from({ length: 300 }, (_, i) => `l${i}: ${LOGIN}`).join(' ');
    const [error] = validate(schema, parse(`mutation Burn { ${aliases} }`), [passwordCheckFieldsRule()]);
    expect(error.extensions).toEqual({ code: TOO_MANY_PASSWORD_CHECKS, found: 300, max: 1 });
    expect(error.message).toBe('Operation Burn checks 300 passwords; at most one `login` or `changePassword` field (aliases included) is allowed per request');
  });

  it('counts a fragment each time it is spread', () => {
    expect(codes(`mutation { ...F ...G } fragment F on Mutation { ${LOGIN} } fragment G on Mutation { ...F }`)).toEqual([TOO_MANY_PASSWORD_CHECKS]);
  });
});
