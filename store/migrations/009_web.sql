-- The officers' web console: one-time login links and sessions. Only a
-- token's SHA-256 is kept: a copy of the database opens no session.
CREATE TABLE web_tokens (
    hash       BLOB    PRIMARY KEY,
    -- 'link': a one-time login link sent to the officer's chat;
    -- 'session': a browser's session, made by using a link.
    kind       TEXT    NOT NULL CHECK (kind IN ('link', 'session')),
    -- The officer's configured name: an officer removed from the
    -- configuration has no session any more, whatever this row says.
    officer    TEXT    NOT NULL,
    -- A session's token for its forms (CSRF); '' for a link.
    csrf       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- A link once used, a session once logged out.
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX web_tokens_expiry ON web_tokens(expires_at);
