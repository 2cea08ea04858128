import { cssString } from './css-string.js';

describe('cssString', () => {
  it('keeps letters, digits and common punctuation as they are', () => {
    expect(cssString('ISP-2026-0001 · Version 2 (draft): OFFICIAL-SENSITIVE, Zoë’s')).toBe('"ISP-2026-0001 · Version 2 (draft): OFFICIAL-SENSITIVE, Zoë’s"');
  });

  it('escapes what could end the string, the rule or the style element', () => {
    expect(cssString('a"b\\c')).toBe('"a\\22 b\\5c c"');
    expect(cssString('</style><script>')).toBe('"\\3c /style\\3e \\3c script\\3e "');
    expect(cssString('x; } body { display: none')).toBe('"x; \\7d  body \\7b  display: none"');
    expect(cssString('line\nbreak\r\f')).toBe('"line\\a break\\d \\c "');
  });

  it('writes NUL and lone surrogates as U+FFFD, and astral characters as one escape', () => {
    expect(cssString('\u0000\ud800')).toBe('"\\fffd \\fffd "');
    expect(cssString('😀')).toBe('"\\1f600 "');
  });

  it('writes nothing for null and undefined, and other values as text', () => {
    expect(cssString(null)).toBe('""');
    expect(cssString(undefined)).toBe('""');
    expect(cssString(3)).toBe('"3"');
  });
});
