import { describe, expect, it } from 'vitest';

import { canonicalSubject, canonicalSubjectText } from '../../src/auth/certificate-subject.js';

describe('certificate subjects', () => {
  it.each([
    ['CN=alice,O=Partner Org', { CN: 'alice', O: 'Partner Org' }],
    ['O=Partner Org, CN=alice', { CN: 'alice', O: 'Partner Org' }],
    ['cn=alice,o=Partner Org', { CN: 'alice', O: 'Partner Org' }],
    ['CN=Smith\\, John,O=Acme', { CN: 'Smith, John', O: 'Acme' }],
    ['CN=J\\C3\\BCrgen', { CN: 'Jürgen' }],
    ['OU=a+OU=b,CN=x', { OU: ['b', 'a'], CN: 'x' }],
  ])('matches %j to the certificate subject %j', (text, subject) => {
    expect(canonicalSubjectText(text)).toBe(canonicalSubject(subject));
  });

  it.each([
    ['CN=alice', { CN: 'alice', O: 'Partner Org' }],
    ['CN=alice,O=Partner Org', { CN: 'alice' }],
    ['CN=Alice', { CN: 'alice' }],
    ['CN=alice,O=Partner', { CN: 'alice', O: 'Partner Org' }],
  ])('does not match %j to %j: every attribute must be equal', (text, subject) => {
    expect(canonicalSubjectText(text)).not.toBe(canonicalSubject(subject));
  });

  it.each(['', 'alice', '=alice', 'C N=x'])('refuses the malformed subject %j', (text) => {
    expect(() => canonicalSubjectText(text)).toThrow();
  });
});
