/**
 * The SQLite store's schema, as an ordered list of migrations. `PRAGMA user_version` records how
 * many have run; each runs once, in its own transaction.
 *
 * Dates are INTEGER microseconds since the epoch (NULL when unknown), so comparisons and
 * ordering are numeric. Indicator text fields are stored as written.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE indicators (
    key                    INTEGER PRIMARY KEY,
    type                   TEXT NOT NULL,
    value                  TEXT NOT NULL,
    score                  INTEGER NOT NULL CHECK (score BETWEEN 0 AND 3),
    created                INTEGER NOT NULL,
    modified               INTEGER NOT NULL,
    first_seen             INTEGER,
    last_seen              INTEGER,
    expiration             INTEGER,
    tlp                    TEXT,
    description            TEXT,
    aggregated_reliability TEXT,
    stix_id                TEXT,
    custom_fields          TEXT NOT NULL DEFAULT '{}',
    relationships          TEXT NOT NULL DEFAULT '[]',
    content_hash           TEXT NOT NULL,
    date_added             INTEGER NOT NULL UNIQUE
  ) STRICT;
  CREATE UNIQUE INDEX indicators_type_value ON indicators (type, value);
  CREATE INDEX indicators_value_nocase ON indicators (value COLLATE NOCASE);
  CREATE INDEX indicators_type_nocase ON indicators (type COLLATE NOCASE, date_added);
  CREATE INDEX indicators_score ON indicators (score, date_added);
  CREATE INDEX indicators_modified ON indicators (modified);

  -- Multi-valued fields, one row per element, indexed for "any element matches".
  CREATE TABLE indicator_tags (
    indicator INTEGER NOT NULL REFERENCES indicators (key) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (indicator, tag)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX indicator_tags_tag ON indicator_tags (tag COLLATE NOCASE, indicator);

  CREATE TABLE indicator_sources (
    indicator INTEGER NOT NULL REFERENCES indicators (key) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('brand', 'instance')),
    name      TEXT NOT NULL,
    PRIMARY KEY (indicator, kind, name)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX indicator_sources_name ON indicator_sources (kind, name COLLATE NOCASE, indicator);

  -- STIX objects rendered once per (indicator version, renderer profile) and served as stored.
  CREATE TABLE stix_objects (
    profile    TEXT NOT NULL,
    indicator  INTEGER NOT NULL REFERENCES indicators (key) ON DELETE CASCADE,
    object_id  TEXT NOT NULL,
    type       TEXT NOT NULL,
    version    TEXT NOT NULL,
    date_added INTEGER NOT NULL,
    json       TEXT NOT NULL,
    PRIMARY KEY (profile, date_added, object_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX stix_objects_indicator ON stix_objects (indicator, profile);
  CREATE INDEX stix_objects_id ON stix_objects (profile, object_id);
  `,
  `
  -- A relationship to another indicator's object names it here; it is served only where that
  -- object is in the same collection, and it is dated by the later of its two ends.
  ALTER TABLE stix_objects ADD COLUMN target_ref TEXT;
  CREATE INDEX stix_objects_target ON stix_objects (profile, target_ref)
    WHERE target_ref IS NOT NULL;
  `,
  `
  -- Copies of an object that many indicators' objects refer to (a TLP marking definition), one
  -- with each indicator that needs it; a collection serves only its first copy.
  ALTER TABLE stix_objects ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX stix_objects_shared ON stix_objects (profile, object_id, date_added)
    WHERE shared = 1;
  `,
];
