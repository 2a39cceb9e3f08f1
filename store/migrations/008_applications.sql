-- Applications for the office's two certificate programmes: the free
-- halal certificate (self-declare, SIHALAL) and TKDN IK (SIINas).
--
-- The stages and the moves between them are data: BPJPH's and
-- Kemenperin's procedures change, and the office may learn a stage
-- exists that we did not know of. A stage's name and next-step hint, in
-- each language, are messages in locales/ ("stage_<kind>_<code>",
-- "stage_<kind>_<code>_next"); a test checks each row has them.
CREATE TABLE stages (
    kind     TEXT    NOT NULL CHECK (kind IN ('halal', 'tkdn')),
    code     TEXT    NOT NULL,
    -- Where it stands in the usual order (lists, the office's numbers).
    position INTEGER NOT NULL,
    -- Who acts next: owner, office, pendamping (Pendamping PPH), bpjph,
    -- komite_fatwa, kemenperin.
    actor    TEXT    NOT NULL,
    -- 1: the application is over (terbit, ditolak).
    final    INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
    -- 1: the stage is waited in, not worked in (counts as active).
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;

-- The moves an officer may make. From perlu_perbaikan an application
-- goes back to the stage it came from (applications.return_stage),
-- which no row lists.
CREATE TABLE stage_moves (
    kind       TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    PRIMARY KEY (kind, from_stage, to_stage),
    FOREIGN KEY (kind, from_stage) REFERENCES stages(kind, code),
    FOREIGN KEY (kind, to_stage) REFERENCES stages(kind, code)
) WITHOUT ROWID;

INSERT INTO stages (kind, code, position, actor, final, active) VALUES
    ('halal', 'menunggu_kuota',   0, 'office',       0, 0),
    ('halal', 'diajukan',         1, 'office',       0, 1),
    ('halal', 'verifikasi_dinas', 2, 'office',       0, 1),
    ('halal', 'pendampingan_pph', 3, 'pendamping',   0, 1),
    ('halal', 'verifikasi_bpjph', 4, 'bpjph',        0, 1),
    ('halal', 'sidang_fatwa',     5, 'komite_fatwa', 0, 1),
    ('halal', 'terbit',           6, 'owner',        1, 0),
    ('halal', 'perlu_perbaikan',  7, 'owner',        0, 1),
    ('halal', 'ditolak',          8, 'owner',        1, 0),
    ('tkdn',  'diajukan',           1, 'office',     0, 1),
    ('tkdn',  'verifikasi_dokumen', 2, 'office',     0, 1),
    ('tkdn',  'penilaian',          3, 'kemenperin', 0, 1),
    ('tkdn',  'terbit',             4, 'owner',      1, 0),
    ('tkdn',  'perlu_perbaikan',    5, 'owner',      0, 1),
    ('tkdn',  'ditolak',            6, 'owner',      1, 0);

INSERT INTO stage_moves (kind, from_stage, to_stage) VALUES
    ('halal', 'menunggu_kuota',   'diajukan'),
    ('halal', 'diajukan',         'verifikasi_dinas'),
    ('halal', 'verifikasi_dinas', 'pendampingan_pph'),
    ('halal', 'pendampingan_pph', 'verifikasi_bpjph'),
    ('halal', 'verifikasi_bpjph', 'sidang_fatwa'),
    ('halal', 'sidang_fatwa',     'terbit'),
    ('tkdn',  'diajukan',           'verifikasi_dokumen'),
    ('tkdn',  'verifikasi_dokumen', 'penilaian'),
    ('tkdn',  'penilaian',          'terbit');
-- From every active stage: back to the owner to fix, or refused.
INSERT INTO stage_moves (kind, from_stage, to_stage)
    SELECT kind, code, 'perlu_perbaikan' FROM stages WHERE active = 1 AND code <> 'perlu_perbaikan';
INSERT INTO stage_moves (kind, from_stage, to_stage)
    SELECT kind, code, 'ditolak' FROM stages WHERE final = 0;

CREATE TABLE applications (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('halal', 'tkdn')),
    -- The reference: HL-2026-0007 is (halal, 2026, 7).
    year         INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    -- NULL once the owner erased their data: the anonymous row stays for
    -- the office's numbers, its personal fields emptied.
    owner_id     INTEGER REFERENCES owners(id) ON DELETE SET NULL,
    stage        TEXT    NOT NULL,
    stage_at     INTEGER NOT NULL,
    -- The stage a perlu_perbaikan application goes back to.
    return_stage TEXT    NOT NULL DEFAULT '',
    -- Bumped by every change: two officers moving it at once, one wins.
    version      INTEGER NOT NULL DEFAULT 1,
    -- The owner's answers (products, address, costs) as JSON: personal.
    data         TEXT    NOT NULL DEFAULT '{}',
    -- The NIK of the responsible person, sealed (AES-GCM, a key kept
    -- outside the database): personal.
    nik_sealed   BLOB,
    -- Entered by officers from the portal (SIHALAL, SIINas): no API.
    portal_no         TEXT    NOT NULL DEFAULT '',
    portal_status     TEXT    NOT NULL DEFAULT '',
    portal_checked_at INTEGER,
    -- On terbit.
    cert_no      TEXT    NOT NULL DEFAULT '',
    tkdn_percent REAL,
    valid_until  TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (kind, year, seq),
    FOREIGN KEY (kind, stage) REFERENCES stages(kind, code)
);
-- An owner's applications, newest first.
CREATE INDEX applications_owner ON applications(owner_id, id) WHERE owner_id IS NOT NULL;
-- Officers' lists: a kind's applications in a stage, oldest waiting first.
CREATE INDEX applications_stage ON applications(kind, stage, stage_at);

-- Every stage an application went through: who moved it, when, why.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    from_stage     TEXT    NOT NULL DEFAULT '',
    to_stage       TEXT    NOT NULL,
    -- An officer's configured name, or 'owner'.
    actor          TEXT    NOT NULL,
    -- The officer's note to the owner: blanked when the owner is erased.
    note           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events(application_id, id);
