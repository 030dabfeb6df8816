import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseIndicatorFile, type ParsedFile } from '../../src/importers/index.js';
import { realData } from '../support/shared-data.js';

/** Non-blank lines that are not `#` comments, counted without the importer. */
function valueLines(path: string): number {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}

function typeCounts(parsed: ParsedFile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { indicator } of parsed.records) {
    counts[indicator.type] = (counts[indicator.type] ?? 0) + 1;
  }
  return counts;
}

function find(parsed: ParsedFile, value: string) {
  return parsed.records.find((r) => r.indicator.value === value);
}

// Counts below were checked by hand and with an independent script (Python's ipaddress
// module for addresses) against the files in /work/shared/data/real.
describe('real public IOC files', () => {
  it('maltrail mass_scanner.txt: 18,835 distinct addresses, 5 lines that name none', async () => {
    const path = realData('stamparm-maltrail', 'mass_scanner.txt');
    const parsed = await parseIndicatorFile(path);

    // 19,220 value lines hold 18,840 distinct strings; five of those are no address (two
    // HTTP request paths and three addresses with a stray leading "C"), so 18,835 remain.
    expect(valueLines(path)).toBe(19_220);
    expect(parsed.format).toBe('list');
    expect(parsed.records).toHaveLength(18_835);
    expect(typeCounts(parsed)).toEqual({ IP: 16_854, IPv6: 1_981 });
    expect(parsed.rejections.map((r) => r.line)).toEqual([16_343, 16_347, 17_474, 17_484, 18_235]);
    expect(parsed.rejections[2]?.reason).toMatch(/^"C91\.196\.152\.28": not an IP/);
    const v6 = find(parsed, '2400:6180:0:d0::1008:2001');
    expect(v6?.indicator.description).toBe('binaryedge.ninja');
  });

  it('maltrail zloader.txt: domains, addresses, URLs; host/path forms get http://', async () => {
    const path = realData('stamparm-maltrail', 'zloader.txt');
    const parsed = await parseIndicatorFile(path);
    expect(valueLines(path)).toBe(2_389);
    expect(parsed.records).toHaveLength(1_892);
    expect(typeCounts(parsed)).toEqual({ Domain: 1_224, URL: 663, IP: 5 });
    // Maltrail's bare paths match any host; they name no indicator.
    expect(parsed.rejections).toHaveLength(111);
    const reasons = new Set(parsed.rejections.map((r) => r.reason.replace(/^".*": /, '')));
    expect(reasons).toEqual(new Set(['a path without a host is no indicator']));
    expect(find(parsed, 'http://foodsgoodforliver.com/invest_20.dll')?.indicator.type).toBe('URL');
    expect(find(parsed, 'http://95.181.152.77')?.indicator.type).toBe('URL');
    expect(find(parsed, 'xn--80agatbmcgncccbd9andd6w.xn--p1ai')?.indicator.type).toBe('Domain');
  });

  it('maltrail fakebat.txt: punycode domains with their Unicode form as description', async () => {
    const path = realData('stamparm-maltrail', 'fakebat.txt');
    const parsed = await parseIndicatorFile(path);
    expect(valueLines(path)).toBe(387);
    expect(parsed.records).toHaveLength(383);
    expect(typeCounts(parsed)).toEqual({ Domain: 379, IP: 3, URL: 1 });
    expect(parsed.rejections).toEqual([]);
    expect(find(parsed, 'xn--eepass-vbb.info')?.indicator.description).toBe('was: ķeepass.info');
  });

  it('maltrail apt_darkhotel.txt: a non-host character and bare paths are rejected', async () => {
    const path = realData('stamparm-maltrail', 'apt_darkhotel.txt');
    const parsed = await parseIndicatorFile(path);
    expect(valueLines(path)).toBe(333);
    expect(parsed.records).toHaveLength(318);
    expect(typeCounts(parsed)).toEqual({ Domain: 314, IP: 2, URL: 2 });
    expect(parsed.rejections.map((r) => r.line)).toEqual([250, 317, 318, 319, 357, 366, 367, 368]);
    expect(parsed.rejections[0]?.reason).toContain('holds "¬", which no host name may contain');
    expect(find(parsed, 'terryblog.110mb.com')?.indicator.type).toBe('Domain');
  });

  it('neo23x0 c2-iocs.txt: domains and IPv4, LOKI scores kept aside', async () => {
    const path = realData('neo23x0-signature-base', 'c2-iocs.txt');
    const parsed = await parseIndicatorFile(path);
    expect(valueLines(path)).toBe(1_844);
    expect(parsed.records).toHaveLength(1_773);
    expect(typeCounts(parsed)).toEqual({ Domain: 1_655, IP: 118 });
    expect(parsed.rejections).toEqual([]);
    const scored = parsed.records.filter((r) => r.indicator.customFields.lokiscore === 65);
    expect(scored.map((r) => r.indicator.value)).toEqual([
      '176.123.5.126',
      '5.149.249.226',
      '185.181.230.103',
      '209.127.12.38',
      '181.214.147.164',
      '192.119.99.42',
    ]);
  });

  it('unit 42 Conti_IOCs.txt: defanged and plain forms of one address merge', async () => {
    const path = realData('pan-unit42-iocs', 'Conti_IOCs.txt');
    const parsed = await parseIndicatorFile(path);
    expect(valueLines(path)).toBe(55);
    expect(parsed.records).toHaveLength(54);
    expect(typeCounts(parsed)).toEqual({ IP: 7, Domain: 3, File: 44 });
    expect(parsed.rejections).toEqual([]);
    expect(find(parsed, '185.178.209.193')).toMatchObject({
      line: 1,
      indicator: { type: 'IP', description: 'Cobalt Strike C2 communication' },
    });
    expect(find(parsed, 'gue.life')?.indicator.type).toBe('Domain');
  });

  it('unit 42 venomrat_iocs.csv: sample hashes and every C2 with its type and port', async () => {
    const path = realData('pan-unit42-iocs', 'venomrat_iocs.csv');
    const parsed = await parseIndicatorFile(path);
    expect(parsed.format).toBe('csv');
    expect(parsed.rejections).toEqual([]);
    // 438 rows: 308 distinct SHA-256 samples; 203 distinct C2 hosts once ports are set aside.
    expect(parsed.records).toHaveLength(511);
    expect(typeCounts(parsed)).toEqual({ File: 308, IP: 177, Domain: 14, URL: 12 });

    expect(find(parsed, '20.195.166.5')?.indicator.customFields).toEqual({ ports: [30120] });
    expect(find(parsed, '2.tcp.eu.ngrok.io')?.indicator.customFields).toEqual({
      Type: 'C2 @ Pastebin URL',
      ports: [12002],
    });
    expect(find(parsed, 'https://pastebin.com/raw/rsKSXpGQ')?.indicator.type).toBe('URL');
    expect(find(parsed, '95.214.26.97')?.indicator.type).toBe('IP');
  });

  const bandook = ['bandook-samples.md5', 'bandook-samples.sha256'];

  it.each(bandook)('eset %s: 136 File hashes', async (name) => {
    const parsed = await parseIndicatorFile(realData('eset-malware-ioc', name));
    expect(parsed.records).toHaveLength(136);
    expect(typeCounts(parsed)).toEqual({ File: 136 });
    expect(parsed.rejections).toEqual([]);
  });

  it('gives the same records for the same file every time', async () => {
    const path = realData('stamparm-maltrail', 'zloader.txt');
    const first = await parseIndicatorFile(path, { score: 3, tags: ['zloader'] });
    const second = await parseIndicatorFile(path, { score: 3, tags: ['zloader'] });
    expect(second).toEqual(first);
  });
});
