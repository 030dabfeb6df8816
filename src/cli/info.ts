import { CONFIG_OPTIONS, configFrom, parseCommand } from './args.js';
import { openInstallation } from './installation.js';
import { EXIT, type Command } from './io.js';
import { formatTable } from './table.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'print the URLs a TAXII client needs: discovery, API root, each collection',
  usage: `Usage: taxii2-server info [options]

Prints the server's title, its discovery URL, the API root URL and every collection's id and
objects URL: what a client such as Microsoft Sentinel asks for (API root URL + collection id).

Options:
  --json                     print JSON instead of text
  --sample                   describe the sample collections (as serve --sample serves them)
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server info
  taxii2-server info --public-base-url https://taxii.example.org --json`,

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

    const apiRoot = `${baseUrl}/${config.apiRoot.name}/`;
    const info = {
      title: config.title,
      description: config.description,
      discovery: `${baseUrl}/taxii2/`,
      ...(config.versions.includes('2.0') ? { discovery_20: `${baseUrl}/taxii/` } : {}),
      default: apiRoot,
      api_roots: [apiRoot],
      collections: collections.all.map((c) => ({
        id: c.id,
        title: c.title,
        objects: `${apiRoot}collections/${c.id}/objects/`,
      })),
    };
    if (values['json'] === true) {
      io.out(JSON.stringify(info, null, 2));
      return EXIT.ok;
    }

    io.out(
      [
        `${info.title}: ${info.description}`,
        '',
        `Discovery (TAXII 2.1):  ${info.discovery}`,
        ...(info.discovery_20 ? [`Discovery (TAXII 2.0):  ${info.discovery_20}`] : []),
        `API root:               ${info.default}`,
        '',
        formatTable(
          ['collection', 'id', 'objects URL'],
          info.collections.map((c) => [c.title, c.id, c.objects]),
        ),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
