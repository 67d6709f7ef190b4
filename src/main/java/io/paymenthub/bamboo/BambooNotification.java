package io.paymenthub.bamboo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Bamboo callback as far as it can be read before its signature is checked: its shape and the
 * signed fields, exactly as they appear in the JSON.
 *
 * @param signedId   PurchaseId (Purchase shape) or TransactionId (Transaction shape)
 * @param amountText Amount as it appears in the JSON: integer minor units
 */
public record BambooNotification(Shape shape, String signedId, String amountText, String currency, JsonNode body) {

    /** The two webhook shapes a merchant can choose with Bamboo. */
    public enum Shape { PURCHASE, TRANSACTION }

    /** The Transaction object carrying the status: nested in the Purchase shape, the body itself in the other. */
    public JsonNode transaction() {
        return shape == Shape.PURCHASE ? body.path("Transaction") : body;
    }

    /** Whether this is a refund (a separate transaction, never the purchase itself). */
    public boolean refund() {
        return shape == Shape.TRANSACTION && "refund".equalsIgnoreCase(body.path("TransactionType").asText());
    }
}
