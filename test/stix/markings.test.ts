import { describe, expect, it } from 'vitest';

import {
  TLP_MARKING_IDS,
  markingDefinitionFor,
  tlpMarkingDefinition,
  tlpMarkingId,
  type TlpColour,
} from '../../src/stix/markings.js';
import { createStixValidator } from '../../src/stix/validate.js';
import { loadOfficialSchemas } from './official-schemas.js';

const COLOURS = Object.keys(TLP_MARKING_IDS) as TlpColour[];
const VERSIONS = ['2.0', '2.1'] as const;

describe('tlpMarkingId', () => {
  it.each([
    ['amber', TLP_MARKING_IDS.AMBER],
    ['TLP:GREEN', TLP_MARKING_IDS.GREEN],
    ['tlp: red', TLP_MARKING_IDS.RED],
    ['CLEAR', TLP_MARKING_IDS.WHITE],
    ['AMBER+STRICT', TLP_MARKING_IDS.AMBER],
    ['purple', null],
    ['', null],
    [null, null],
  ])('reads %j as %j', (tlp, want) => {
    expect(tlpMarkingId(tlp)).toBe(want);
  });
});

describe.each(VERSIONS)('the TLP marking definitions of STIX %s', (version) => {
  const official = loadOfficialSchemas(version);
  const own = createStixValidator(version);

  it.each(COLOURS)('writes %s as the official schema fixes it', (colour) => {
    const definition = tlpMarkingDefinition(colour, version);

    expect(definition.id).toBe(TLP_MARKING_IDS[colour]);
    expect(definition.definition).toEqual({ tlp: colour.toLowerCase() });
    expect(official.validate(definition)).toEqual([]);
    expect(own(definition)).toEqual([]);
  });

  it('finds the definition of every id a marking reference can hold, and no other', () => {
    for (const colour of COLOURS) {
      expect(markingDefinitionFor(TLP_MARKING_IDS[colour], version)).toEqual(
        tlpMarkingDefinition(colour, version),
      );
    }
    const unknown = 'marking-definition--00000000-0000-4000-8000-000000000000';
    expect(markingDefinitionFor(unknown, version)).toBeNull();
  });
});

describe('the versions side by side', () => {
  it('share the ids, and only 2.1 carries spec_version and a name', () => {
    const v20 = tlpMarkingDefinition('RED', '2.0');
    const v21 = tlpMarkingDefinition('RED', '2.1');

    expect(v20.id).toBe(v21.id);
    expect(v20).not.toHaveProperty('spec_version');
    expect(v20).not.toHaveProperty('name');
    expect(v21).toMatchObject({ spec_version: '2.1', name: 'TLP:RED' });
  });

  it('is refused by the other version where the shapes differ', () => {
    expect(loadOfficialSchemas('2.1').validate(tlpMarkingDefinition('RED', '2.0'))).not.toEqual([]);
    expect(createStixValidator('2.0')(tlpMarkingDefinition('RED', '2.1'))).not.toEqual([]);
  });
});
