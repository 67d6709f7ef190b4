-- Runs unchanged on H2 and PostgreSQL.

-- The outbox holds only events waiting for Kafka: the relay deletes each row once Kafka acknowledged it,
-- instead of stamping it published. Stamping rewrote every payload a second time (on H2 the whole page
-- it sits in) and kept the table and its indexes growing forever; Kafka and the payment table are the record.
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_key;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN published_at;
-- the relay's claim looks for an earlier pending event of the same key: a lookup among that key's few rows
CREATE INDEX outbox_key ON outbox (record_key, id);
