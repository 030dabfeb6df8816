/**
 * A file the importer cannot read as a whole (binary, compressed, the wrong kind of JSON).
 * Problems with single records are rejections instead; this is for the file itself.
 */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ImportFileError';
  }
}
