/** The command line as bin/taxii2-server.js runs it, from source, for tests that spawn processes. */
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
