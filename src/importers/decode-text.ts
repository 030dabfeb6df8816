/**
 * From bytes to text: UTF-8 (with or without BOM) or BOM-marked UTF-16, as editors and
 * Windows tools save files. Binary and compressed files are refused as a whole.
 */
import { ImportFileError } from './import-file-error.js';

const SIGNATURES: ReadonlyArray<readonly [number[], string]> = [
  [[0x1f, 0x8b], 'gzip'],
  [[0x50, 0x4b, 0x03, 0x04], 'zip'],
  [[0x42, 0x5a, 0x68], 'bzip2'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'SQLite'],
];

/** Decodes a file's bytes, or throws an ImportFileError saying why they are not text. */
export function decodeText(bytes: Uint8Array, file: string): string {
  const kind = SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
  if (kind) {
    throw new ImportFileError(file, `is a ${kind} file; unpack it and import the text inside`);
  }

  // TextDecoder drops the BOM itself; malformed bytes become U+FFFD and fail per value.
  const text = new TextDecoder(encodingOf(bytes)).decode(bytes);
  assertText(text, file);
  return text;
}

function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Throws when text holds a NUL character, the mark of a binary file. */
export function assertText(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new ImportFileError(
      file,
      `looks binary (NUL character at offset ${nul}); ` +
        'expected an XSOAR JSON export, a list of values or a CSV file',
    );
  }
}
