package io.paymenthub.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A payment as every partner flow normalizes it, before it is stored and published.
 *
 * @param observedVia how we learnt of it: {@code webhook}, {@code find}, {@code history}, {@code api}
 * @param source      the CloudEvent source, e.g. {@code /bancamiga/webhook}
 * @param original    the partner's payload as received
 */
public record Payment(
        String provider,
        String externalId,
        String method,
        String status,
        BigDecimal amount,
        String currency,
        String reference,
        Party payer,
        Party payee,
        OffsetDateTime occurredAt,
        String observedVia,
        String source,
        JsonNode original) {

    /** Who paid or who was paid; any part may be unknown (null). */
    public record Party(String phone, String bank, String bankName) {
    }

    /** The payment's identity across the project: {@code <provider>:<externalId>}, also the Kafka record key. */
    public String paymentId() {
        return provider + ":" + externalId;
    }
}
