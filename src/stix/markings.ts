/**
 * Data markings: the TLP colour of an indicator as a reference to one of the marking
 * definitions that STIX predefines (2.1 section 7.2.1.4, 2.0 Part 1 section 4.1.4), which
 * every consumer knows by id. Both versions fix the same four ids.
 */
import type { StixObject } from './objects.js';
import type { StixVersion } from './rendered.js';

/** The four TLP marking definitions of STIX 2.1 and 2.0, by their fixed ids. */
export const TLP_MARKING_IDS = {
  WHITE: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  GREEN: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  AMBER: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  RED: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

// TLP 2.0 colours fold onto the TLP 1.0 definitions the standard fixes: CLEAR is WHITE
// renamed, and AMBER+STRICT narrows AMBER, so a consumer that honours AMBER is still bound.
const COLOURS: Readonly<Record<string, keyof typeof TLP_MARKING_IDS>> = {
  WHITE: 'WHITE',
  CLEAR: 'WHITE',
  GREEN: 'GREEN',
  AMBER: 'AMBER',
  'AMBER+STRICT': 'AMBER',
  RED: 'RED',
};

/**
 * The marking-definition id for a TLP colour as sources write it (`amber`, `TLP:AMBER`,
 * `AMBER+STRICT`), or null for no colour or one TLP does not define.
 */
export function tlpMarkingId(tlp: string | null | undefined): string | null {
  if (!tlp) return null;
  const colour = tlp
    .trim()
    .toUpperCase()
    .replace(/^TLP:\s*/, '')
    .replace(/\s+/g, '');
  const key = COLOURS[colour];
  return key ? TLP_MARKING_IDS[key] : null;
}

export type TlpColour = keyof typeof TLP_MARKING_IDS;

// The creation time both versions of the standard give the four definitions.
const TLP_CREATED = '2017-01-20T00:00:00.000Z';

/**
 * The marking-definition object of a TLP colour, exactly as the standard of `version` prints
 * it: 2.1 adds `spec_version` and a `name`, 2.0 has neither.
 */
export function tlpMarkingDefinition(colour: TlpColour, version: StixVersion): StixObject {
  const definition = { tlp: colour.toLowerCase() };
  const id = TLP_MARKING_IDS[colour];
  if (version === '2.0') {
    const type = 'marking-definition';
    return { type, id, created: TLP_CREATED, definition_type: 'tlp', definition };
  }
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: TLP_CREATED,
    definition_type: 'tlp',
    name: `TLP:${colour}`,
    definition,
  };
}

/** The definition an id in `object_marking_refs` refers to, or null for an unknown id. */
export function markingDefinitionFor(id: string, version: StixVersion): StixObject | null {
  const colours = Object.keys(TLP_MARKING_IDS) as TlpColour[];
  const colour = colours.find((c) => TLP_MARKING_IDS[c] === id);
  return colour === undefined ? null : tlpMarkingDefinition(colour, version);
}
