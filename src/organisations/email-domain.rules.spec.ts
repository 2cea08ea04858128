import { domainOf, EMAIL_DOMAIN_PATTERN, isMailableAddress, isRegisteredEmail } from './email-domain.rules.js';

describe('email domain rules', () => {
  it('takes the domain after the last @, lowercased', () => {
    expect(domainOf('Jo.Bloggs@NHS.net')).toBe('nhs.net');
    expect(domainOf('"odd@name"@council.gov.uk')).toBe('council.gov.uk');
  });

  it('accepts an address only at a registered domain, not a subdomain or a look-alike', () => {
    const domains = ['council.gov.uk', 'nhs.net'];
    expect(isRegisteredEmail('ig@council.gov.uk', domains)).toBe(true);
    expect(isRegisteredEmail('IG@Council.GOV.uk', domains)).toBe(true);
    expect(isRegisteredEmail('ig@evil.council.gov.uk', domains)).toBe(false);
    expect(isRegisteredEmail('ig@council.gov.uk.example', domains)).toBe(false);
    expect(isRegisteredEmail('ig@othercouncil.gov.uk', domains)).toBe(false);
    expect(isRegisteredEmail('ig@council.gov.uk', [])).toBe(false);
  });

  it('accepts lowercase domain names only', () => {
    for (const ok of ['nhs.net', 'leeds-council.gov.uk', 'a1.example']) expect(EMAIL_DOMAIN_PATTERN.test(ok)).toBe(true);
    for (const bad of ['NHS.net', 'nhs', '-x.example', 'x-.example', 'a..b', 'nhs.net.', '@nhs.net', 'nhs .net', 'xn--.com']) {
      expect(EMAIL_DOMAIN_PATTERN.test(bad)).toBe(false);
    }
  });
});

describe('isMailableAddress', () => {
  it.each([
    ['jo.bloggs@nhs.net', true],
    ['"jo bloggs"@nhs.net', false],
    ['"a<b"@nhs.net', false],
    ['a@b@nhs.net', false],
  ])('%s: %s', (email, expected) => {
    expect(isMailableAddress(email)).toBe(expected);
  });
});
