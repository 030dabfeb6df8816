import type { ServerConfig } from '../config/config.js';
import { serviceUrls } from '../server/service-urls.js';
import { CONFIG_OPTIONS, configFrom, parseCommand } from './args.js';
import { openInstallation } from './installation.js';
import { EXIT, type Command } from './io.js';
import { formatTable } from './table.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'print the URLs a TAXII client needs: discovery, API root, each collection',
  usage: `Usage: taxii2-server info [options]

Prints every URL a client needs: the discovery URL of each TAXII version served, the API
root URL, and every collection's id and objects URL (Microsoft Sentinel asks for the API root
URL and a collection id), and where health and metrics answer. Give it the same --store,
--collections, --public-base-url and --path-prefix as the server.

Options:
  --json                     print JSON instead of text
  --sample                   describe the sample collections (as serve --sample serves them)
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server info
  taxii2-server info --public-base-url https://taxii.example.org --json
  taxii2-server info --config /etc/taxii2-server.json --json | jq -r '.collections[].id'`,

  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...CONFIG_OPTIONS,
      json: { type: 'boolean' },
      sample: { type: 'boolean' },
    });
    const config = configFrom(values, io.env);
    const { collections, baseUrl, runtime } = await openInstallation(
      config,
      values['sample'] === true,
    );
    await runtime.store.close();

    const urls = serviceUrls(config, baseUrl, collections);
    const apiRoot = urls.apiRoots[0]!;
    const monitoring = monitoringBase(config, baseUrl);
    const info = {
      title: config.title,
      description: config.description,
      ...(urls.discovery['2.1'] ? { discovery: urls.discovery['2.1'] } : {}),
      ...(urls.discovery['2.0'] ? { discovery_20: urls.discovery['2.0'] } : {}),
      default: apiRoot,
      api_roots: urls.apiRoots,
      collections: urls.collections.map((c) => ({ id: c.id, title: c.title, objects: c.objects })),
      monitoring: {
        healthz: `${monitoring}/healthz`,
        readyz: `${monitoring}/readyz`,
        metrics: `${monitoring}/metrics`,
      },
    };
    if (values['json'] === true) {
      io.out(JSON.stringify(info, null, 2));
      return EXIT.ok;
    }

    const lines = [
      `${info.title}: ${info.description}`,
      '',
      ...(info.discovery ? [`Discovery (TAXII 2.1):  ${info.discovery}`] : []),
      ...(info.discovery_20 ? [`Discovery (TAXII 2.0):  ${info.discovery_20}`] : []),
      `API root:               ${apiRoot}`,
      `Health and metrics:     ${monitoring}/healthz, /readyz, /metrics`,
      '',
      formatTable(
        ['collection', 'id', 'objects URL'],
        info.collections.map((c) => [c.title, c.id, c.objects]),
      ),
      '',
      'Microsoft Sentinel (TAXII connector): API root URL as above, Collection ID from the table.',
      'OpenCTI, MISP, Splunk, Elastic, taxii2-client: a discovery URL, then a collection id.',
    ];
    if (config.publicBaseUrl === null && isLoopback(config.host)) {
      lines.push(
        '',
        `These URLs use the listen address ${config.host}, which only this machine reaches: ` +
          'give --public-base-url with the URL clients use (e.g. https://taxii.example.org).',
      );
    }
    io.out(lines.join('\n'));
    return EXIT.ok;
  },
};

/** Where /healthz, /readyz and /metrics answer: the monitoring port, or the TAXII root. */
function monitoringBase(config: Readonly<ServerConfig>, baseUrl: string): string {
  const { port, host } = config.monitoring;
  if (port === null) return new URL(baseUrl).origin;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
