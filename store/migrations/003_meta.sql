-- Small facts about the database itself. 'scrub_owed' is written in the
-- transaction of an erasure and deleted once the files are scrubbed, so
-- that a process stopped in between scrubs at its next start (and only
-- then: a scrub rewrites the whole file).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
-- A database that already held erasures before this table existed is
-- scrubbed once.
INSERT INTO meta (key, value) VALUES ('scrub_owed', '1');
