import type Database from 'better-sqlite3';

import { relabelPostedSpecVersions } from './relabel-posted.js';

/** A migration: SQL, or a step over rows whose outcome SQL alone does not decide. */
export type Migration = string | ((db: Database.Database) => void);

/**
 * The SQLite store's schema, as an ordered list of migrations. `PRAGMA user_version` records how
 * many have run; each runs once, in its own transaction.
 *
 * Dates are INTEGER microseconds since the epoch (NULL when unknown), so comparisons and
 * ordering are numeric. Indicator text fields are stored as written.
 */
export const MIGRATIONS: readonly Migration[] = [
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
  `
  -- Writable collections: objects as posted, one row per (object, version).
  CREATE TABLE posted_objects (
    collection    TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    version_us    INTEGER NOT NULL,
    version       TEXT,
    type          TEXT NOT NULL,
    spec_version  TEXT NOT NULL,
    date_added    INTEGER NOT NULL UNIQUE,
    json          TEXT NOT NULL,
    PRIMARY KEY (collection, object_id, version_us)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX posted_objects_order ON posted_objects (collection, date_added, object_id);

  -- Add requests: the status, and each object's outcome; a pending object keeps its JSON
  -- here until it is added to the collection.
  CREATE TABLE write_statuses (
    id                TEXT PRIMARY KEY,
    collection        TEXT NOT NULL,
    request_timestamp INTEGER NOT NULL,
    expires           INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX write_statuses_expires ON write_statuses (expires);

  CREATE TABLE write_status_objects (
    status       TEXT NOT NULL REFERENCES write_statuses (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    object_id    TEXT NOT NULL,
    version      TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('pending', 'success', 'failure')),
    message      TEXT,
    version_us   INTEGER,
    type         TEXT,
    spec_version TEXT,
    json         TEXT,
    PRIMARY KEY (status, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX write_status_pending ON write_status_objects (outcome, status, seq);
  `,
  `
  -- Earlier versions of indicators' objects, kept when an indicator changes, up to the version
  -- retention. Each has a later version in stix_objects; shared copies are never kept here.
  CREATE TABLE stix_object_versions (
    profile    TEXT NOT NULL,
    indicator  INTEGER NOT NULL REFERENCES indicators (key) ON DELETE CASCADE,
    object_id  TEXT NOT NULL,
    type       TEXT NOT NULL,
    version    TEXT NOT NULL,
    date_added INTEGER NOT NULL,
    json       TEXT NOT NULL,
    target_ref TEXT,
    PRIMARY KEY (profile, object_id, version)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX stix_object_versions_order ON stix_object_versions (profile, date_added, object_id);
  CREATE INDEX stix_object_versions_indicator ON stix_object_versions (indicator, profile);
  `,
  // Posted objects without spec_version that have created are STIX 2.0 whichever API took them.
  relabelPostedSpecVersions,
  `
  -- A report, and each relationship rendered with it, names here (a JSON array) every object
  -- the report's object_refs holds; it is served only where all of them are in the same
  -- collection, and it is dated by the latest of its own date and theirs.
  ALTER TABLE stix_objects ADD COLUMN target_refs TEXT;
  ALTER TABLE stix_object_versions ADD COLUMN target_refs TEXT;
  CREATE INDEX stix_objects_targets ON stix_objects (profile) WHERE target_refs IS NOT NULL;
  `,
];
