-- The outbox's CHECK constraints said "kind IN (...)": SQLite builds a
-- temporary index of the list at every row written, a third of the cost
-- of queuing a reply. The same rules as comparisons cost nothing. SQLite
-- cannot change a CHECK constraint in place, so the table is rebuilt, as
-- it was (006, 013).
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    -- reply: an answer to the chat's message, sent before any other kind;
    -- notice: a change the chat is told of (a stage, a ticket's answer);
    -- reminder: planned, dropped when later than expires_at;
    -- broadcast: an announcement to many owners.
    kind            TEXT    NOT NULL DEFAULT 'reply'
        CHECK (kind = 'reply' OR kind = 'notice' OR kind = 'reminder' OR kind = 'broadcast'),
    -- The owner the message concerns, whichever chat it goes to: erasing
    -- the owner deletes it (sent or not), since its text may quote them.
    owner_id        INTEGER REFERENCES owners(id) ON DELETE CASCADE,
    body            TEXT    NOT NULL,
    dedupe_key      TEXT,
    status          TEXT    NOT NULL DEFAULT 'pending'
        CHECK (status = 'pending' OR status = 'sent' OR status = 'failed' OR status = 'expired'),
    not_before      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    -- NULL: never expires.
    expires_at      INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    -- When the row was sent, given up or expired (pruned after a while).
    sent_at         INTEGER,
    forget_on_send  INTEGER NOT NULL DEFAULT 0 CHECK (forget_on_send = 0 OR forget_on_send = 1),
    -- The platform's id of the sent message, and when it said the message
    -- was delivered and read (013).
    platform_id     TEXT,
    delivered_at    INTEGER,
    read_at         INTEGER
);
INSERT INTO outbox_new (id, channel, address, kind, owner_id, body, dedupe_key, status, not_before, next_attempt_at,
    expires_at, attempts, last_error, created_at, sent_at, forget_on_send, platform_id, delivered_at, read_at)
SELECT id, channel, address, kind, owner_id, body, dedupe_key, status, not_before, next_attempt_at,
    expires_at, attempts, last_error, created_at, sent_at, forget_on_send, platform_id, delivered_at, read_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE UNIQUE INDEX outbox_dedupe ON outbox(dedupe_key) WHERE dedupe_key IS NOT NULL;
-- A chat's pending rows in order.
CREATE INDEX outbox_pending ON outbox(channel, address, id) WHERE status = 'pending';
-- A channel's pending rows in order (by id, the index's hidden last
-- column): the rows due after the urgent kinds.
CREATE INDEX outbox_queue ON outbox(channel) WHERE status = 'pending';
-- A channel's due rows of one kind: replies (and notices, reminders)
-- found however many broadcasts wait, and when the next row is due.
CREATE INDEX outbox_due ON outbox(channel, kind, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_expiry ON outbox(expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
-- The rows an erased owner's deletion cascades to.
CREATE INDEX outbox_owner ON outbox(owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX outbox_platform ON outbox(channel, platform_id) WHERE platform_id IS NOT NULL;
