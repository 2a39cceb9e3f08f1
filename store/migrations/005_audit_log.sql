-- Every officer action, whichever door it came through (chat, command
-- line, web console): who, when, what, on which row, and why. It holds no
-- personal data: the actor is an officer's configured name and channel
-- (never the chat's address), the subject an id. The note is the
-- officer's reason; it is blanked when the owner it concerns is erased.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT    NOT NULL,
    -- The channel the officer acted from ('telegram', 'whatsapp',
    -- 'console'); '' for the command line and the web console.
    actor_channel TEXT    NOT NULL DEFAULT '',
    -- What was done, e.g. 'owner.binaan.on'.
    action        TEXT    NOT NULL,
    subject_kind  TEXT    NOT NULL,
    subject_id    INTEGER NOT NULL,
    note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log(subject_kind, subject_id, id);

-- When each chat of an owner last wrote to the office (set when it is
-- linked, and on every new inbound message): a notice to the owner goes
-- to the chat they used last. Chats linked before this column existed
-- start from their session's last turn, or from when they were linked.
ALTER TABLE contacts ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE contacts SET last_seen_at = COALESCE(
    (SELECT s.updated_at FROM sessions s WHERE s.channel = contacts.channel AND s.address = contacts.address
        AND s.updated_at > contacts.created_at),
    contacts.created_at);
