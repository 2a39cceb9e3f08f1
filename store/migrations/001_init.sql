-- Owners of small industries (IKM) registered with the office. Personal data:
-- name, phone, address and (later) NIK; erased for good on the owner's request.
CREATE TABLE owners (
    -- AUTOINCREMENT: a registration number (IKM-000123) once handed out
    -- never points to another business, even after an erasure.
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL,
    business_name     TEXT    NOT NULL,
    sector            TEXT    NOT NULL,
    products          TEXT    NOT NULL,
    kecamatan         TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    phone             TEXT    NOT NULL,
    nib               TEXT    NOT NULL DEFAULT '',
    binaan            INTEGER NOT NULL DEFAULT 0,
    language          TEXT    NOT NULL DEFAULT 'id',
    consent_version   TEXT    NOT NULL,
    consent_at        INTEGER NOT NULL,
    consent_channel   TEXT    NOT NULL,
    broadcast_opt_out INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- An NIB belongs to one business.
CREATE UNIQUE INDEX owners_nib ON owners(nib) WHERE nib <> '';

-- One owner may reach the office on several channels.
CREATE TABLE contacts (
    channel        TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    owner_id       INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
CREATE INDEX contacts_owner ON contacts(owner_id);

-- Conversation state of one chat, whether or not its owner is registered.
CREATE TABLE sessions (
    channel     TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT 'id',
    flow        TEXT    NOT NULL DEFAULT '',
    step        TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL DEFAULT '{}',
    misses      INTEGER NOT NULL DEFAULT 0,
    unreachable INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
-- Chats that blocked the bot: their messages wait until they write again.
CREATE INDEX sessions_unreachable ON sessions(channel) WHERE unreachable = 1;

-- Inbound message ids already processed: a second delivery is dropped.
CREATE TABLE inbound (
    channel     TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (channel, address, message_id)
) WITHOUT ROWID;
-- (Pruning by received_at scans the table hourly; an index would cost
-- every message a second b-tree insert.)

-- Every message the bot sends goes through the outbox.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    dedupe_key      TEXT,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    not_before      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE UNIQUE INDEX outbox_dedupe ON outbox(dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX outbox_pending ON outbox(channel, address, id) WHERE status = 'pending';
