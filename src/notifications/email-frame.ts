/**
 * The frame every email is sent in: a heading, a few short paragraphs, the one link to the page
 * where the job is done, and a footer, as plain text and as HTML in the NHS voice (plain words,
 * active, no jargon). Pure: the caller gives the service's public address.
 *
 * Messages name agreements, organisations and roles, never the people whose information is shared.
 */
export interface EmailContent {
  /** What happened or what to do, in a few words: "An agreement is waiting for your signature". */
  heading: string;
  /** Plain text; each becomes a paragraph. */
  paragraphs: string[];
  /** The path of the page where the job is done, such as `/agreements/<id>`. */
  link: string;
  /** What the link does: "Read and sign the agreement". */
  linkText: string;
  /** Items each with a link of its own, listed after the paragraphs (the daily digest). */
  list?: { text: string; link: string }[];
  /** `address`: sent to someone who may have no account yet, so the footer does not mention preferences. */
  audience?: 'user' | 'address';
}

export interface FramedEmail {
  text: string;
  html: string;
  /** The paragraphs alone, for the notifications page. */
  summary: string;
}

export function emailFrame(content: EmailContent, baseUrl: string): FramedEmail {
  const url = absoluteLink(baseUrl, content.link);
  const account = absoluteLink(baseUrl, '/account');
  const footer =
    content.audience === 'address'
      ? ['This email was sent by Accordant, the service your partnership uses for its information sharing agreements.', 'If you were not expecting it, you can ignore it. Do not reply: replies are not read.']
      : [
          'This email was sent by Accordant, the service your partnership uses for its information sharing agreements.',
          `Do not reply: replies are not read. To choose which emails you get, or to get a daily summary instead, go to your account page: ${account}`,
        ];
  const list = (content.list ?? []).map((item) => ({ text: item.text, url: absoluteLink(baseUrl, item.link) }));
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...list.flatMap((item) => [`- ${item.text}`, `  ${item.url}`, '']),
    `${content.linkText}:`,
    url,
    '',
    '---',
    ...footer,
  ].join('\n');
  const listHtml = list.length
    ? `<ul style="font-size:16px;line-height:1.5;margin:0 0 16px;padding-left:20px">${list.map((item) => `<li style="margin-bottom:8px"><a href="${escapeHtml(item.url)}" style="color:#005eb8">${escapeHtml(item.text)}</a></li>`).join('')}</ul>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.heading)}</title></head>
<body style="margin:0;padding:0;background:#f0f4f5;font-family:Arial,sans-serif;color:#212b32">
<div style="background:#005eb8;padding:16px 24px"><span style="color:#ffffff;font-size:20px;font-weight:bold">Accordant</span></div>
<div style="max-width:640px;padding:24px;background:#ffffff">
<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((p) => `<p style="font-size:16px;line-height:1.5;margin:0 0 16px">${escapeHtml(p)}</p>`).join('\n')}
${listHtml}
<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;background:#007f3b;color:#ffffff;font-size:16px;font-weight:bold;padding:12px 16px;text-decoration:none;border-radius:4px">${escapeHtml(content.linkText)}</a></p>
<p style="font-size:14px;line-height:1.5;margin:0 0 16px">Or copy this address into your browser: ${escapeHtml(url)}</p>
</div>
<div style="max-width:640px;padding:16px 24px;font-size:14px;line-height:1.5;color:#4c6272">
${footer.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`).join('\n')}
</div>
</body>
</html>
`;
  return { text, html, summary: content.paragraphs.join('\n\n') };
}

/** The service's address plus a path of its own (never another site: a path starting `//` is refused). */
export function absoluteLink(baseUrl: string, path: string): string {
  if (!isSitePath(path)) throw new Error(`A notification link must be a path on this site (got "${path}")`);
  return baseUrl.replace(/\/+$/, '') + path;
}

export function isSitePath(path: string): boolean {
  return path === '/' || /^\/[^/\\]/.test(path);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
