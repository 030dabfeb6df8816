/**
 * The STIX 2.0 bundle (STIX 2.0 Part 1 chapter 5): what the TAXII 2.0 object endpoints answer
 * with, written around objects already rendered to JSON so that nothing is serialized twice.
 */
import { randomUUID } from 'node:crypto';

/** The `spec_version` of a 2.0 bundle: in STIX 2.0 it sits on the bundle, not the objects. */
export const BUNDLE_SPEC_VERSION = '2.0';

/** A fresh bundle id. Bundles are not kept, so a random (version 4) UUID is what 2.0 asks. */
export function bundleId(): string {
  return `bundle--${randomUUID()}`;
}

/**
 * A bundle holding `objects` (each one object's JSON text), or none: STIX 2.0 requires at
 * least one entry in `objects` when it is present, so an empty bundle leaves it out.
 */
export function bundle20Json(objects: readonly string[], id: string = bundleId()): string {
  const version = JSON.stringify(BUNDLE_SPEC_VERSION);
  const head = `{"type":"bundle","id":${JSON.stringify(id)},"spec_version":${version}`;
  return objects.length === 0 ? `${head}}` : `${head},"objects":[${objects.join(',')}]}`;
}
