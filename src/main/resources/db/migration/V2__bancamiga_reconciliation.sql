-- Bancamiga reconciliation: the token pair the runner keeps refreshing, call-rate limits kept in the
-- database (so restarts and several instances share them), and a lookup index for verifications.

-- The current access/refresh pair per partner; seed_fingerprint identifies the configured pair it
-- started from, so a pair an operator configures anew is adopted, while a restart keeps the newest.
CREATE TABLE partner_token (
    partner           VARCHAR(32)  PRIMARY KEY,
    access_token      TEXT         NOT NULL,
    refresh_token     TEXT         NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE,
    seed_fingerprint  VARCHAR(64)  NOT NULL,
    refreshed_at      TIMESTAMP WITH TIME ZONE,
    last_error        VARCHAR(1000),
    last_error_at     TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

-- The last time a rate-limited partner call was made, taken under a row lock before calling.
CREATE TABLE call_rate_limit (
    name          VARCHAR(128) PRIMARY KEY,
    last_call_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO call_rate_limit (name, last_call_at) VALUES ('bancamiga.history', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

CREATE INDEX payment_payer ON payment (payer_phone, payer_bank, occurred_at);
