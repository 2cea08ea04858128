/**
 * The sections of the document a variation changes, as the signing page marks them: the version
 * diff's section keys (version-diff.ts) mapped to the ids of the document's headings
 * (templates/documents/partials/heading.hbs). Pure.
 */

const HEADING_OF_SECTION: Record<string, string> = {
  title: 'document-control',
  kind: 'document-control',
  parentProtocolId: 'document-control',
  scope: 'scope',
  purposes: 'purposes',
  benefits: 'purposes',
  parties: 'parties',
  dataSubjects: 'data-subjects',
  legalBasis: 'legal-basis',
  dataFlows: 'data-flows',
  consentAndTransparency: 'consent',
  security: 'security',
  retention: 'retention',
  rights: 'rights',
  breaches: 'breaches',
  dpia: 'dpia',
  review: 'review',
  termination: 'termination',
  clauses: 'clauses',
};

export interface ChangedHeading {
  /** The heading's id in the document, for a link to it. */
  id: string;
  /** The heading as the document prints it, e.g. "2. Purposes and benefits". */
  title: string;
}

const headingPattern = (id: string) => new RegExp(`<h2 id="${id}">([^<]*)</h2>`);

/** The document's headings the changed sections fall under, once each, in the document's order. */
export function changedHeadings(documentHtml: string, changedSections: readonly string[]): ChangedHeading[] {
  const ids = new Set(changedSections.map((section) => HEADING_OF_SECTION[section]).filter((id): id is string => id !== undefined));
  return [...ids]
    .map((id) => ({ id, at: documentHtml.search(headingPattern(id)), title: headingPattern(id).exec(documentHtml)?.[1].trim() }))
    .filter((h): h is { id: string; at: number; title: string } => h.at >= 0 && h.title !== undefined)
    .sort((a, b) => a.at - b.at)
    .map(({ id, title }) => ({ id, title }));
}

/** The document with a "Changed" tag in each changed heading (the document's HTML is escaped already; nothing typed is added). */
export function markChangedHeadings(documentHtml: string, changed: readonly ChangedHeading[]): string {
  return changed.reduce(
    (html, { id }) =>
      html.replace(headingPattern(id), (_whole, title: string) => `<h2 id="${id}" data-changed>${title} <strong class="nhsuk-tag nhsuk-tag--blue app-changed-tag">Changed</strong></h2>`),
    documentHtml,
  );
}
