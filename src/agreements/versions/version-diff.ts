import { CONTENT_SECTIONS } from '../content/agreement-content.model.js';
import type { FrozenAgreement } from './frozen-agreement.js';

export interface FieldChangeEntry {
  section: string;
  path: string;
  before: unknown;
  after: unknown;
}

/** Sections in document order, as the diff reports them. */
const SECTION_ORDER = ['title', 'kind', 'parentProtocolId', 'parties', ...CONTENT_SECTIONS];

/**
 * Field-level differences between two frozen versions. Data flows are matched by their stable
 * id, so editing one flow shows as changes to that flow, not to every row after it.
 */
export function diffVersions(from: FrozenAgreement, to: FrozenAgreement): { changedSections: string[]; changes: FieldChangeEntry[] } {
  const changes: FieldChangeEntry[] = [];
  const left = comparable(from);
  const right = comparable(to);
  for (const section of SECTION_ORDER) diffValue(section, section, left[section], right[section], changes);
  const changedSections = SECTION_ORDER.filter((section) => changes.some((c) => c.section === section));
  return { changedSections, changes };
}

function comparable(frozen: FrozenAgreement): Record<string, unknown> {
  return {
    title: frozen.title,
    kind: frozen.kind,
    parentProtocolId: frozen.parentProtocolId,
    parties: keyed(frozen.parties, (p) => p.organisationId),
    ...frozen.content,
    dataFlows: keyed(frozen.content.dataFlows, (f, i) => f.id ?? String(i)),
  };
}

/** A list as an object keyed by a stable id, so rows are compared by identity, not position. */
function keyed<T>(rows: T[], keyOf: (row: T, index: number) => string): Record<string, T> {
  return Object.fromEntries(rows.map((row, i) => [keyOf(row, i), row]));
}

function diffValue(section: string, path: string, before: unknown, after: unknown, out: FieldChangeEntry[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) diffValue(section, `${path}.${key}`, before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) diffValue(section, `${path}[${i}]`, before[i], after[i], out);
    return;
  }
  if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) out.push({ section, path, before: before ?? null, after: after ?? null });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
