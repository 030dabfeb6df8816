import { checkSecurityConfig } from '../auth/security-setup.js';
import { loadCollectionsDocument } from '../config/collections-document.js';
import { CONFIG_OPTIONS, configFrom, parseCommand } from './args.js';
import { EXIT, type Command } from './io.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'validate the configuration and the collections document, then exit',
  usage: `Usage: taxii2-server check-config [options]

Validates the configuration (file, environment, flags) and parses every collection's query,
without opening the store or listening. Exits 0 when all is well, 3 with the file, field and
fix when not.

${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server check-config --config /etc/taxii2-server.json
  taxii2-server check-config --collections collections.json`,

  async run(argv, io) {
    const { values } = parseCommand(argv, CONFIG_OPTIONS);
    const config = configFrom(values, io.env);
    const collections = loadCollectionsDocument(config.collections);
    const users = checkSecurityConfig(config, collections);
    io.out(
      `configuration OK: ${collections.length} collection(s), ${users.length} user(s), store ${config.store}, ` +
        `listening on ${config.host}:${config.port}`,
    );
    return Promise.resolve(EXIT.ok);
  },
};
