// pdf.js, legacy build for Node: reads back the text of a PDF the app rendered, page by page.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPages(content: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(content), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const text = await page.getTextContent();
    pages.push(
      text.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await document.destroy();
  return pages;
}

/** A tagged PDF's accessibility structure: whether it says it is tagged, and the roles in its first page's structure tree. */
export async function pdfStructure(content: Uint8Array): Promise<{ marked: boolean; roles: string[] }> {
  const document = await getDocument({ data: new Uint8Array(content), isEvalSupported: false, useSystemFonts: false }).promise;
  const marked = (await document.getMarkInfo())?.Marked === true;
  const tree = (await (await document.getPage(1)).getStructTree()) as StructNode | null;
  const roles: string[] = [];
  const walk = (node: StructNode) => {
    if (node.role) roles.push(node.role);
    for (const child of node.children ?? []) if ('role' in child || 'children' in child) walk(child as StructNode);
  };
  if (tree) walk(tree);
  await document.destroy();
  return { marked, roles };
}

interface StructNode {
  role?: string;
  children?: (StructNode | { type: string })[];
}
