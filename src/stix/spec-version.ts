/**
 * Which STIX version a posted object is in. Add Objects reads every object by this rule, and
 * the stores' migrations relabel objects stored under an earlier one by it, so the two agree.
 */

/**
 * The object's `spec_version`; without one, STIX 2.0 when it has `created` (STIX 2.1 requires
 * `spec_version` on every object except cyber-observables, and those have no `created`), else
 * `defaultSpec`, the version of the API it was posted to. Not checked: any value may come back.
 */
export function postedSpecVersion(object: Record<string, unknown>, defaultSpec: string): unknown {
  return object['spec_version'] ?? (object['created'] === undefined ? defaultSpec : '2.0');
}
