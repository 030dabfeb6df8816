/**
 * Refanging: undoing the edits analysts make so an indicator cannot be clicked or resolved
 * by accident (`evil[.]com`, `hxxp://`, `user[at]example.com`).
 */

// Each bracket style may carry spaces inside (`[ . ]`), as hand-written reports often do.
const DEFANGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}/gi, '.'],
  [/\[\s*:\/\/\s*\]/g, '://'],
  [/\[\s*:\s*\]/g, ':'],
  [/\[\s*\/\s*\]/g, '/'],
  [/\[\s*(?:@|at)\s*\]|\(\s*(?:@|at)\s*\)|\{\s*(?:@|at)\s*\}/gi, '@'],
];

// Only a scheme is rewritten, so a host or path that merely contains "hxxp" stays intact.
const SCHEME = /\b(?:hxxp|hxtp|htxp)(s?)(?=:\/\/)/gi;
const FTP_SCHEME = /\bfxp(s?)(?=:\/\/)/gi;

/** Turns a defanged indicator (or a line of text holding some) back into its real form. */
export function refang(text: string): string {
  if (!/[[({]|xx|xt|tx|fxp/i.test(text)) return text;

  let out = text;
  for (const [pattern, replacement] of DEFANGS) out = out.replace(pattern, replacement);
  return out
    .replace(SCHEME, (_, s: string) => `http${s.toLowerCase()}`)
    .replace(FTP_SCHEME, (_, s: string) => `ftp${s.toLowerCase()}`);
}
