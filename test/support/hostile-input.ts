import fc from 'fast-check';
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';

/**
 * Malformed and hostile values for a GraphQL operation's variables, generated from the schema's
 * input types, for property-based tests (fast-check).
 *
 * A case starts from a valid set of variables (or one built from the schema) and changes one to
 * three places in it. Each change is either:
 * - `mustFail`: the value cannot be right whatever the rules are (a wrong type, an unknown enum
 *   value, an Int past 32 bits, a missing required field, null where a value is required, a field
 *   the type does not have, a string of 100,000 characters, a date that is not one), so the call
 *   must be refused; or
 * - `mayPass`: the value has the right type but is hostile (unicode tricks, NUL, injection text,
 *   extreme numbers and dates, an empty or blank string): the service may take it or refuse it,
 *   but must never fail on it.
 */

export type Verdict = 'mustFail' | 'mayPass';

export interface Change {
  /** Where, e.g. `input.dataFlows[0].dataItems[0].name`. */
  path: string;
  kind: string;
  verdict: Verdict;
  /** The value set (absent when the field was removed); long strings are summarised. */
  value?: unknown;
}

export interface HostileCase {
  variables: Record<string, unknown>;
  changes: Change[];
  mustFail: boolean;
}

/** A place in the variables: the path to it and the GraphQL type it must have. */
interface Slot {
  path: (string | number)[];
  type: GraphQLInputType;
  /** A field or argument with a default may be left out even when its type is non-null. */
  hasDefault: boolean;
}

export const HUGE_STRING_LENGTH = 100_000;

/** Text that is a valid GraphQL String but hostile to what might store, render or query it. */
export const HOSTILE_STRINGS: string[] = [
  '',
  '   ',
  '\t\n\r',
  'a\u0000b', // NUL: PostgreSQL text cannot hold it
  '\u0000',
  "'; DROP TABLE organisation; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM audit_entry; --',
  '$1::text',
  '\\',
  '%_%',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '{{#each this}}{{/each}}',
  '${process.env.TOKEN_SECRET}',
  '=HYPERLINK("http://evil.example","x")',
  '+cmd|" /C calc"!A0',
  '\u202Egnp.exe', // right-to-left override
  'مرحبا بالعالم',
  'שלום',
  '👩🏽‍⚕️🏥🇬🇧',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̴̡̛̝̖a̶̧̛l̵̢̛g̸̨̛o̷̧̜',
  '\u200B\u200C\u200D\uFEFF',
  '\uD800', // a lone surrogate
  '\uDFFF\uD800',
  '\uFFFF\uFFFE',
  'ＮＨＳ　ｎｕｍｂｅｒ',
  '../../../etc/passwd',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'x'.repeat(1000),
];

const GRAPHEMES = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const ANY_CODE_POINTS = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const HUGE = fc.constantFrom('x', 'é', '👩🏽‍⚕️', '\u0000').map((unit) => unit.repeat(Math.ceil(HUGE_STRING_LENGTH / unit.length)));

const INT_EDGES = [0, -1, 1, -2147483648, 2147483647, 1_000_000, -1_000_000];
const DATE_TIMES_ODD = [
  '0001-01-01T00:00:00Z',
  '1000-06-15T12:00:00Z',
  '1899-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '2999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2026-02-29T10:00:00Z', // not a leap year: rolls over to March in JavaScript
  '2026-11-21T09:10:00+14:00',
  '2026-11-21',
];
const DATE_TIMES_WRONG = ['not a date', '', '2026-13-45T99:99:99Z', 'yesterday', '9'.repeat(30)];
const LOCAL_DATES_ODD = ['1900-01-01', '2999-12-31', '2000-02-29'];
const LOCAL_DATES_WRONG = ['2026-02-30', '2026-1-1', '0000-01-01', '1899-12-31', '3000-01-01', '20260101', 'today', '', '2026-11-21T00:00:00Z'];

function summarise(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 60) return `<${value.length} × ${JSON.stringify(value.slice(0, 4))}…>`;
  return value;
}

/** A well-formed value of `type`: for an optional field the base left out, or an operation with no base. */
export function validValue(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return fc.array(validValue(inner.ofType as GraphQLInputType, depth + 1), { minLength: 1, maxLength: 2 });
  if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((v) => v.name));
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type) || (depth < 2 && f.defaultValue === undefined));
    const required = fields.filter((f) => isNonNullType(f.type));
    const record = Object.fromEntries(fields.map((f) => [f.name, validValue(f.type, depth + 1)]));
    return fc.record(record, { requiredKeys: required.map((f) => f.name) });
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
        return fc.integer({ min: 0, max: 5 });
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.uuid();
      case 'DateTime':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      case 'LocalDate':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      default:
        return fc.string({ minLength: 1, maxLength: 12 });
    }
  }
  return fc.constant(null);
}

/** A value of the right GraphQL type that is hostile all the same (`mayPass`), with what kind it is. */
function hostileValue(type: GraphQLInputType): fc.Arbitrary<[string, unknown]> {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    const element = inner.ofType as GraphQLInputType;
    return fc.oneof(
      hostileValue(element).map(([kind, value]) => [`list of ${kind}`, [value]] as [string, unknown]),
      validValue(element).map((value) => ['list of 200 repeats', Array.from({ length: 200 }, () => value)] as [string, unknown]),
      fc.constant(['empty list', []] as [string, unknown]),
    );
  }
  if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((v) => ['enum value', v.name] as [string, unknown]));
  if (isInputObjectType(inner)) {
    const anyRequired = Object.values(inner.getFields()).some((f) => isNonNullType(f.type));
    return anyRequired ? validValue(inner).map((v) => ['another valid object', v] as [string, unknown]) : fc.constant(['empty object', {}] as [string, unknown]);
  }
  switch ((inner as { name: string }).name) {
    case 'Int':
      return fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer({ min: -2147483648, max: 2147483647 })).map((n) => ['int edge', n]);
    case 'Boolean':
      return fc.boolean().map((b) => ['boolean', b]);
    case 'DateTime':
      return fc.oneof(fc.constantFrom(...DATE_TIMES_ODD), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())).map((d) => ['odd date-time', d]);
    case 'LocalDate':
      return fc.constantFrom(...LOCAL_DATES_ODD).map((d) => ['odd date', d]);
    case 'ID':
      return fc
        .oneof(fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', '1', '-1', "1' OR '1'='1", '../admin', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), fc.uuid(), fc.integer())
        .map((id) => ['odd id', id]);
    default:
      return fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), GRAPHEMES, ANY_CODE_POINTS).map((s) => ['hostile text', s]);
  }
}

/** A value that cannot be right (`mustFail`), with what kind it is. */
function wrongValue(type: GraphQLInputType): fc.Arbitrary<[string, unknown]> {
  const inner = getNullableType(type) as GraphQLInputType;
  const any = (exclude: string[]) =>
    fc.constantFrom<[string, unknown]>(
      ...([
        ['number for text', 42],
        ['float', 1.5],
        ['boolean', true],
        ['object', { a: 1 }],
        ['nested list', [[]]],
        ['text', 'some text'],
      ] as [string, unknown][]).filter(([kind]) => !exclude.includes(kind)),
    );
  if (isListType(inner)) return wrongValue(inner.ofType as GraphQLInputType).map(([kind, value]) => [`list of ${kind}`, [value]]);
  if (isEnumType(inner)) return fc.oneof(fc.constantFrom<[string, unknown]>(['unknown enum value', 'NOT_A_VALUE'], ['enum value in lower case', inner.getValues()[0].name.toLowerCase()], ['enum as number', 0]), any(['text']));
  if (isInputObjectType(inner)) {
    return fc.constantFrom<[string, unknown]>(['text for an object', 'x'], ['list for an object', [1, 2]], ['number for an object', 7], ['unknown field', { notAField: 1 }]);
  }
  switch ((inner as { name: string }).name) {
    case 'Int':
      return fc.oneof(
        fc.constantFrom<[string, unknown]>(['int past 32 bits', 2147483648], ['int past 32 bits', -2147483649], ['huge number', 1e20], ['float', 1.5], ['numeric text', '12']),
        any(['number for text', 'float']),
      );
    case 'Boolean':
      return fc.oneof(fc.constantFrom<[string, unknown]>(['boolean as text', 'true'], ['boolean as number', 1]), any(['boolean']));
    case 'ID':
      return fc.constantFrom<[string, unknown]>(['float id', 1.5], ['boolean id', true], ['object id', { id: 1 }], ['huge id', 'x'.repeat(HUGE_STRING_LENGTH)]);
    case 'DateTime':
      return fc.oneof(fc.constantFrom(...DATE_TIMES_WRONG).map((d) => ['not a date-time', d] as [string, unknown]), fc.constantFrom<[string, unknown]>(['object date', {}], ['boolean date', true]));
    case 'LocalDate':
      return fc.oneof(fc.constantFrom(...LOCAL_DATES_WRONG).map((d) => ['not a date', d] as [string, unknown]), any(['text']));
    default:
      return fc.oneof(HUGE.map((s) => ['huge text', s] as [string, unknown]), any(['text']));
  }
}

/** Every place in `value` (of `type`) a change can go, down to `maxDepth`, including optional fields it leaves out. */
function slotsOf(type: GraphQLInputType, value: unknown, path: (string | number)[], maxDepth: number, out: Slot[], hasDefault = false): void {
  out.push({ path, type, hasDefault });
  if (path.length >= maxDepth) return;
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [];
    items.slice(0, 2).forEach((item, i) => slotsOf(inner.ofType as GraphQLInputType, item, [...path, i], maxDepth, out));
  } else if (isInputObjectType(inner)) {
    const present = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    for (const field of Object.values(inner.getFields())) {
      // Inside an object the base has: every field. Inside one it left out: only that it is there.
      if (present) slotsOf(field.type, present[field.name], [...path, field.name], maxDepth, out, field.defaultValue !== undefined);
    }
  }
}

/** The slots of an operation's arguments, given the base variables (named after the arguments). */
export function slotsOfArguments(args: readonly GraphQLArgument[], base: Record<string, unknown>, maxDepth = 5): Slot[] {
  const out: Slot[] = [];
  for (const arg of args) slotsOf(arg.type, base[arg.name], [arg.name], maxDepth, out, arg.defaultValue !== undefined);
  return out;
}

export interface Edit {
  slot: Slot;
  action: 'hostile' | 'wrong' | 'remove' | 'null' | 'extraField';
  value?: unknown;
  kind: string;
}

function editArb(slot: Slot): fc.Arbitrary<Edit> {
  const inner = getNullableType(slot.type);
  const options: fc.Arbitrary<Edit>[] = [
    hostileValue(slot.type).map(([kind, value]) => ({ slot, action: 'hostile' as const, value, kind })),
    wrongValue(slot.type).map(([kind, value]) => ({ slot, action: 'wrong' as const, value, kind })),
    fc.constant({ slot, action: 'remove' as const, kind: typeof slot.path.at(-1) === 'number' ? 'list element left out' : isNonNullType(slot.type) ? 'required field left out' : 'optional field left out' }),
    fc.constant({ slot, action: 'null' as const, value: null, kind: isNonNullType(slot.type) ? 'null for a required value' : 'null' }),
  ];
  if (isInputObjectType(inner)) options.push(fc.constant({ slot, action: 'extraField' as const, kind: 'a field the type does not have' }));
  // Hostile values of the right type (the ones that reach the service) as often as all the rest together.
  return fc.oneof({ arbitrary: options[0], weight: 4 }, ...options.slice(1).map((arbitrary) => ({ arbitrary, weight: 1 })));
}

function verdictOf(edit: Edit): Verdict {
  switch (edit.action) {
    case 'hostile':
      return 'mayPass';
    case 'wrong':
    case 'extraField':
      return 'mustFail';
    case 'remove':
      // A required argument or field must be given; a list may lose an element.
      return isNonNullType(edit.slot.type) && !edit.slot.hasDefault && typeof edit.slot.path.at(-1) !== 'number' ? 'mustFail' : 'mayPass';
    case 'null':
      return isNonNullType(edit.slot.type) ? 'mustFail' : 'mayPass';
  }
}

/** Sets (or removes) the value at `path`, creating objects and lists on the way. */
function applyEdit(root: Record<string, unknown>, edit: Edit): void {
  const { path } = edit.slot;
  let node: any = root;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key];
  }
  const last = path[path.length - 1];
  if (edit.action === 'remove') {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else if (edit.action === 'extraField') {
    node[last] = { ...(node[last] && typeof node[last] === 'object' ? node[last] : {}), notAField: 'x' };
  } else {
    node[last] = edit.value;
  }
}

/** Edits for an operation whose valid variables look like `template` (one to three places changed). */
export function hostileEdits(args: readonly GraphQLArgument[], template: Record<string, unknown>): fc.Arbitrary<Edit[]> {
  const slots = slotsOfArguments(args, template);
  if (slots.length === 0) return fc.constant([]);
  return fc.array(fc.constantFrom(...slots).chain(editArb), { minLength: 1, maxLength: 3 });
}

/** A valid set of variables built from the schema, for an operation with no hand-written base. */
export function schemaBuiltVariables(args: readonly GraphQLArgument[], seed: number): Record<string, unknown> {
  const record = fc.record(Object.fromEntries(args.map((a) => [a.name, validValue(a.type)])), {
    requiredKeys: args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
  });
  return fc.sample(record, { numRuns: 1, seed })[0] as Record<string, unknown>;
}

/** `base` (fresh, valid variables shaped like the template the edits were made for) with the edits applied. */
export function applyEdits(base: Record<string, unknown>, edits: Edit[]): HostileCase {
  const variables = structuredClone(base);
  // Changes further down first; one at or below a place changed again later no longer counts.
  const ordered = [...edits].sort((a, b) => b.slot.path.length - a.slot.path.length);
  const changes: Change[] = [];
  for (const edit of ordered) {
    applyEdit(variables, edit);
    changes.push({ path: pathText(edit.slot.path), kind: edit.kind, verdict: verdictOf(edit), value: summarise(edit.value) });
  }
  const live = changes.filter(
    (change, i) => !changes.slice(i + 1).some((later) => later.path === change.path || change.path.startsWith(`${later.path}.`) || change.path.startsWith(`${later.path}[`)),
  );
  return { variables, changes: live, mustFail: live.some((c) => c.verdict === 'mustFail') };
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
