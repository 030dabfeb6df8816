import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { parseIndicatorFile } from '../../src/importers/index.js';
import { installationNamespace } from '../../src/stix/ids.js';
import type { StixRenderer } from '../../src/stix/rendered.js';
import { createStixRenderer } from '../../src/stix/renderer.js';
import { checkRecords } from '../../src/store/check-pool.js';
import type { CheckedRow } from '../../src/store/indicator-record.js';
import { realData, SHARED } from '../support/shared-data.js';

const NOW = Date.UTC(2026, 0, 2) * 1000;

function renderersWithLog(extensionFields: 'all' | null = null) {
  const log: string[] = [];
  const renderers = (['2.1', '2.0'] as const).map((version) =>
    createStixRenderer({
      version,
      namespace: installationNamespace('check pool tests'),
      observables: { 'domain-name': 'both' },
      extensionFields,
      warn: (fields, msg) => log.push(`${version} ${msg} ${JSON.stringify(fields)}`),
    }),
  );
  return { renderers, log };
}

/** Each checked record as comparable data, its held warnings logged into `log` in order. */
function drain(checks: Iterable<CheckedRow | string>) {
  return [...checks].map((checked) => {
    if (typeof checked === 'string') return checked;
    checked.warn();
    return { row: checked.row, objects: checked.objects };
  });
}

let records: IndicatorInput[] = [];

beforeAll(async () => {
  const files = [
    join(SHARED, 'data', 'xsoar', 'searchRelationships-response.json'),
    join(SHARED, 'data', 'xsoar', 'ip_iocs.json'),
    ...readdirSync(realData('demisto-content')).map((f) => realData('demisto-content', f)),
    ...readdirSync(realData('stamparm-maltrail')).map((f) => realData('stamparm-maltrail', f)),
  ].filter((f) => /\.(json|txt|csv)$/.test(f));
  for (const file of files) {
    const parsed = await parseIndicatorFile(file, {});
    records.push(...parsed.records.map((r) => r.indicator));
  }
  // Refused by the row check, and by every renderer; and records with relationships, which the
  // pool leaves to the caller's thread.
  const base = records[0]!;
  const plain = { tags: [], sourceBrands: [], sourceInstances: [], customFields: {} };
  const emotet = { ...plain, type: 'Malware', value: 'Emotet', score: 3 as const };
  const indicates = { relationshipType: 'indicates', targetType: 'Malware', targetValue: 'Emotet' };
  records.splice(3, 0, emotet, { ...base, value: '198.51.100.9', relationships: [indicates] });
  records.splice(7, 0, { ...base, value: 'score-seven', score: 7 as never });
  records.splice(300, 0, { ...base, type: 'File', value: 'abc' });
  // Rendered with a warning: the objects are left unmarked.
  records.splice(900, 0, { ...base, value: '198.51.100.10', tlp: 'PURPLE' });
  records = records.slice(0, 2_000);
});

describe('checkRecords', () => {
  it('gives in worker threads what the caller thread gives, in order, warnings included', () => {
    expect(records.length).toBeGreaterThan(1_000);
    expect(records.some((r) => (r.relationships?.length ?? 0) > 0)).toBe(true);
    const alone = renderersWithLog('all');
    const pooled = renderersWithLog('all');

    const want = drain(checkRecords(records, NOW, alone.renderers, undefined, { workers: 0 }));
    const got = drain(checkRecords(records, NOW, pooled.renderers, undefined, { workers: 2 }));

    expect(got).toEqual(want);
    expect(want.filter((c) => typeof c === 'string')).toHaveLength(2);
    expect(pooled.log).toEqual(alone.log);
    expect(alone.log.length).toBeGreaterThan(0);
  });

  it('stops its workers when the reader stops early', () => {
    const { renderers } = renderersWithLog();
    let read = 0;
    for (const checked of checkRecords(records, NOW, renderers, undefined, { workers: 2 })) {
      expect(typeof checked === 'string' || checked.objects.length > 0).toBe(true);
      if (++read === 600) break;
    }
    expect(read).toBe(600);
  });

  it('refuses to check with renderers its workers cannot make again', () => {
    const { renderers } = renderersWithLog();
    const forged: StixRenderer[] = renderers.map((r) => ({
      version: r.version,
      profile: `${r.profile}-changed`,
      settings: r.settings!,
      warn: r.warn,
      render: (i, p) => r.render(i, p),
      renderHeld: (i) => r.renderHeld(i),
    }));
    expect(() => [...checkRecords(records, NOW, forged, undefined, { workers: 1 })]).toThrow(
      /checking records in a worker failed: renderer profiles .* differ/,
    );
  });

  it('checks in the caller thread when a renderer has no settings to send', () => {
    const { renderers } = renderersWithLog();
    const opaque: StixRenderer[] = renderers.map((r) => ({
      version: r.version,
      profile: r.profile,
      warn: r.warn,
      render: (i, p) => r.render(i, p),
      renderHeld: (i) => r.renderHeld(i),
    }));
    const want = drain(
      checkRecords(records.slice(0, 50), NOW, renderers, undefined, { workers: 0 }),
    );
    const got = drain(checkRecords(records.slice(0, 50), NOW, opaque, undefined, { workers: 2 }));
    expect(got).toEqual(want);
  });
});
