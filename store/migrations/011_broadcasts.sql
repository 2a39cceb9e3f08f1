-- Announcements officers send to many owners, and one row per owner
-- each was meant for: its channel and what became of it. A recipient row
-- outlives the outbox row that carried the message (pruned once settled)
-- and an erased owner (its status says so), so that no owner ever gets
-- the same announcement twice and the report stays true.
CREATE TABLE broadcasts (
    id          INTEGER PRIMARY KEY,
    text_id     TEXT    NOT NULL,
    text_en     TEXT    NOT NULL DEFAULT '',
    -- Who it is for (store.Audience as JSON).
    audience    TEXT    NOT NULL,
    -- scheduled: waits for send_at; sending: its recipients are being
    -- written, batch by batch, after the owner id in cursor; queued: all
    -- written, the sender delivers them; cancelled.
    status      TEXT    NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sending', 'queued', 'cancelled')),
    send_at     INTEGER NOT NULL,
    cursor      INTEGER NOT NULL DEFAULT 0,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX broadcasts_due ON broadcasts(status, send_at);

CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    owner_id     INTEGER NOT NULL,
    channel      TEXT    NOT NULL DEFAULT '',
    -- queued: in the outbox; sent; failed (reason: the channel's error);
    -- skipped (reason: opted_out, unreachable, erased, cancelled).
    status       TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
    reason       TEXT    NOT NULL DEFAULT '',
    outbox_id    INTEGER,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (broadcast_id, owner_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_recipients_outbox ON broadcast_recipients(outbox_id) WHERE outbox_id IS NOT NULL;
CREATE INDEX broadcast_recipients_owner ON broadcast_recipients(owner_id, status);
