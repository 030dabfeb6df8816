import { readFileSync } from 'node:fs';

import { ConfigError } from '../config/config-error.js';
import { packageFile } from '../package-files.js';
import { UsageError } from './args.js';
import { closest } from './suggest.js';
import { checkConfigCommand } from './check-config.js';
import { collectionsCommand } from './collections.js';
import { hashPasswordCommand } from './hash-password.js';
import { importCommand } from './import.js';
import { infoCommand } from './info.js';
import { EXIT, processIo, type Command, type CommandIo } from './io.js';
import { migrateStoreCommand } from './migrate-store.js';
import { mockCommand } from './mock.js';
import { queryCommand } from './query.js';
import { serveCommand } from './serve.js';

const COMMANDS: readonly Command[] = [
  serveCommand,
  importCommand,
  infoCommand,
  collectionsCommand,
  checkConfigCommand,
  queryCommand,
  hashPasswordCommand,
  migrateStoreCommand,
  mockCommand,
];

/** Runs one command line and returns the process exit code. */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(version());
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }

  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const meant = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    const hint = meant ? ` Did you mean \`taxii2-server ${meant}\`?` : '';
    io.err(`taxii2-server: unknown command "${name}".${hint}\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.ok;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`taxii2-server ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.err(`taxii2-server ${name}: ${error.message}`);
      return EXIT.config;
    }
    io.err(`taxii2-server ${name}: ${(error as Error).message}`);
    return EXIT.failed;
  }
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: taxii2-server <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `taxii2-server <command> --help` for a command's options and examples.",
    'Options: --help, --version.',
    '',
    'Exit codes: 0 success, 1 failure (the message says what failed), 2 bad command line,',
    '3 configuration error (the message names the file, the field and the fix).',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
