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
 * @param partnerStatus the partner's own status code as sent, not interpreted (Bancamiga's {@code Status}:
 *                    {@code 000}, {@code 500}, {@code 600}, {@code 700}, …); null when the partner sends none
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
        JsonNode original,
        String partnerStatus) {

    /** A payment whose partner sends no status code of its own. */
    public Payment(String provider, String externalId, String method, String status, BigDecimal amount, String currency,
                   String reference, Party payer, Party payee, OffsetDateTime occurredAt, String observedVia, String source,
                   JsonNode original) {
        this(provider, externalId, method, status, amount, currency, reference, payer, payee, occurredAt, observedVia, source,
                original, null);
    }

    /** Who paid or who was paid; any part may be unknown (null). */
    public record Party(String phone, String bank, String bankName) {
    }

    /** The payment's identity across the project: {@code <provider>:<externalId>}, also the Kafka record key. */
    public String paymentId() {
        return provider + ":" + externalId;
    }
}
