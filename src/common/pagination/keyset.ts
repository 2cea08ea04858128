import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import type { Connection } from './connection.type.js';

const TOTAL_COLUMN = 'keyset_total_count';

/** A column of the sort order and how to read its value off a loaded row. */
export interface KeysetColumn<T> {
  column: string;
  valueOf: (row: T) => string | number;
}

/**
 * Keyset (cursor) pagination: rows are ordered by `columns` (ascending, or all descending; the
 * last column must be unique, such as the id) and a page starts strictly after the cursor's values.
 * The total and the rows are read in one statement, so in one snapshot (read apart while decisions
 * were being recorded, a page could hold more rows than its total said): the total is a subquery
 * beside the rows. One statement a page whatever its size; a second, for the total, only when a
 * cursor points past the last row. `query` must have no joins (one row per entity, and TypeORM reads a
 * page of a joined query in two statements).
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: KeysetColumn<T>[],
  page: { first: number; after?: string | null },
  order: 'ASC' | 'DESC' = 'ASC',
): Promise<Connection<T>> {
  if (query.expressionMap.joinAttributes.length > 0) throw new Error('paginate() takes a query without joins: its total counts rows');
  const rows = query.clone();
  if (page.after) {
    const values = decodeCursor(page.after, columns.length);
    const tuple = columns.map((c) => c.column).join(', ');
    const params = Object.fromEntries(values.map((value, i) => [`cursor${i}`, value]));
    rows.andWhere(`(${tuple}) ${order === 'ASC' ? '>' : '<'} (${values.map((_, i) => `:cursor${i}`).join(', ')})`, params);
  }
  columns.forEach((c, i) => (i === 0 ? rows.orderBy(c.column, order) : rows.addOrderBy(c.column, order)));

  const total = query.clone().select('COUNT(*)').orderBy();
  rows.addSelect(`(${total.getQuery()})`, TOTAL_COLUMN);
  const { entities: found, raw } = await rows.take(page.first + 1).getRawAndEntities<Record<string, unknown>>();
  // No row to carry the total: none match, or the cursor is past the last (then nothing on the page can disagree with it).
  const totalCount = raw.length > 0 ? Number(raw[0][TOTAL_COLUMN]) : page.after ? await total.getCount() : 0;

  const nodes = found.slice(0, page.first);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(columns.map((c) => c.valueOf(node))) }));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage: found.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw DomainError.invalid('after', 'cursor', 'is not a cursor this list returned');
}
