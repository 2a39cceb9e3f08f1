-- Reserved for the outbox kinds of issue 9 (outbox kind, owner_id,
-- expires_at), written on another branch. This placeholder keeps the
-- numbering whole until that branch is merged, and is replaced by it then.
SELECT 1;
