/** Characters written as themselves in a CSS string; everything else is a hex escape. */
const PLAIN = /[\p{L}\p{N} .,:;·()/_+=#@!?%*'’-]/u;

/**
 * Text as a double-quoted CSS string, for `content:` in a `<style>` element: quotes, backslashes,
 * line breaks and `<` (which could close the element) are hex escapes (`\3c `), so text from a
 * draft can never end the string, the rule or the element. NUL and lone surrogates, which CSS
 * reads as U+FFFD anyway, become U+FFFD.
 */
export function cssString(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) out += '\\fffd ';
    else out += PLAIN.test(char) ? char : `\\${code.toString(16)} `;
  }
  return `${out}"`;
}
