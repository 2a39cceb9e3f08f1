-- What a platform said about messages and about the office's account:
-- the platform's id of a sent message (to answer a retry request after a
-- restart, and to match receipts), when it was delivered and read; and a
-- channel's pause (WhatsApp's reach-out lock or temporary ban), during
-- which only replies go out.
ALTER TABLE outbox ADD COLUMN platform_id TEXT;
ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
ALTER TABLE outbox ADD COLUMN read_at INTEGER;
CREATE INDEX outbox_platform ON outbox(channel, platform_id) WHERE platform_id IS NOT NULL;

ALTER TABLE broadcast_recipients ADD COLUMN delivered_at INTEGER;
ALTER TABLE broadcast_recipients ADD COLUMN read_at INTEGER;

CREATE TABLE channel_pauses (
    channel TEXT PRIMARY KEY,
    -- NULL: until lifted (no end given).
    until   INTEGER,
    reason  TEXT NOT NULL,
    since   INTEGER NOT NULL
) WITHOUT ROWID;
