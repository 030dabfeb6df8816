import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files made by the openssl command line for one test run, in a fresh folder. */
export interface TestCertificates {
  dir: string;
  /** The CA that signs the server's and the trusted clients' certificates. */
  caFile: string;
  ca: string;
  /** Paths of a server certificate and key for 127.0.0.1; `second*` is another one. */
  serverCert: string;
  serverKey: string;
  secondServerCert: string;
  secondServerKey: string;
  /** A client certificate and key per name: `dave` and `erin` from the CA, `mallory` self-made. */
  client(name: 'dave' | 'erin' | 'mallory'): { cert: string; key: string };
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyAndRequest(dir: string, name: string, subject: string): void {
  openssl(
    dir,
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  );
}

function sign(dir: string, name: string, ca: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
}

function selfSignedCa(dir: string, name: string, subject: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
}

/** Makes a CA, two server certificates for 127.0.0.1 and three client certificates. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-certs-'));
  selfSignedCa(dir, 'ca', '/CN=taxii2-server test CA');
  selfSignedCa(dir, 'other-ca', '/CN=Someone else');

  const serverExt = 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
  for (const name of ['server', 'server2']) {
    keyAndRequest(dir, name, `/CN=${name}.test`);
    sign(dir, name, 'ca', serverExt);
  }
  const clientExt = 'extendedKeyUsage=clientAuth\n';
  keyAndRequest(dir, 'dave', '/O=Partner Org/CN=dave');
  sign(dir, 'dave', 'ca', clientExt);
  keyAndRequest(dir, 'erin', '/O=Partner Org/CN=erin');
  sign(dir, 'erin', 'ca', clientExt);
  keyAndRequest(dir, 'mallory', '/O=Partner Org/CN=dave');
  sign(dir, 'mallory', 'other-ca', clientExt);

  const file = (name: string) => join(dir, name);
  return {
    dir,
    caFile: file('ca.pem'),
    ca: readFileSync(file('ca.pem'), 'utf8'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    secondServerCert: file('server2.pem'),
    secondServerKey: file('server2.key'),
    client: (name) => ({
      cert: readFileSync(file(`${name}.pem`), 'utf8'),
      key: readFileSync(file(`${name}.key`), 'utf8'),
    }),
  };
}
