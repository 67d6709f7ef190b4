-- Issue 16: every purchase is sent to Bamboo with a UniqueID (the merchant's, or derived from its Order), Bamboo's
-- guard against duplicate purchases; the runner keeps it to answer a repeated request with the same purchase.
-- Rows created before this migration have none (NULL; several NULLs are allowed by the unique index on H2 and
-- PostgreSQL alike).
ALTER TABLE bamboo_purchase ADD COLUMN unique_id VARCHAR(128);
CREATE UNIQUE INDEX bamboo_purchase_unique_id ON bamboo_purchase (unique_id);
