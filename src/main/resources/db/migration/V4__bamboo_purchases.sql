-- Bamboo purchases created through POST /api/v1/bamboo/purchases. Runs unchanged on H2 and PostgreSQL.
-- The payment itself (status, amount, events) lives in payment as bamboo:<purchase_id>; this row keeps
-- what Bamboo answered at creation, and the purchase's transaction id, so that a Transaction-shaped
-- callback (which names only its TransactionId) and a read-back (GET /v3/api/transaction/{id}) find it.
CREATE TABLE bamboo_purchase (
    purchase_id       VARCHAR(64)  PRIMARY KEY,
    transaction_id    VARCHAR(64),
    payment_media_id  INTEGER      NOT NULL,
    method            VARCHAR(32)  NOT NULL,
    order_ref         VARCHAR(128),
    amount_minor      BIGINT       NOT NULL,
    currency          VARCHAR(3)   NOT NULL,
    answer            VARCHAR(1000000) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX bamboo_purchase_transaction ON bamboo_purchase (transaction_id);
