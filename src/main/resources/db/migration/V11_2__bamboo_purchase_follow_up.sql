-- Issue 16: a purchase still PENDING after bamboo.follow-up.after is read back from Bamboo on a schedule until its
-- status is final or its payment method's expiry has passed (then EXPIRED, with the reason kept here).
-- expires_at NULL: the purchase's creation plus bamboo.follow-up.expire-after. next_check_at NULL: not followed.
-- Purchases stored before this migration are all due now (the follow-up skips those already final).
-- Runs unchanged on H2 and PostgreSQL.
ALTER TABLE bamboo_purchase ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE bamboo_purchase ADD COLUMN next_check_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE bamboo_purchase ADD COLUMN checks INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE bamboo_purchase ADD COLUMN status_reason VARCHAR(1000);
UPDATE bamboo_purchase SET next_check_at = CURRENT_TIMESTAMP;
CREATE INDEX bamboo_purchase_next_check ON bamboo_purchase (next_check_at);
