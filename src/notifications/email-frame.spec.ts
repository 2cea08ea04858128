import { absoluteLink, emailFrame } from './email-frame.js';

const content = {
  heading: 'An agreement is waiting for your signature',
  paragraphs: ['Northshire General Hospital NHS Trust has submitted version 2 of the <Northshire> discharge ISP.', 'Read it, then sign or decline.'],
  link: '/in-tray/abc/versions/2',
  linkText: 'Read and sign the agreement',
};

describe('emailFrame', () => {
  it('puts the heading, the paragraphs and the full link in the plain text, with the footer', () => {
    const { text, summary } = emailFrame(content, 'https://accordant.example.nhs.uk/');
    expect(text.split('\n').slice(0, 8)).toEqual([
      'An agreement is waiting for your signature',
      '',
      content.paragraphs[0],
      '',
      'Read it, then sign or decline.',
      '',
      'Read and sign the agreement:',
      'https://accordant.example.nhs.uk/in-tray/abc/versions/2',
    ]);
    expect(text).toContain('go to your account page: https://accordant.example.nhs.uk/account');
    expect(summary).toBe(content.paragraphs.join('\n\n'));
  });

  it('escapes everything it is given in the HTML and links to the page as a button', () => {
    const { html } = emailFrame(content, 'https://accordant.example.nhs.uk');
    expect(html).toContain('the &lt;Northshire&gt; discharge ISP');
    expect(html).not.toContain('<Northshire>');
    expect(html).toMatch(/<a href="https:\/\/accordant\.example\.nhs\.uk\/in-tray\/abc\/versions\/2"[^>]*>Read and sign the agreement<\/a>/);
    expect(html).toContain('<html lang="en-GB">');
  });

  it('leaves preferences out of the footer of an email to an address', () => {
    const { text } = emailFrame({ ...content, audience: 'address' }, 'https://accordant.example.nhs.uk');
    expect(text).not.toContain('/account');
    expect(text).toContain('If you were not expecting it, you can ignore it.');
  });

  it('lists items with links of their own', () => {
    const { text, html } = emailFrame({ ...content, list: [{ text: 'A review is due', link: '/agreements/1' }] }, 'https://a.example');
    expect(text).toContain('- A review is due\n  https://a.example/agreements/1');
    expect(html).toContain('<a href="https://a.example/agreements/1" style="color:#005eb8">A review is due</a>');
  });

  it('links only to pages of this service', () => {
    expect(absoluteLink('https://a.example', '/')).toBe('https://a.example/');
    for (const link of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'in-tray']) {
      expect(() => absoluteLink('https://a.example', link)).toThrow('must be a path on this site');
    }
  });
});
