-- A reply queued to a chat in the transaction that erased it (the goodbye
-- of "hapus data saya") must still be sent, but must not stay behind as a
-- 'sent' or 'failed' row holding the chat's address: such a row is
-- deleted instead of marked (UU PDP: nothing of an erased owner is kept).
ALTER TABLE outbox ADD COLUMN forget_on_send INTEGER NOT NULL DEFAULT 0 CHECK (forget_on_send IN (0, 1));
