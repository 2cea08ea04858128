import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, type FieldProblem } from '../errors/domain-error.js';

/** A lone UTF-16 surrogate: text that is not Unicode (JSON can carry it; PostgreSQL's jsonb refuses it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one piece of text, if PostgreSQL could not store it as text or jsonb. */
export function unstorableText(text: string): Omit<FieldProblem, 'field'> | undefined {
  if (text.includes('\u0000')) return { rule: 'noNulCharacter', message: 'must not contain the NUL character (U+0000)' };
  if (LONE_SURROGATE.test(text)) return { rule: 'wellFormedUnicode', message: 'must be well-formed Unicode text (it has a lone surrogate)' };
  return undefined;
}

/**
 * Global, for every argument and body: text PostgreSQL cannot store (a NUL character, which no
 * `text` or `jsonb` value may hold, or a lone surrogate, which `jsonb` refuses) is refused as
 * BAD_USER_INPUT naming the field, wherever it sits in the input, instead of failing in the
 * database as a server error. Other odd text (right-to-left marks, emoji, markup) is left to the
 * fields' own rules.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value; // the caller and the like, not input
    const problems: FieldProblem[] = [];
    collect(value, metadata.data ?? '', problems);
    if (problems.length > 0) throw DomainError.invalidFields(problems.slice(0, 20));
    return value;
  }
}

function collect(value: unknown, path: string, problems: FieldProblem[]): void {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    if (problem) problems.push({ field: path || 'input', ...problem, message: `${path || 'input'} ${problem.message}` });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, `${path}[${i}]`, problems));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (unstorableText(key)) problems.push({ field: path || 'input', rule: 'storableKey', message: `${path || 'input'} has a field name that cannot be stored` });
      collect(item, path ? `${path}.${key}` : key, problems);
    }
  }
}
