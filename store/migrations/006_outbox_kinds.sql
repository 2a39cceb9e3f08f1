-- Every outbox row gets a kind, which sets its priority (replies first),
-- the owner it concerns, and an expiry; a row later than its expiry is
-- marked 'expired' instead of sent. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    -- reply: an answer to the chat's message, sent before any other kind;
    -- notice: a change the chat is told of (a stage, a ticket's answer);
    -- reminder: planned, dropped when later than expires_at;
    -- broadcast: an announcement to many owners.
    kind            TEXT    NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'notice', 'reminder', 'broadcast')),
    -- The owner the message concerns, whichever chat it goes to: erasing
    -- the owner deletes it (sent or not), since its text may quote them.
    owner_id        INTEGER REFERENCES owners(id) ON DELETE CASCADE,
    body            TEXT    NOT NULL,
    dedupe_key      TEXT,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
    not_before      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    -- NULL: never expires.
    expires_at      INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    -- When the row was sent, given up or expired (pruned after a while).
    sent_at         INTEGER,
    forget_on_send  INTEGER NOT NULL DEFAULT 0 CHECK (forget_on_send IN (0, 1))
);
INSERT INTO outbox_new (id, channel, address, kind, body, dedupe_key, status, not_before, next_attempt_at, attempts,
    last_error, created_at, sent_at, forget_on_send)
SELECT id, channel, address,
    CASE WHEN dedupe_key LIKE 'remind:%' THEN 'reminder' WHEN dedupe_key LIKE 'broadcast:%' THEN 'broadcast' ELSE 'reply' END,
    body, dedupe_key, status, not_before, next_attempt_at, attempts, last_error, created_at, sent_at, forget_on_send
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
