/**
 * Data markings: the TLP colour of an indicator as a reference to one of the marking
 * definitions that STIX 2.1 predefines (section 7.2.1.4), which every consumer knows by id.
 */

/** The four TLP marking definitions of STIX 2.1, by their fixed ids. */
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
  const colour = tlp.trim().toUpperCase().replace(/^TLP:\s*/, '').replace(/\s+/g, '');
  const key = COLOURS[colour];
  return key ? TLP_MARKING_IDS[key] : null;
}
