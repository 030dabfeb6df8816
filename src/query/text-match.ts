/**
 * Text matching shared by the evaluator and the SQL compilers, so both read a pattern alike.
 *
 * Case-insensitivity folds ASCII letters only, because that is what SQLite's NOCASE collation
 * and LIKE do; folding more in one place than the other would make the store and the reference
 * evaluator disagree. `*` matches any run of characters and `?` exactly one character (a Unicode
 * code point, as SQLite's LIKE counts them); every other character matches only itself.
 */

/** Lower-cases ASCII letters and leaves every other character as it is. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** True for `*`, `**`, ...: a pattern every string matches. */
export function isMatchAll(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

/** Whether `text` matches `pattern`, case-insensitively, with `*` and `?` as wildcards. */
export function matchesPattern(pattern: string, text: string): boolean {
  if (!hasWildcard(pattern)) return foldCase(pattern) === foldCase(text);
  return globMatch(Array.from(foldCase(pattern)), Array.from(foldCase(text)));
}

/**
 * The pattern as a LIKE pattern for `LIKE ? ESCAPE '\'`: the wildcards become `%` and `_`, and a
 * literal `%`, `_` or `\` is escaped so it matches only itself.
 */
export function toLikePattern(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** TLP colours the query treats as one: TLP 2.0 renamed WHITE to CLEAR. */
export const TLP_SAME_COLOUR: readonly string[] = ['WHITE', 'CLEAR'];

/** Whether a stored TLP colour matches a pattern, WHITE and CLEAR standing for each other. */
export function matchesTlp(pattern: string, tlp: string): boolean {
  if (matchesPattern(pattern, tlp)) return true;
  const isSameColour = TLP_SAME_COLOUR.some((name) => foldCase(name) === foldCase(tlp));
  return isSameColour && TLP_SAME_COLOUR.some((name) => matchesPattern(pattern, name));
}

// Greedy matching with one remembered star: linear in practice and never exponential, unlike a
// backtracking regular expression built from the pattern.
function globMatch(pattern: string[], text: string[]): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;

  while (t < text.length) {
    const ch = pattern[p];
    if (ch === '*') {
      starAt = p++;
      resumeAt = t;
    } else if (ch !== undefined && (ch === '?' || ch === text[t])) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }

  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
