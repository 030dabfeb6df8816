/**
 * Domain names, ASCII or internationalized. The canonical form is the name as written, in
 * Unicode NFC, lower case, without a trailing dot: `xn--` labels stay punycode and Unicode
 * labels stay Unicode, so the value a feed publishes is the value it wrote.
 */
import { domainToASCII } from 'node:url';

import type { Checked } from './ip-address.js';

// Letters, marks and digits of any script, hyphen, and underscore (seen in real DNS names
// such as `_dmarc` or service hosts, though not allowed in host names proper).
const LABEL = /^[\p{L}\p{M}\p{Nd}_-]+$/u;
const DIGITS = /^\d+$/;
const ASCII = /^[\x21-\x7e]*$/;

/** Checks a domain name and returns its canonical form. */
export function checkDomain(text: string): Checked {
  const ascii = ASCII.test(text);
  const name = (ascii ? text : text.normalize('NFC')).toLowerCase().replace(/\.$/, '');
  if (name === '') return { ok: false, reason: 'empty domain name' };

  const labels = name.split('.');
  if (labels.length < 2) return { ok: false, reason: 'a single label is not a domain name' };

  for (const label of labels) {
    const problem = labelProblem(label);
    if (problem) return { ok: false, reason: `domain label "${label}" ${problem}` };
  }

  const tld = labels[labels.length - 1] ?? '';
  if (DIGITS.test(tld) || tld.includes('_') || tld.length < 2) {
    return { ok: false, reason: `"${tld}" is not a top-level domain` };
  }

  // UTS 46 processing, as browsers and resolvers do it: it refuses bad punycode and gives the
  // length limits' ASCII form. Plain ASCII without punycode needs neither, and it is most names.
  const wire = ascii && !name.includes('xn--') ? name : domainToASCII(name);
  if (wire === '') return { ok: false, reason: 'not a valid internationalized domain name' };
  if (wire.length > 253) return { ok: false, reason: 'domain name longer than 253 characters' };
  if (wire.split('.').some((label) => label.length > 63)) {
    return { ok: false, reason: 'a domain label is longer than 63 characters' };
  }
  return { ok: true, value: name };
}

function labelProblem(label: string): string | null {
  if (label === '') return 'is empty';
  if (!LABEL.test(label)) {
    const bad = [...label].find((ch) => !LABEL.test(ch)) ?? '';
    return `holds "${bad}", which no host name may contain`;
  }
  if (label.startsWith('-') || label.endsWith('-')) return 'starts or ends with a hyphen';
  return null;
}
