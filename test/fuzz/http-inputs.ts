import { Random } from '../support/random.js';

/** One generated request: a raw path with query string, and headers. */
export interface FuzzRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string;
}

const ODD = ' \t"\'<>{}[]|\\^`%&=?#;,:/@!$()*+~-._\u00e9\u4e2d\u{1f600}';
const PARAMS = [
  'limit',
  'next',
  'added_after',
  'match[id]',
  'match[type]',
  'match[version]',
  'match[spec_version]',
  'match[relationship_type]',
  'match',
  'match[]',
  'match[type][x]',
  'x',
];
const ACCEPTS = [
  'application/taxii+json;version=2.1',
  'application/taxii+json',
  '*/*',
  'application/*',
  'application/taxii+json;version=2.0',
  'application/vnd.oasis.taxii+json; version=2.0',
  'application/json',
  'text/html',
  '',
  ';;;',
  'application/taxii+json;q=abc',
  'application/taxii+json;version="2.1";q=0.9, */*;q=0.1',
  'a/b/c',
  '*/*;q=0',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'];

/** Generates a request to a TAXII path of the server, valid or not, from the seed. */
export function fuzzRequest(random: Random, collectionIds: readonly string[]): FuzzRequest {
  const path = fuzzPath(random, collectionIds);
  const query = random.chance(0.7) ? `?${fuzzQuery(random)}` : '';
  const headers: Record<string, string> = {};
  if (random.chance(0.9)) headers['Accept'] = random.pick(ACCEPTS);
  if (random.chance(0.2)) headers['Authorization'] = fuzzAuthorization(random);
  if (random.chance(0.1))
    headers['Range'] = random.pick(['items 0-9', 'items=5-1', 'bytes=0-', 'x']);
  if (random.chance(0.05)) headers['X-Request-Id'] = random.text(random.int(300), ODD);
  const target = path + query;
  // A HEAD answer has no body, so node's parser cannot read the TAXII error that an oversized
  // request gets (it carries one); oversized requests are sent with other methods.
  const method = target.length > 2000 ? 'GET' : random.pick(METHODS);
  const request: FuzzRequest = { method, target, headers };
  if (method === 'POST' || (method === 'GET' && random.chance(0.05))) {
    headers['Content-Type'] = random.pick(['application/taxii+json;version=2.1', 'text/plain', '']);
    request.body = fuzzBody(random);
  }
  return request;
}

function fuzzPath(random: Random, ids: readonly string[]): string {
  const id = () =>
    random.chance(0.7) && ids.length ? random.pick(ids) : random.text(random.int(40), ODD);
  const stix = () => `indicator--${random.text(36, '0123456789abcdef-')}`;
  const shapes = [
    () => '/taxii2/',
    () => '/taxii2',
    () => '/threatintel/',
    () => '/threatintel/collections/',
    () => `/threatintel/collections/${id()}/`,
    () => `/threatintel/collections/${id()}/objects/`,
    () => `/threatintel/collections/${id()}/manifest/`,
    () => `/threatintel/collections/${id()}/objects/${stix()}/`,
    () => `/threatintel/collections/${id()}/objects/${stix()}/versions/`,
    () => `/threatintel/status/${id()}/`,
    () => `//threatintel//collections//`,
    () => `/threatintel/collections/../../etc/passwd`,
    () => `/threatintel/collections/%2e%2e%2f/objects/`,
    () => `/${random.text(random.int(2000), 'abc/%')}`,
    () => `/threatintel/collections/${encodeURIComponent(random.text(20, ODD))}/objects/`,
    () => '/%ff%fe/',
  ];
  return random.pick(shapes)();
}

function fuzzQuery(random: Random): string {
  const count = random.chance(0.02) ? 500 + random.int(1500) : random.int(5);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = random.pick(PARAMS);
    parts.push(`${encodeName(name, random)}=${fuzzValue(random, name)}`);
  }
  return parts.join('&');
}

function encodeName(name: string, random: Random): string {
  return random.chance(0.5) ? name : encodeURIComponent(name);
}

function fuzzValue(random: Random, name: string): string {
  const values = [
    () => String(random.int(3000) - 10),
    () => '2024-01-01T00:00:00.000Z',
    () => '2024-13-45T99:99:99Z',
    () => `${random.int(2100)}-0${random.int(9)}-1${random.int(9)}T00:00:00.${random.int(1e9)}Z`,
    () => 'indicator,malware,,ipv4-addr',
    () => 'last,first,all,2.1,2.0',
    () => encodeURIComponent(random.text(random.int(100), ODD)),
    () => '%' + random.text(2, '0123456789abcdefgz'),
    () => random.text(random.int(5000), 'A'),
    () => '%C0%AF%ED%A0%80',
    () => '',
  ];
  if (name === 'next' && random.chance(0.3))
    return `${random.text(40, 'abcXYZ09_-')}.${random.text(22, 'abc09')}`;
  return random.pick(values)();
}

function fuzzAuthorization(random: Random): string {
  return random.pick([
    'Basic',
    'Basic !!!',
    `Basic ${Buffer.from('user:pass').toString('base64')}`,
    `basic ${Buffer.from(':').toString('base64')}`,
    'Bearer',
    `Bearer ${random.text(50, ODD)}`,
    random.text(random.int(200), ODD),
  ]);
}

function fuzzBody(random: Random): string {
  return random.pick([
    () => '{"objects": []}',
    () => '{"objects": [{"type": "indicator"}]}',
    () => '{"objects":',
    () => '[]',
    () => 'null',
    () => random.text(random.int(2000), ODD),
    () => JSON.stringify({ objects: Array.from({ length: 50 }, () => ({ type: 'x', id: 1 })) }),
  ])();
}
