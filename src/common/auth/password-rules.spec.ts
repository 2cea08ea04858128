import { DEMO_PASSWORD } from '../../demo/demo-password.js';
import { passwordProblem, type PasswordContext } from './password-rules.js';

const context: PasswordContext = { field: 'newPassword', email: 'jo.bloggs@northshire-hospital.example', organisationName: 'Northshire General Hospital NHS Trust', demo: false };
const ruleOf = (password: string, overrides: Partial<PasswordContext> = {}) => passwordProblem(password, { ...context, ...overrides })?.rule ?? null;

describe('passwordProblem', () => {
  it.each([
    'correct horse battery',
    'a brand new passphrase',
    'violet kettle orbit canyon',
    'Tr0ub4dor&3-lantern',
    'county fair with the wombats',
  ])('accepts a strong password: %s', (password) => {
    expect(passwordProblem(password, context)).toBeNull();
  });

  it('refuses whitespace only', () => {
    expect(passwordProblem('              ', context)).toEqual({ field: 'newPassword', rule: 'notBlank', message: 'must not be only spaces' });
  });

  it('names the field the password came in', () => {
    expect(passwordProblem('password1234', { ...context, field: 'password' })?.field).toBe('password');
  });

  it.each(['password1234', 'iloveyou1234', '123456789012', 'Password123!', 'welcome2026!', 'letmein12345', 'caldicott2026'])('refuses a common or breached-style password: %s', (password) => {
    expect(ruleOf(password)).toBe('notCommon');
  });

  it.each(['abcdefghijklmnop', 'lmnopqrstuvwxyz', 'zyxwvutsrqponm', 'abcdefghijklmnopQ9'])('refuses a sequence: %s', (password) => {
    expect(ruleOf(password)).toBe('noSequences');
  });

  it.each(['aaaaaaaaaaaaaaaa', 'abcabcabcabcabc', '!!!!!!!!!!!!!!!!x'])('refuses repeats: %s', (password) => {
    expect(ruleOf(password)).toBe('noRepeats');
  });

  it.each(['qwertyuiopasdfgh', 'zxcvbnm,./asdfg', '1qaz2wsx3edc4rfv'])('refuses keyboard patterns: %s', (password) => {
    expect(['noKeyboardPatterns', 'notCommon']).toContain(ruleOf(password));
  });

  it.each(['Accordant rocks 2026!', 'my-acc.ordant-key-xyz', 'ACCORDANTACCORDANT'])('refuses the service name: %s', (password) => {
    expect(ruleOf(password)).toBe('notServiceName');
  });

  it.each(['Northshire walks in May', 'NORTHSHIREGENERALHOSPITALNHSTRUST', 'my northshire-9 purple kettle'])("refuses the organisation's name or a distinctive word of it: %s", (password) => {
    expect(ruleOf(password)).toBe('notOrganisationName');
  });

  it('allows the generic words of an organisation name', () => {
    expect(ruleOf('hospital garden violet kettle')).toBeNull();
  });

  it('refuses nothing for the organisation when it has none (the first admin before its organisation)', () => {
    expect(ruleOf('Northshire walks in May', { organisationName: null })).toBeNull();
  });

  it.each(['bloggs on a violet kettle', 'jo.bloggs violet kettle', 'JOBLOGGS and the kettle'])('refuses the email name part: %s', (password) => {
    expect(ruleOf(password)).toBe('notEmail');
  });

  it('refuses the demo password outside the demo and allows it in the demo', () => {
    expect(ruleOf(DEMO_PASSWORD)).toBe('notDemoPassword');
    expect(ruleOf('Demo Password 2026')).toBe('notDemoPassword');
    expect(ruleOf(DEMO_PASSWORD, { demo: true })).toBeNull();
  });

  it('gives each refusal a message in words', () => {
    for (const password of ['   \t      ', 'password1234', 'abcdefghijklmnop', 'aaaaaaaaaaaaaaaa', 'Accordant rocks 2026!', DEMO_PASSWORD]) {
      const problem = passwordProblem(password, context);
      expect(problem?.message).toMatch(/^(must|is) [a-z]/);
    }
  });
});
