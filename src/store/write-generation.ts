/**
 * The store's write generation: a count, in the meta table, of the write transactions that
 * may have changed what query-defined collections serve. Each such transaction raises it
 * before it commits, so anything worked out from the served objects (a collection's count,
 * where a TAXII 2.0 range starts) holds for as long as the generation a reader saw stays the
 * same, whichever process, renderer or version setting wrote.
 */
export const WRITE_GENERATION_KEY = 'write_generation';
