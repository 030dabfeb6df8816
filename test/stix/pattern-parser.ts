/**
 * A recursive-descent parser for the part of the STIX 2.1 patterning grammar (chapter 9,
 * after the STIXPattern ANTLR grammar) that the renderer can write. It is written apart from
 * the renderer's own code, so an emitted pattern that parses here is known to follow the
 * grammar and not merely to agree with the code that wrote it.
 *
 *   pattern        := observation (('AND' | 'OR') observation)*
 *   observation    := '[' orExpression ']'
 *   orExpression   := andExpression ('OR' andExpression)*
 *   andExpression  := comparison ('AND' comparison)*
 *   comparison     := '(' orExpression ')' | objectPath ('=' | '!=' | 'LIKE') literal
 *   objectPath     := objectType ':' component ('.' component)*
 *   objectType     := [a-zA-Z_][a-zA-Z0-9_-]*
 *   component      := [a-zA-Z_][a-zA-Z0-9_]* | stringLiteral
 *   literal        := stringLiteral | intLiteral
 *   stringLiteral  := "'" ( any character but ' and \ | "\'" | "\\" )* "'"
 *   intLiteral     := ('+' | '-')? ('0' | [1-9][0-9]*)
 */

export interface ParsedComparison {
  objectType: string;
  /** The path's components, string-literal components unescaped. */
  path: string[];
  operator: '=' | '!=' | 'LIKE';
  value: string | number;
}

export interface ParsedPattern {
  /** One entry per observation expression: its comparisons, left to right. */
  observations: ParsedComparison[][];
  /** The boolean operators between comparisons, in order of appearance. */
  operators: string[];
}

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at offset ${position}`);
  }
}

/** Parses a pattern; throws PatternSyntaxError when it does not follow the grammar. */
export function parsePattern(text: string): ParsedPattern {
  const parser = new Parser(text);
  const result = parser.pattern();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected text after the pattern');
  return result;
}

class Parser {
  private pos = 0;
  private readonly operators: string[] = [];

  constructor(private readonly text: string) {}

  pattern(): ParsedPattern {
    const observations = [this.observation()];
    for (let op = this.keyword('AND', 'OR'); op !== null; op = this.keyword('AND', 'OR')) {
      this.operators.push(op);
      observations.push(this.observation());
    }
    return { observations, operators: this.operators };
  }

  private observation(): ParsedComparison[] {
    this.expect('[');
    const comparisons = this.orExpression();
    this.expect(']');
    return comparisons;
  }

  private orExpression(): ParsedComparison[] {
    const comparisons = this.andExpression();
    while (this.keywordAhead('OR')) {
      this.operators.push(this.keyword('OR')!);
      comparisons.push(...this.andExpression());
    }
    return comparisons;
  }

  private andExpression(): ParsedComparison[] {
    const comparisons = this.comparison();
    while (this.keywordAhead('AND')) {
      this.operators.push(this.keyword('AND')!);
      comparisons.push(...this.comparison());
    }
    return comparisons;
  }

  private comparison(): ParsedComparison[] {
    this.skipSpace();
    if (this.peek() === '(') {
      this.pos++;
      const inner = this.orExpression();
      this.expect(')');
      return inner;
    }

    const objectType = this.match(/[a-zA-Z_][a-zA-Z0-9_-]*/y, 'an object type');
    this.expect(':');
    const path = [this.component()];
    while (this.peek() === '.') {
      this.pos++;
      path.push(this.component());
    }

    this.skipSpace();
    const operator = this.operator();
    this.skipSpace();
    return [{ objectType, path, operator, value: this.literal() }];
  }

  private component(): string {
    if (this.peek() === "'") return this.stringLiteral();
    return this.match(/[a-zA-Z_][a-zA-Z0-9_]*/y, 'a path component');
  }

  private operator(): ParsedComparison['operator'] {
    if (this.text.startsWith('!=', this.pos)) return this.advance(2, '!=');
    if (this.text.startsWith('=', this.pos)) return this.advance(1, '=');
    if (this.keyword('LIKE')) return 'LIKE';
    return this.fail('expected a comparison operator');
  }

  private literal(): string | number {
    if (this.peek() === "'") return this.stringLiteral();
    const digits = this.match(/[+-]?(?:0|[1-9][0-9]*)(?![0-9.])/y, 'a literal');
    return Number(digits);
  }

  private stringLiteral(): string {
    this.expect("'", false);
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string literal');
      this.pos++;
      if (c === "'") return value;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = this.text[this.pos];
      if (escaped !== "'" && escaped !== '\\') this.fail("only \\' and \\\\ may be escaped");
      value += escaped;
      this.pos++;
    }
  }

  // Keywords are upper case and stand alone: ORDER is not OR followed by DER.
  private keyword(...words: string[]): string | null {
    this.skipSpace();
    for (const word of words) {
      const after = this.text[this.pos + word.length] ?? ' ';
      if (this.text.startsWith(word, this.pos) && !/[a-zA-Z0-9_]/.test(after)) {
        this.pos += word.length;
        return word;
      }
    }
    return null;
  }

  private keywordAhead(word: string): boolean {
    const start = this.pos;
    const found = this.keyword(word) !== null;
    this.pos = start;
    return found;
  }

  private match(token: RegExp, what: string): string {
    token.lastIndex = this.pos;
    const m = token.exec(this.text);
    if (!m) this.fail(`expected ${what}`);
    this.pos += m[0].length;
    return m[0];
  }

  private expect(c: string, skip = true): void {
    if (skip) this.skipSpace();
    if (this.text[this.pos] !== c) this.fail(`expected ${JSON.stringify(c)}`);
    this.pos++;
  }

  private advance<T extends string>(n: number, token: T): T {
    this.pos += n;
    return token;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new PatternSyntaxError(message, this.pos);
  }
}
