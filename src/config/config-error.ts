/**
 * A start-up error: not an HTTP error. It names the file, the field and the fix, and the CLI
 * prints it as one line and exits non-zero.
 */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${source}: ${field ? `${field}: ` : ''}${problem} (${fix})`);
    this.name = 'ConfigError';
  }
}
