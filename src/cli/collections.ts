import { nowMicros } from '../time/microseconds.js';
import { CONFIG_OPTIONS, configFrom, parseCommand } from './args.js';
import { openInstallation } from './installation.js';
import { EXIT, type Command } from './io.js';
import { formatTable } from './table.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const collectionsCommand: Command = {
  name: 'collections',
  summary: 'list the collections: id, title, query, description and indicator count',
  usage: `Usage: taxii2-server collections [options]

Lists the configured collections with their ids and how many indicators each query selects
in the store now.

Options:
  --json                     print JSON instead of a table
  --sample                   list the sample collections (as serve --sample serves them)
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server collections --collections collections.json
  taxii2-server collections --json | jq -r '.[].id'`,

  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...CONFIG_OPTIONS,
      json: { type: 'boolean' },
      sample: { type: 'boolean' },
    });
    const config = configFrom(values, io.env);
    const { collections, runtime } = await openInstallation(config, values['sample'] === true);
    const now = nowMicros();
    const listed = [];
    for (const c of collections.all) {
      listed.push({
        id: c.id,
        title: c.title,
        query: c.query,
        description: c.description,
        indicators: await runtime.store.countMatching(c.storeQuery, now),
        access: c.access,
      });
    }
    await runtime.store.close();

    if (values['json'] === true) {
      io.out(JSON.stringify(listed, null, 2));
      return EXIT.ok;
    }
    io.out(
      formatTable(
        ['id', 'title', 'indicators', 'query', 'description'],
        listed.map((c) => [c.id, c.title, String(c.indicators), c.query, c.description]),
      ),
    );
    return EXIT.ok;
  },
};
