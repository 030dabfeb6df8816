/**
 * Progress of an import, as the importer reports it: a small callback interface, so that the
 * parser and the store's write path each report in their own units without knowing who listens.
 */
export interface ImportProgress {
  /** `read`: bytes of the files parsed so far; `write`: records the store has written. */
  phase: 'read' | 'write';
  done: number;
  total: number;
  /** The file just read, in the `read` phase. */
  file?: string;
}

export type ImportProgressListener = (progress: ImportProgress) => void;
