-- The office's trainings (pelatihan, bimtek, studi banding) and who
-- signed up: a seat, or a place on the waiting list.
CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('pelatihan', 'bimtek', 'studi_banding')),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    venue       TEXT    NOT NULL,
    quota       INTEGER NOT NULL CHECK (quota > 0),
    -- Who may join: binaan owners only; these sectors, these kecamatan,
    -- these owners (comma lists; '' for any).
    binaan_only INTEGER NOT NULL DEFAULT 0 CHECK (binaan_only IN (0, 1)),
    sectors     TEXT    NOT NULL DEFAULT '',
    kecamatan   TEXT    NOT NULL DEFAULT '',
    invited     TEXT    NOT NULL DEFAULT '',
    -- The last moment to sign up (NULL: until it starts).
    deadline    INTEGER,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    -- Bumped by a reschedule: reminders are planned under the version
    -- (their dedupe keys name it), so a new plan never collides with the
    -- old one, which is cancelled by its prefix.
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX trainings_open ON trainings(status, starts_at);

CREATE TABLE enrollments (
    training_id INTEGER NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    owner_id    INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    status      TEXT    NOT NULL CHECK (status IN ('seat', 'waiting', 'cancelled')),
    -- The order of signing up: the waiting list's order.
    seq         INTEGER NOT NULL,
    attended    INTEGER CHECK (attended IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (training_id, owner_id)
) WITHOUT ROWID;
CREATE INDEX enrollments_list ON enrollments(training_id, status, seq);
CREATE INDEX enrollments_owner ON enrollments(owner_id);
