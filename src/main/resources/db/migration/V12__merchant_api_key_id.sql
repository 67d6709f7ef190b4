-- Runs unchanged on H2 and PostgreSQL.

-- Which merchant API key (its id from api.keys: a label or key-<position>, never the key) created each Bamboo
-- purchase and sent each Luka registration. Null for rows from before keys, and for Luka rows first learnt of
-- by webhook.
ALTER TABLE bamboo_purchase ADD COLUMN api_key_id VARCHAR(32);
ALTER TABLE luka_transaction ADD COLUMN api_key_id VARCHAR(32);
