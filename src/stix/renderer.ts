/**
 * The STIX renderer: indicators to validated, serialized objects in STIX 2.1 or 2.0, once per
 * indicator version and output profile (see rendered.ts for the interface the store relies on).
 */
import { createHash } from 'node:crypto';

import { validate as isUuid } from 'uuid';

import type { StoredIndicator } from '../indicators/indicator.js';
import { canonicalize } from './canonical-json.js';
import { describeIndicator, mapIndicator, type ObservableMode, type Warn } from './mapping.js';
import type { MappedObject, MappingOptions } from './mapping.js';
import { mapIndicator20 } from './mapping-20.js';
import { reporter } from './mapping-steps.js';
import { relationship } from './objects.js';
import { relationship20 } from './objects-20.js';
import { relationshipObjects, type RelationshipBuilder } from './relationships.js';
import { withReportContents } from './report-objects.js';
import { markingObjects } from './shared-objects.js';
import { withXsoarExtension } from './extension-objects.js';
import { xsoarIndicatorSchema, type ExtensionFields } from './xsoar-extension.js';
import type { RenderedObject, StixRenderer, StixVersion } from './rendered.js';
import { createStixValidator, type StixValidator } from './validate.js';
import { SCO_TYPES } from './xsoar-types.js';

export type { ObservableMode, Warn } from './mapping.js';

/**
 * The version of what this code writes. Raise it whenever a change to the renderer or to its
 * schemas changes the output for some indicator: the profile changes with it, and stores
 * render again.
 */
export const RENDER_FORMAT_VERSION = 5;

export interface StixOptions {
  /** The STIX version written; a store keeps each version's objects under its own profile. */
  version: StixVersion;
  /** The installation namespace: a UUID, as `installationNamespace()` derives it. */
  namespace: string;
  /** What a consumer receives per SCO type (`ipv4-addr`, `file`, ...); `indicator` by default. */
  observables?: Partial<Record<string, ObservableMode>>;
  /**
   * The indicator fields carried in the XSOAR property extension (`all`, or names); none when
   * absent or empty. STIX 2.1 only: STIX 2.0 has no extensions.
   */
  extensionFields?: ExtensionFields | null | undefined;
  /** Where objects left out or cut short are reported: `(f, m) => logger.warn(f, m)` with pino. */
  warn?: Warn;
}

const MODES: readonly ObservableMode[] = ['indicator', 'sco', 'both'];
const VERSIONS: readonly StixVersion[] = ['2.0', '2.1'];

type Mapping = (indicator: StoredIndicator, options: MappingOptions) => MappedObject[];
const MAPPINGS: Readonly<Record<StixVersion, Mapping>> = {
  '2.0': mapIndicator20,
  '2.1': mapIndicator,
};
const RELATIONSHIPS: Readonly<Record<StixVersion, RelationshipBuilder>> = {
  '2.0': relationship20,
  '2.1': relationship,
};

/** Creates a renderer; throws on options that cannot work, naming the option and the fix. */
export function createStixRenderer(options: StixOptions): StixRenderer {
  const modes = observableModes(options);
  const namespace = checkedNamespace(options.namespace);
  const warn = options.warn ?? (() => {});
  const { version } = options;
  const validate = createStixValidator(version);
  const mapping = { namespace, modeFor: (type: string) => modes[type] ?? 'indicator', warn };
  const map = MAPPINGS[version];
  const extension = version === '2.1' ? extensionFieldsOf(options.extensionFields) : null;
  // Compiled here, at start, so that no rendering ever compiles a schema.
  const extensionContext =
    extension === null ? null : { fields: extension, schema: xsoarIndicatorSchema(), validate };

  const renderWith = (indicator: StoredIndicator, report: Warn): RenderedObject[] => {
    const options = { ...mapping, warn: report };
    const own = safeMap(map, indicator, options);
    const related = relationshipObjects(indicator, own, {
      version,
      options,
      map,
      build: RELATIONSHIPS[version],
      report: reporter(indicator, report),
    });
    // A report takes its object_refs from its relationships before the extension's check of
    // it, which a report without them would fail; every object keeps its place.
    const contents = withReportContents([...own, ...related], reporter(indicator, report));
    const [filled, relationships] = [contents.slice(0, own.length), contents.slice(own.length)];
    const mapped = extensionContext
      ? withXsoarExtension(filled, indicator, extensionContext, reporter(indicator, report))
      : filled;
    const objects = [...mapped, ...relationships];
    const shared = markingObjects(objects, version);
    return serializeValid([...objects, ...shared], indicator, validate, report);
  };

  return {
    version,
    profile: profileOf(version, namespace, modes, extension),
    settings: {
      version,
      namespace,
      observables: { ...options.observables },
      extensionFields: extension === 'all' ? 'all' : extension && [...extension],
    },
    warn,
    render(indicator, problems) {
      // With `problems`, the reasons an object is left out go to the caller instead of the log.
      const report: Warn = problems
        ? (fields, msg) => void problems.push(problemText(fields, msg))
        : warn;
      return renderWith(indicator, report);
    },
    renderHeld(indicator) {
      const held: Array<[object, string]> = [];
      const objects = renderWith(indicator, (fields, msg) => void held.push([fields, msg]));
      return {
        objects,
        problems: held.map(([fields, msg]) => problemText(fields, msg)),
        held,
      };
    },
  };
}

/**
 * Everything that shapes the output, hashed: the format version, the STIX version, the id
 * namespace and the mode of every SCO type (defaults written out, so that naming a default
 * explicitly does not change the profile).
 */
function profileOf(
  version: StixVersion,
  namespace: string,
  modes: Readonly<Record<string, ObservableMode>>,
  extension: ExtensionFields | null,
): string {
  const shape = { format: RENDER_FORMAT_VERSION, stix: version, namespace, observables: modes };
  // Without the extension the shape, and so the profile, is what it was before it existed.
  if (extension !== null) Object.assign(shape, { extension });
  return createHash('sha256').update(canonicalize(shape)).digest('hex').slice(0, 16);
}

function observableModes(options: StixOptions): Record<string, ObservableMode> {
  if (!VERSIONS.includes(options.version)) {
    const known = VERSIONS.map((v) => `'${v}'`).join(' or ');
    throw new Error(`stix version ${JSON.stringify(options.version)}: use ${known}`);
  }

  const given = options.observables ?? {};
  for (const [type, mode] of Object.entries(given)) {
    if (!SCO_TYPES.includes(type)) {
      const known = SCO_TYPES.join(', ');
      throw new Error(`stix observables.${type}: not an SCO type; use one of ${known}`);
    }
    if (mode !== undefined && !MODES.includes(mode)) {
      throw new Error(`stix observables.${type}: ${JSON.stringify(mode)}; use ${MODES.join(', ')}`);
    }
  }
  return Object.fromEntries(SCO_TYPES.map((type) => [type, given[type] ?? 'indicator']));
}

function extensionFieldsOf(fields: StixOptions['extensionFields']): ExtensionFields | null {
  if (fields === undefined || fields === null) return null;
  if (fields === 'all') return 'all';
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string' || f === '')) {
    throw new Error('stix extensionFields: use "all" or a list of indicator field names');
  }
  // `all` as the one name of a list is how the environment and the command line say it.
  if (fields.length === 1 && fields[0] === 'all') return 'all';
  return fields.length === 0 ? null : [...new Set(fields)].sort();
}

function checkedNamespace(namespace: string): string {
  if (typeof namespace !== 'string' || !isUuid(namespace)) {
    throw new Error(`stix namespace ${JSON.stringify(namespace)}: must be a UUID`);
  }
  return namespace.toLowerCase();
}

// The mapping never throws on bad data by design; this guard keeps that promise even for a
// defect, so one indicator can never stop a whole import.
function safeMap(map: Mapping, indicator: StoredIndicator, mapping: MappingOptions) {
  try {
    return map(indicator, mapping);
  } catch (err) {
    mapping.warn({ indicator: describeIndicator(indicator), err }, 'stix rendering failed');
    return [];
  }
}

/**
 * Serializes the objects that pass validation. An object that fails is dropped with a
 * warning, and so is any relationship that refers to a dropped object.
 */
export function serializeValid(
  mapped: readonly MappedObject[],
  indicator: StoredIndicator,
  validate: StixValidator,
  warn: Warn,
): RenderedObject[] {
  const dropped = new Set<string>();
  const valid = mapped.filter(({ object }) => {
    const errors = validate(object);
    if (errors.length === 0) return true;
    const stix = { type: object.type, errors };
    warn({ indicator: describeIndicator(indicator), stix }, 'stix object invalid');
    dropped.add(object.id);
    return false;
  });

  const dangling = ({ object }: MappedObject) =>
    dropped.has(String(object.source_ref)) || dropped.has(String(object.target_ref));
  return valid
    .filter((m) => !dangling(m))
    .map(({ object, version, targetRef, targetRefs, shared }) => ({
      id: object.id,
      type: object.type,
      version,
      json: JSON.stringify(object),
      ...(targetRef === undefined ? {} : { targetRef }),
      ...(targetRefs === undefined ? {} : { targetRefs }),
      ...(shared ? { shared } : {}),
    }));
}

function problemText(fields: object, msg: string): string {
  const { reason, stix } = fields as { reason?: unknown; stix?: { errors?: unknown } };
  if (typeof reason === 'string') return reason;
  if (stix && Array.isArray(stix.errors)) return `${msg}: ${stix.errors.join('; ')}`;
  return msg;
}
