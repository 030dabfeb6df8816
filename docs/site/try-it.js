// The "Try it" panel of the API reference pages: Redoc shows the API, this panel sends a real
// request for any operation to the server that serves the page and shows its answer. It reads
// the served OpenAPI document, whose `servers` the server has filled with its own URL.
// Plain browser JavaScript with no dependencies; every text goes in through textContent.

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const SHOWN_HEADERS = [
  'content-type',
  'content-range',
  'x-taxii-date-added-first',
  'x-taxii-date-added-last',
  'www-authenticate',
  'retry-after',
  'x-request-id',
];

const panel = document.getElementById('try-it');
if (panel) start(panel).catch((error) => showFailure(panel, error));

async function start(root) {
  const response = await fetch(root.dataset.document, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`the API document answered ${response.status}`);
  const document_ = await response.json();
  const operations = operationsOf(document_);
  const server = (document_.servers?.[0]?.url ?? '').replace(/\/+$/, '');

  const toggle = element('button', { type: 'button', class: 'try-it-toggle' }, 'Try it');
  const body = element('div', { class: 'try-it-body', hidden: '' });
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
  root.append(toggle, body);

  const links = element('p', { class: 'try-it-links' });
  links.append(
    element('a', { href: '../' }, 'All APIs'),
    ' · ',
    element('a', { href: root.dataset.document }, 'JSON'),
    ' · ',
    element('a', { href: root.dataset.document.replace(/\.json$/, '.yaml') }, 'YAML'),
  );
  const target = element('p', { class: 'try-it-server' }, `Requests go to ${server}`);
  const select = element('select', { id: 'try-it-operation' });
  for (const op of operations) {
    select.append(element('option', { value: op.id }, `${op.method} ${op.path} (${op.id})`));
  }
  const form = element('form', { class: 'try-it-form' });
  const fields = element('div', { class: 'try-it-fields' });
  const send = element('button', { type: 'submit' }, 'Send request');
  const result = element('div', { class: 'try-it-result', 'aria-live': 'polite' });
  form.append(label('Operation', select), fields, send);
  body.append(element('h2', {}, document_.info?.title ?? 'Try it'), links, target, form, result);

  const byId = new Map(operations.map((op) => [op.id, op]));
  const choose = (id) => {
    select.value = id;
    renderFields(fields, byId.get(id));
  };
  select.addEventListener('change', () => choose(select.value));
  choose(operations[0].id);

  // Redoc routes by hash (#/<tag>/<operationid>); follow it so the panel shows what is read.
  const follow = () => {
    const last = decodeURIComponent(location.hash.split('/').pop() ?? '').toLowerCase();
    const match = operations.find((op) => op.id.toLowerCase() === last);
    if (match && match.id !== select.value) choose(match.id);
  };
  window.addEventListener('hashchange', follow);
  follow();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const op = byId.get(select.value);
    sendRequest(server, op, new FormData(form), result).catch((error) =>
      showResult(result, { error: String(error) }),
    );
  });
}

/** Every operation of the document with its parameters resolved. */
function operationsOf(doc) {
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
        resolve(doc, p),
      );
      const success = Object.entries(operation.responses ?? {}).find(([code]) => code < '300');
      const accept = Object.keys(resolve(doc, success?.[1] ?? {}).content ?? {})[0];
      const requestBody = operation.requestBody ? resolve(doc, operation.requestBody) : null;
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters,
        accept: accept ?? '*/*',
        body: requestBody ? bodyOf(doc, requestBody) : null,
      });
    }
  }
  return operations;
}

function resolve(doc, node) {
  if (!node || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  const target = node.$ref
    .slice(2)
    .split('/')
    .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return resolve(doc, target);
}

function bodyOf(doc, requestBody) {
  const [type, media] = Object.entries(requestBody.content ?? {})[0] ?? ['application/json', {}];
  const first = Object.values(media.examples ?? {})[0];
  const example = media.example ?? resolve(doc, first)?.value;
  return { type, example: example === undefined ? '' : JSON.stringify(example, null, 2) };
}

function exampleOf(parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0];
  return first?.value ?? parameter.schema?.example;
}

/** One input per path, query and header parameter (one per field of a deepObject), and the body. */
function renderFields(fields, op) {
  fields.replaceChildren();
  for (const parameter of op.parameters) {
    const example = exampleOf(parameter);
    const where = parameter.in;
    if (parameter.style === 'deepObject') {
      for (const field of Object.keys(parameter.schema?.properties ?? {})) {
        const name = `${parameter.name}[${field}]`;
        fields.append(field_(name, where, '', example?.[field]));
      }
      continue;
    }
    const value = where === 'path' ? String(example ?? '') : '';
    fields.append(field_(parameter.name, where, value, example));
  }
  fields.append(label('Accept', element('input', { name: 'header:Accept', value: op.accept })));
  fields.append(
    label(
      'Authorization',
      element('input', { name: 'header:Authorization', placeholder: 'Basic … or Bearer …' }),
    ),
  );
  if (op.body) {
    const text = element('textarea', { name: 'body', rows: '8' });
    text.value = op.body.example;
    fields.append(label(`Body (${op.body.type})`, text));
  }
}

function field_(name, where, value, example) {
  const input = element('input', { name: `${where}:${name}`, value });
  if (example !== undefined && typeof example !== 'object') input.placeholder = String(example);
  return label(`${name} (${where})`, input);
}

async function sendRequest(server, op, data, result) {
  let path = op.path;
  const query = new URLSearchParams();
  const headers = {};
  for (const [key, raw] of data.entries()) {
    const value = String(raw);
    const [where, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (value === '' || where === '') continue;
    if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(value));
    else if (where === 'query') query.append(name, value);
    else if (where === 'header') headers[name] = value;
  }
  const body = op.body ? String(data.get('body') ?? '') : undefined;
  if (body) headers['Content-Type'] = op.body.type;
  const search = query.toString();
  const url = `${server}${path}${search ? `?${search}` : ''}`;

  showResult(result, { request: `${op.method} ${url}` });
  const response = await fetch(url, {
    method: op.method,
    headers,
    ...(body ? { body } : {}),
    credentials: 'same-origin',
  });
  const text = await response.text();
  showResult(result, {
    request: `${op.method} ${url}`,
    status: `${response.status} ${response.statusText}`,
    headers: SHOWN_HEADERS.filter((h) => response.headers.has(h)).map(
      (h) => `${h}: ${response.headers.get(h)}`,
    ),
    body: pretty(text),
  });
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function showResult(result, { request, status, headers, body, error }) {
  result.replaceChildren();
  if (request) result.append(element('p', { class: 'try-it-request' }, request));
  if (status) result.append(element('p', { id: 'try-it-status' }, status));
  if (headers?.length)
    result.append(element('pre', { class: 'try-it-headers' }, headers.join('\n')));
  if (body !== undefined) result.append(element('pre', { id: 'try-it-response' }, body));
  if (error) result.append(element('p', { class: 'try-it-error' }, error));
}

function showFailure(root, error) {
  root.replaceChildren(element('p', { class: 'try-it-error' }, `Try it is unavailable: ${error}`));
}

function label(text, control) {
  const wrapper = element('label', {}, text);
  wrapper.append(control);
  return wrapper;
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
