import type { StoredIndicator } from '../indicators/indicator.js';

export type StixVersion = '2.0' | '2.1';

/** One STIX object rendered to its final JSON text, ready to be concatenated into a page. */
export interface RenderedObject {
  id: string;
  type: string;
  /** The object's `modified` (or `created` for objects without one): its TAXII version. */
  version: string;
  json: string;
  /**
   * For a relationship to an object another indicator becomes: that object's id. The store
   * serves the relationship only where an object with this id is in the same collection, so
   * no collection holds a relationship whose target it does not also hold.
   */
  targetRef?: string;
  /**
   * For a report and the relationships rendered with it: every object its `object_refs`
   * names. The store serves such an object only where all of them are in the same collection,
   * so a report is never served with a reference the collection cannot resolve.
   */
  targetRefs?: string[];
  /**
   * An object that many indicators' objects refer to (a TLP marking definition): each
   * rendering that needs it carries a copy, and a collection serves only the first copy in its
   * order, so it holds the object once, before anything that refers to it.
   */
  shared?: true;
}

/**
 * Turns a stored indicator into the STIX objects a consumer receives.
 *
 * `profile` names everything that shapes the output (STIX version, object choices, extension
 * fields); the store keeps rendered objects per profile and renders again when it changes.
 */
export interface StixRenderer {
  readonly version: StixVersion;
  readonly profile: string;
  /**
   * What the renderer was made of, apart from its warning sink: plain data, so that another
   * thread can make the same renderer (same profile, same output). Absent on renderers that
   * cannot be made again so.
   */
  readonly settings?: RendererSettings;
  /** Where the renderer reports what it leaves out, as `render(indicator)` does. */
  readonly warn: (fields: object, msg: string) => void;
  /**
   * The objects for an indicator; invalid ones are left out, with a warning, or, when
   * `problems` is given, with the reason pushed onto it instead.
   */
  render(indicator: StoredIndicator, problems?: string[]): RenderedObject[];
  /**
   * The objects with the warnings held back, so that one rendering serves both the check of
   * an import record and its write: a refused record reports `problems`, a written one passes
   * each of `held` to `warn`, which logs them as `render(indicator)` would have.
   */
  renderHeld(indicator: StoredIndicator): HeldRendering;
}

/** The options of createStixRenderer (renderer.ts) that shape the output. */
export interface RendererSettings {
  version: StixVersion;
  namespace: string;
  observables?: Partial<Record<string, 'indicator' | 'sco' | 'both'>>;
  extensionFields?: 'all' | string[] | null;
}

export interface HeldRendering {
  objects: RenderedObject[];
  /** Why objects were left out, in the words `render(indicator, problems)` uses. */
  problems: string[];
  /** The held warnings as data, the fields and message of each in order, for `warn` to log. */
  held: Array<[object, string]>;
}
