/**
 * Name-based UUIDs, version 5 (RFC 9562 section 5.5): SHA-1 over the namespace's 16 bytes and
 * the name's UTF-8 bytes, version and variant bits set. Rendering takes one or more per object,
 * so the namespace is parsed once, the bytes are written into one reused buffer, and the hash
 * is node:crypto's one-shot form, which saves creating a Hash object per id.
 */
import * as crypto from 'node:crypto';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAMESPACE_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const namespaces = new Map<string, Buffer>();
// The variant digit: its two high bits set to 10, the low two kept.
const VARIANT_DIGIT = '89ab89ab89ab89ab';

// crypto.hash arrived in Node 20.12; earlier 20.x releases take the streaming form.
const sha1Hex: (bytes: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha1', bytes, 'hex')
    : (bytes) => crypto.createHash('sha1').update(bytes).digest('hex');

let scratch = Buffer.alloc(4096);

/** The version 5 UUID of `name` in `namespace`, in lower case. */
export function uuid5(name: string, namespace: string): string {
  // Text that is not well-formed UTF-16 has no UTF-8 form to hash.
  if (LONE_SURROGATE.test(name)) {
    throw new URIError('the name of a UUID is not well-formed Unicode');
  }
  const most = 16 + name.length * 3;
  if (scratch.length < most) scratch = Buffer.alloc(most);
  namespaceBytes(namespace).copy(scratch, 0);
  const length = 16 + scratch.write(name, 16, 'utf8');
  const hex = sha1Hex(scratch.subarray(0, length));
  const variant = VARIANT_DIGIT[parseInt(hex[16]!, 16)]!;
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-` +
    `${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  );
}

function namespaceBytes(namespace: string): Buffer {
  let bytes = namespaces.get(namespace);
  if (!bytes) {
    if (!NAMESPACE_FORM.test(namespace)) throw new TypeError(`not a UUID: ${namespace}`);
    bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    // Installations have one namespace each, and a process serves one installation.
    if (namespaces.size >= 64) namespaces.clear();
    namespaces.set(namespace, bytes);
  }
  return bytes;
}
