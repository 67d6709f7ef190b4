-- Runs unchanged on H2 and PostgreSQL.

-- The relay's claim looks, for each pending event, for an earlier unpublished event of the same record key
-- (a key's events are published in commit order, whichever instance's relay claims them): this index makes
-- that a lookup among the key's few events instead of a scan of every pending one. published_at is in it so
-- that it covers all three conditions and H2 never prefers outbox_pending for the lookup (that plan is quadratic).
CREATE INDEX outbox_key ON outbox (record_key, published_at, id);
