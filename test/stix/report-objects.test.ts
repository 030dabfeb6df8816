import { describe, expect, it } from 'vitest';

import type { IndicatorRelationship } from '../../src/indicators/indicator.js';
import { createStixValidator } from '../../src/stix/validate.js';
import { loadOfficialSchemas } from './official-schemas.js';
import { parse, setup } from './renderer-setup.js';
import { storedIndicator } from './stored-indicator.js';

const official = { '2.0': loadOfficialSchemas('2.0'), '2.1': loadOfficialSchemas('2.1') };
const own = { '2.0': createStixValidator('2.0'), '2.1': createStixValidator('2.1') };
const related = (targetType: string, targetValue: string): IndicatorRelationship => ({
  relationshipType: 'related-to',
  targetType,
  targetValue,
});

const REPORT = {
  type: 'Report',
  value: 'Q3 ransomware review',
  description: 'What we saw in the third quarter',
  tags: ['ransomware'],
  customFields: {
    published: '2024-07-01T00:00:00Z',
    publications: [{ source: 'Unit 42', title: 'Q3', link: 'https://example.com/q3' }],
  },
  relationships: [
    related('Malware', 'LockBit'),
    related('IP', '198.51.100.7'),
    // Named twice: one reference, one relationship.
    related('Malware', 'LockBit'),
  ],
};

describe.each(['2.1', '2.0'] as const)('reports in STIX %s', (version) => {
  const { renderer, warnings } = setup({ version });
  const render = (overrides: Parameters<typeof storedIndicator>[0]) =>
    renderer.render(storedIndicator(overrides));
  const idOf = (type: string, value: string) => render({ type, value })[0]!.id;

  it('name the objects their relationships point at in object_refs, and are valid', () => {
    warnings.length = 0;
    const objects = render(REPORT);
    const [report, ...relationships] = objects;
    const refs = [idOf('Malware', 'LockBit'), idOf('IP', '198.51.100.7')].sort();

    expect(objects.map((o) => o.type)).toEqual(['report', 'relationship', 'relationship']);
    const sdo = parse(report!.json);
    expect(sdo).toMatchObject({
      type: 'report',
      name: 'Q3 ransomware review',
      description: 'What we saw in the third quarter',
      published: '2024-07-01T00:00:00.000Z',
      object_refs: refs,
      labels: ['ransomware'],
      external_references: [
        { source_name: 'Unit 42', description: 'Q3', url: 'https://example.com/q3' },
      ],
    });
    const keys = Object.keys(sdo);
    expect(keys.indexOf('object_refs')).toBe(keys.indexOf('published') + 1);
    for (const o of objects) {
      expect(official[version].validate(parse(o.json) as { type: string })).toEqual([]);
      expect(own[version](parse(o.json))).toEqual([]);
    }
    expect(warnings).toEqual([]);
  });

  it('are served only beside every object they name, as are their relationships', () => {
    const objects = render(REPORT);
    const refs = parse(objects[0]!.json).object_refs;
    for (const o of objects) expect(o.targetRefs).toEqual(refs);
    expect(objects.slice(1).map((o) => o.targetRef)).toEqual([
      idOf('Malware', 'LockBit'),
      idOf('IP', '198.51.100.7'),
    ]);
  });

  it('keep object_refs in one order whatever order the relationships come in', () => {
    const reversed = { ...REPORT, relationships: [...REPORT.relationships].reverse() };
    expect(parse(render(reversed)[0]!.json)).toEqual(parse(render(REPORT)[0]!.json));
  });

  it('are published when first seen, else when created, without a Published field', () => {
    const base = { ...REPORT, customFields: {} };
    const seen = render({ ...base, firstSeen: '2024-05-06T07:08:09Z' });
    expect(parse(seen[0]!.json).published).toBe('2024-05-06T07:08:09.000Z');
    expect(parse(render(base)[0]!.json).published).toBe('2024-01-02T03:04:05.678Z');
  });

  it('leave out relationships to reports, with a note, and name the rest', () => {
    warnings.length = 0;
    const objects = render({
      ...REPORT,
      relationships: [...REPORT.relationships, related('Report', 'Q2')],
    });
    expect(parse(objects[0]!.json).object_refs).toHaveLength(2);
    expect(objects).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('stix object incomplete');
    expect(String(warnings[0]!.fields.notes)).toContain('a relationship to a report is left out');
  });

  it.each([
    ['no relationship', []],
    ['only a relationship to another report', [related('Report', 'Q2')]],
    ['only a relationship to a type with no STIX object', [related('Custom Thing', 'x')]],
  ])('render nothing with %s, saying why', (_, relationships) => {
    warnings.length = 0;
    const problems: string[] = [];
    expect(renderer.render(storedIndicator({ ...REPORT, relationships }), problems)).toEqual([]);
    expect(problems).toContain('a report needs a relationship to an object for its object_refs');
  });
});

describe('report types and 2.0 labels', () => {
  it('take report_types from the Report Type field in STIX 2.1', () => {
    const { objects } = setup();
    const fields = { reporttype: 'Threat Report, malware' };
    const [report] = objects({ ...REPORT, customFields: fields });
    expect(report!.report_types).toEqual(['threat-report', 'malware']);
    expect(official['2.1'].validate(report as { type: string })).toEqual([]);
  });

  it.each([
    [['ransomware'], {}, ['ransomware']],
    [[], { reporttype: 'malware' }, ['malware']],
    [[], {}, ['threat-report']],
  ])(
    'label a 2.0 report with its tags %j, else its types %j, else threat-report',
    (tags, fields, want) => {
      const { objects } = setup({ version: '2.0' });
      const [report] = objects({ ...REPORT, tags, customFields: fields });
      expect(report!.labels).toEqual(want);
      expect(official['2.0'].validate(report as { type: string })).toEqual([]);
    },
  );
});

describe('reports with the XSOAR extension', () => {
  it('carry it, valid, with the definition and identity shared as for other objects', () => {
    const { renderer, warnings } = setup({ extensionFields: 'all' });
    const objects = renderer.render(storedIndicator(REPORT));
    expect(objects.map((o) => o.type)).toEqual([
      'report',
      'extension-definition',
      'identity',
      'relationship',
      'relationship',
    ]);
    const sdo = parse(objects[0]!.json);
    expect(Object.keys(sdo.extensions as object)).toHaveLength(1);
    for (const o of objects) {
      expect(official['2.1'].validate(parse(o.json) as { type: string })).toEqual([]);
      expect(o.targetRefs === undefined, o.type).toBe(o.shared === true);
    }
    expect(warnings).toEqual([]);
  });
});

describe('relationships to reports', () => {
  it.each(['2.1', '2.0'] as const)('are left out of other indicators in STIX %s', (version) => {
    const { objects, warnings } = setup({ version });
    const rendered = objects({
      type: 'Malware',
      value: 'LockBit',
      relationships: [related('Report', 'Q3')],
    });
    expect(rendered.map((o) => o.type)).toEqual(['malware']);
    expect(String(warnings[0]!.fields.notes)).toContain('a relationship to a report is left out');
  });
});
