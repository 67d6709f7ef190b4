-- Runs unchanged on H2 and PostgreSQL.

-- The outbox keeps no unique index on event_id. Nothing looks an event up by its id, and the guard was weak: the
-- outbox holds pending events only (V8), so an id could come back after its first copy was published. What keeps an
-- event from being written twice is the payment's own identity (provider, external_id) and status rule, in the same
-- transaction. The index cost on every write: an event id is a name-based UUID, so each event inserted or deleted
-- rewrote a random page of the index at the commit (bench/RESULTS.md).
ALTER TABLE outbox DROP CONSTRAINT outbox_event_id;
