-- Owners' questions to a person: a ticket per conversation with the
-- office, and its messages both ways. An erased owner's tickets go with
-- them (their files too: files_owed).
CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    -- The officer who took it ('' while no one has).
    officer         TEXT    NOT NULL DEFAULT '',
    opened_at       INTEGER NOT NULL,
    first_answer_at INTEGER,
    closed_at       INTEGER,
    closed_by       TEXT    NOT NULL DEFAULT '',
    -- The owner's rating of the answer, 1 to 5, once closed.
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    updated_at      INTEGER NOT NULL
);
CREATE INDEX tickets_status ON tickets(status, opened_at);
CREATE INDEX tickets_opened ON tickets(opened_at);
CREATE INDEX tickets_owner ON tickets(owner_id, status);

CREATE TABLE ticket_messages (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    -- 'owner', or the officer's name.
    author    TEXT    NOT NULL,
    body      TEXT    NOT NULL DEFAULT '',
    -- A photo or document: its stored name under the files folder, and
    -- its type read from its content.
    file      TEXT    NOT NULL DEFAULT '',
    file_type TEXT    NOT NULL DEFAULT '',
    at        INTEGER NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, id);
CREATE INDEX ticket_messages_file ON ticket_messages(file) WHERE file <> '';

-- Files to delete from the files folder once the transaction that let go
-- of them committed (an erasure): the scrub after it deletes them.
CREATE TABLE files_owed (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;
