import { ConfigError } from '../../config/config-error.js';

/** What an operator does about a SQLite file that would not open, by SQLite's result code. */
const FIXES: ReadonlyArray<{ codes: RegExp; problem: string; fix: string }> = [
  {
    codes: /^SQLITE_(NOTADB|CORRUPT)/,
    problem: 'the file is not a readable SQLite store (corrupt, or another kind of file)',
    fix: 'restore it from a backup, or give --store a new path to start an empty store',
  },
  {
    codes: /^SQLITE_(READONLY|PERM)/,
    problem: 'the store cannot be written',
    fix: 'make the file, its -wal and -shm files and its folder writable by this user',
  },
  {
    codes: /^(SQLITE_CANTOPEN|EACCES|EPERM|EEXIST|ENOTDIR|EROFS)/,
    problem: 'the store file cannot be opened or created',
    fix: 'give --store a file path in a folder this user may write',
  },
];

/** A start-up error naming the store file and the fix, for an error opening or migrating it. */
export function sqliteOpenError(path: string, error: unknown): Error {
  const code = String((error as { code?: unknown }).code ?? '');
  const known = FIXES.find((f) => f.codes.test(code));
  if (!known) return error as Error;
  return new ConfigError(path, 'store', `${known.problem}: ${(error as Error).message}`, known.fix);
}
