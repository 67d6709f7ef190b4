-- Issue 18: the daily reconciliation report (docs/operations.md: Daily reconciliation report). Runs unchanged on H2 and PostgreSQL.

-- When a completed Bancamiga history sweep last listed this payment (under its external id or an alias), set in the
-- same transaction as the history chunk that listed it (one batched UPDATE per 500 items). NULL: no history sweep
-- has listed it; a webhook payment of a day whose sweep completed with NULL here is a phantom webhook.
ALTER TABLE payment ADD COLUMN history_seen_at TIMESTAMP WITH TIME ZONE;
-- The report reads a day (Venezuelan time) of payments by when they occurred.
CREATE INDEX payment_occurred ON payment (occurred_at);

-- A history sweep of a date that read the bank's answer to its end: first and last completion.
CREATE TABLE history_sweep (
    provider            VARCHAR(32)  NOT NULL,
    sweep_date          DATE         NOT NULL,
    first_completed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_completed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT history_sweep_pk PRIMARY KEY (provider, sweep_date)
);

-- One row per provider, day and version of the report; never updated. Version 1 is written once, automatically,
-- after the first complete history sweep past midnight (the primary key makes two instances write it once); an
-- operator's re-close adds version n+1 (POST /ops/reconciliation/close).
CREATE TABLE reconciliation_report (
    provider       VARCHAR(32)   NOT NULL,
    report_date    DATE          NOT NULL,
    version        INTEGER       NOT NULL,
    closed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_by      VARCHAR(128)  NOT NULL,
    reason         VARCHAR(4000),
    report         VARCHAR(1000000) NOT NULL,
    CONSTRAINT reconciliation_report_pk PRIMARY KEY (provider, report_date, version)
);
