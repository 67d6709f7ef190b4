-- Issue 16: a received payment can be stored but held, not credited (e.g. a Bancamiga Status outside
-- bancamiga.credited-statuses): held_reason says why. A held payment has no payment.received event, no PAGO46
-- registration, and the merchant verification does not see it. NULL for every payment credited as usual.
-- Runs unchanged on H2 and PostgreSQL.
ALTER TABLE payment ADD COLUMN held_reason VARCHAR(1000);
