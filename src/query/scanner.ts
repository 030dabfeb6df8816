/**
 * Character-level reading of a query: words, quoted strings, keywords and the whitespace
 * between them, each with its offset. The parser decides what a word means in its place.
 */
import { QuerySyntaxError } from './query-syntax-error.js';

/** A value as written: its text with quotes and escapes removed, and where it stood. */
export interface RawValue {
  readonly text: string;
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

const SPACE = /\s/;

// A word ends at whitespace, a parenthesis or a quote.
const WORD_END = /[\s()"]/;

export class Scanner {
  pos = 0;

  constructor(readonly src: string) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  peek(ahead = 0): string {
    return this.src.charAt(this.pos + ahead);
  }

  isSpaceAt(offset: number): boolean {
    return SPACE.test(this.src.charAt(offset));
  }

  skipSpace(): void {
    while (!this.atEnd() && this.isSpaceAt(this.pos)) this.pos++;
  }

  /** Whether the keyword (any case) stands here as a word of its own. */
  keywordAt(keyword: string): boolean {
    const end = this.pos + keyword.length;
    if (this.src.slice(this.pos, end).toLowerCase() !== keyword) return false;
    return end >= this.src.length || /[\s()]/.test(this.src.charAt(end));
  }

  /** Reads up to the next whitespace, parenthesis or quote; the word may be empty. */
  readWord(): RawValue {
    const start = this.pos;
    while (!this.atEnd() && !WORD_END.test(this.peek())) this.pos++;
    return { text: this.src.slice(start, this.pos), quoted: false, start, end: this.pos };
  }

  /** Reads a double-quoted string at the cursor; `\"` and `\\` are its only escapes. */
  readQuoted(): RawValue {
    const start = this.pos;
    this.pos++;
    let text = '';

    for (;;) {
      if (this.atEnd()) throw new QuerySyntaxError('a closing quote', this.pos);
      const ch = this.peek();
      if (ch === '"') break;
      const next = this.peek(1);
      if (ch === '\\' && (next === '"' || next === '\\')) {
        text += next;
        this.pos += 2;
      } else {
        // Any other backslash is kept as written, so registry keys read as users expect.
        text += ch;
        this.pos++;
      }
    }

    this.pos++;
    return { text, quoted: true, start, end: this.pos };
  }

  /**
   * A word or quoted string must be followed by whitespace, `)` or the end, so `a"b"` or
   * `value:f(x)` is refused rather than read as two terms.
   */
  expectBoundary(): void {
    if (this.atEnd() || this.peek() === ')' || this.isSpaceAt(this.pos)) return;
    throw new QuerySyntaxError('whitespace or ")"', this.pos);
  }

  /**
   * Refuses characters no value can hold: control characters (SQLite's LIKE stops at NUL) and
   * unpaired surrogates (they cannot be encoded as UTF-8 for the store).
   */
  checkCharacters(): void {
    const src = this.src;
    for (let i = 0; i < src.length; i++) {
      const code = src.charCodeAt(i);
      if (code < 0x20 && !SPACE.test(src.charAt(i))) {
        throw new QuerySyntaxError('a printable character', i);
      }
      if (code >= 0xd800 && code <= 0xdbff) {
        const low = src.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) i++;
        else throw new QuerySyntaxError('a valid Unicode character', i);
      } else if (code >= 0xdc00 && code <= 0xdfff) {
        throw new QuerySyntaxError('a valid Unicode character', i);
      }
    }
  }
}
