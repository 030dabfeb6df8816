/**
 * Puts the XSOAR property extension (xsoar-extension.ts) on the objects an indicator becomes,
 * with the extension definition and its creator as shared objects beside them. STIX 2.1 only:
 * STIX 2.0 has no extensions.
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import type { JsonValue } from './canonical-json.js';
import type { MappedObject } from './mapping.js';
import type { Report } from './mapping-steps.js';
import type { StixValidator } from './validate.js';
import {
  extensionDefinition,
  extensionDefinitionId,
  extensionPayload,
  productIdentity,
  type ExtensionFields,
  type XsoarIndicatorSchema,
} from './xsoar-extension.js';
import { canonicalXsoarType } from './xsoar-types.js';

export interface ExtensionContext {
  fields: ExtensionFields;
  /** The XSOAR indicator schema, compiled when the renderer was made. */
  schema: XsoarIndicatorSchema;
  /** The STIX schemas, so that an extension never costs the object it sits on. */
  validate: StixValidator;
}

/**
 * `mapped` with the extension on every object but relationships, and the definition and
 * identity it refers to. A payload the schemas refuse is left out with a warning, and the
 * objects are served without it.
 */
export function withXsoarExtension(
  mapped: readonly MappedObject[],
  indicator: StoredIndicator,
  context: ExtensionContext,
  report: Report,
): MappedObject[] {
  const xsoarType = canonicalXsoarType(indicator.type);
  const payload = extensionPayload(indicator, context.fields);
  if (mapped.length === 0 || xsoarType === null || Object.keys(payload).length === 0) {
    return [...mapped];
  }

  const problems = context.schema.check(payload);
  if (problems.length > 0) {
    report.incomplete([`the XSOAR extension is left out: ${problems.join('; ')}`]);
    return [...mapped];
  }

  const id = extensionDefinitionId(xsoarType);
  const extensions = { [id]: { extension_type: 'property-extension', ...stixProperties(payload) } };
  let extended = 0;
  const objects = mapped.map((m) => {
    if (m.object.type === 'relationship') return m;
    const object = { ...m.object, extensions };
    const errors = context.validate(object);
    if (errors.length === 0) {
      extended++;
      return { ...m, object };
    }
    report.incomplete([
      `the XSOAR extension is left out of ${m.object.type}: ${errors.join('; ')}`,
    ]);
    return m;
  });
  if (extended === 0) return objects;

  const definition = extensionDefinition(xsoarType, context.schema.schemaId);
  const identity = productIdentity();
  return [
    ...objects,
    { object: definition, version: String(definition.modified), shared: true },
    { object: identity, version: String(identity.modified), shared: true },
  ];
}

/**
 * The payload under STIX's rules for property names and values (2.1 section 3.1): names start
 * with a lower-case letter, so XSOAR's `CustomFields` is written `custom_fields`, and a list is
 * never empty, so empty lists are left out.
 */
function stixProperties(payload: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value) && value.length === 0) continue;
    out[name === 'CustomFields' ? 'custom_fields' : name] = value;
  }
  return out;
}
