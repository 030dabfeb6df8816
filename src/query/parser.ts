/**
 * The parser for Cortex XSOAR's indicator search syntax, the language of collection queries.
 *
 * Grammar (keywords in any case; `not` binds tighter than `and`, `and` tighter than `or`, and
 * adjacent terms are joined by an implicit `and`):
 *
 *   query   = [ or ]
 *   or      = and { "or" and }
 *   and     = unary { [ "and" ] unary }
 *   unary   = "not" unary | "-" unary | "(" or ")" | term
 *   term    = name ":" ( value | comparison | list ) | value
 *   list    = "(" value { [ "or" ] value } ")"
 *   compare = ( ">" | ">=" | "<" | "<=" ) value
 *   value   = bare word | double-quoted string with \" and \\ escapes
 *
 * A bare word or quoted phrase without a field searches the indicator value.
 */
import type { CompareOp, QueryNode, Span } from './ast.js';
import { FIELD_PREFIX } from './fields.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { type RawValue, Scanner } from './scanner.js';
import { buildTerm, type ValueShape } from './terms.js';

export { QuerySyntaxError } from './query-syntax-error.js';

/** Deepest nesting of groups and negations; keeps SQL expressions within SQLite's depth limit. */
export const MAX_DEPTH = 32;

/** Most values (terms and list items) in one query; keeps SQL parameters well under limits. */
export const MAX_VALUES = 1_000;

const NOT_A_RANGE = 'a value, not a range (write field:>=a and field:<=b)';

/** Parses a query into its syntax tree, or throws QuerySyntaxError saying where and what. */
export function parseQuery(text: string): QueryNode {
  return new Parser(text).parse();
}

class Parser {
  private readonly scan: Scanner;
  private depth = 0;
  private values = 0;

  constructor(private readonly src: string) {
    this.scan = new Scanner(src);
  }

  parse(): QueryNode {
    this.scan.checkCharacters();
    this.scan.skipSpace();
    if (this.scan.atEnd()) return { kind: 'all', span: { start: 0, end: this.src.length } };

    const node = this.parseOr();
    this.scan.skipSpace();
    if (!this.scan.atEnd()) throw new QuerySyntaxError('end of query', this.scan.pos);
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    for (;;) {
      this.scan.skipSpace();
      if (!this.scan.keywordAt('or')) break;
      this.scan.pos += 2;
      children.push(this.parseAnd());
    }
    return combine('or', children);
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      this.scan.skipSpace();
      if (this.scan.atEnd() || this.scan.peek() === ')' || this.scan.keywordAt('or')) break;
      if (this.scan.keywordAt('and')) this.scan.pos += 3;
      children.push(this.parseUnary());
    }
    return combine('and', children);
  }

  private parseUnary(): QueryNode {
    this.scan.skipSpace();
    const start = this.scan.pos;

    if (this.scan.keywordAt('not')) {
      this.scan.pos += 3;
      return this.negate(start);
    }
    if (this.scan.peek() === '-') {
      this.scan.pos++;
      // `-` negates only what follows it directly: `-tags:benign`, not `- tags:benign`.
      const next = this.scan.peek();
      if (next === '' || next === ')' || this.scan.isSpaceAt(this.scan.pos)) {
        throw new QuerySyntaxError('a term right after "-"', this.scan.pos);
      }
      return this.negate(start);
    }
    return this.parsePrimary();
  }

  private negate(start: number): QueryNode {
    const child = this.nested(() => this.parseUnary());
    return { kind: 'not', child, span: { start, end: child.span.end } };
  }

  private parsePrimary(): QueryNode {
    const scan = this.scan;
    const ch = scan.peek();
    if (ch === '(') return this.parseGroup();
    if (ch === '' || ch === ')') throw new QuerySyntaxError('a term', scan.pos);
    const start = scan.pos;
    if (ch === '"') return this.term('', { kind: 'single', value: this.readValue() }, start);

    FIELD_PREFIX.lastIndex = start;
    const field = FIELD_PREFIX.exec(scan.src);
    if (field) {
      scan.pos += field[0].length;
      return this.term(field[1]!, this.readValueShape(), start);
    }

    if (scan.keywordAt('and') || scan.keywordAt('or')) throw new QuerySyntaxError('a term', start);
    const word = this.readValue();
    if (word.text === '&&' || word.text === '||') {
      throw new QuerySyntaxError('a term ("and" and "or" are written as words)', start);
    }
    return this.term('', { kind: 'single', value: word }, start);
  }

  private parseGroup(): QueryNode {
    const open = this.scan.pos;
    this.scan.pos++;
    const inner = this.nested(() => this.parseOr());
    this.scan.skipSpace();
    if (this.scan.peek() !== ')') throw new QuerySyntaxError('")"', this.scan.pos);
    this.scan.pos++;
    return withSpan(inner, { start: open, end: this.scan.pos });
  }

  private term(written: string, shape: ValueShape, start: number): QueryNode {
    const count = shape.kind === 'list' ? shape.values.length : 1;
    this.values += count;
    if (this.values > MAX_VALUES) {
      throw new QuerySyntaxError(`at most ${MAX_VALUES} values in one query`, start);
    }
    return buildTerm(written, shape, { start, end: this.scan.pos });
  }

  /** After `field:`: a list, a comparison, or one value. */
  private readValueShape(): ValueShape {
    const scan = this.scan;
    if (scan.peek() === '(') {
      const values = this.readList();
      scan.expectBoundary();
      return { kind: 'list', values };
    }

    const opStart = scan.pos;
    const op = /^(?:>=|<=|>|<)/.exec(scan.src.slice(opStart, opStart + 2))?.[0];
    if (op === undefined) return { kind: 'single', value: this.readValue() };

    scan.pos += op.length;
    return { kind: 'compare', op: op as CompareOp, opStart, value: this.readValue() };
  }

  /** `(a "b c" or d)`: values separated by whitespace or by `or`. */
  private readList(): RawValue[] {
    const scan = this.scan;
    scan.pos++;
    const values: RawValue[] = [];
    let afterOr = false;

    for (;;) {
      scan.skipSpace();
      const ch = scan.peek();
      if (ch === '') throw new QuerySyntaxError('")"', scan.pos);
      if (ch === ')') {
        if (values.length === 0 || afterOr) throw new QuerySyntaxError('a value', scan.pos);
        scan.pos++;
        return values;
      }
      if (scan.keywordAt('or')) {
        if (values.length === 0 || afterOr) throw new QuerySyntaxError('a value', scan.pos);
        scan.pos += 2;
        afterOr = true;
        continue;
      }
      if (scan.keywordAt('and') || scan.keywordAt('not')) {
        throw new QuerySyntaxError('a value or "or" (a list means any of its values)', scan.pos);
      }
      if (ch === '>' || ch === '<') {
        throw new QuerySyntaxError('a value (a list cannot hold comparisons)', scan.pos);
      }
      values.push(this.readValue());
      afterOr = false;
    }
  }

  /** One bare or quoted value, followed by whitespace, `)` or the end. */
  private readValue(): RawValue {
    const scan = this.scan;
    const ch = scan.peek();
    let value: RawValue;

    if (ch === '"') {
      value = scan.readQuoted();
    } else {
      if (ch === '[' || ch === '{') {
        throw new QuerySyntaxError(NOT_A_RANGE, scan.pos);
      }
      value = scan.readWord();
      if (value.text === '') throw new QuerySyntaxError('a value', scan.pos);
    }

    scan.expectBoundary();
    return value;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new QuerySyntaxError(`at most ${MAX_DEPTH} nested groups and negations`, this.scan.pos);
    }
    const node = parse();
    this.depth--;
    return node;
  }
}

/** One child stands for itself; nested nodes of the same kind are flattened into one. */
function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0]!;
  const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
  const span = { start: children[0]!.span.start, end: children[children.length - 1]!.span.end };
  return { kind, children: flat, span };
}

function withSpan(node: QueryNode, span: Span): QueryNode {
  return { ...node, span };
}
