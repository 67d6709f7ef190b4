package io.paymenthub.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Builds the CloudEvents 1.0 documents (structured JSON mode) that go to Kafka. The event id is
 * derived from the payment, the event type and the status, so the same state change always carries
 * the same id: a consumer can drop a redelivery by id.
 */
public final class PaymentEvents {

    public static final String PAYMENT_RECEIVED = "payment.received";

    public static final String PAYMENT_STATUS_CHANGED = "payment.status-changed";

    /** {@code payment.status-changed}: the payment now has {@code payment.status()}; {@code previousStatus} null when new. */
    public OutboxEvent statusChanged(Payment payment, String previousStatus) {
        String id = eventId(payment, PAYMENT_STATUS_CHANGED);
        Map<String, Object> event = cloudEvent(payment, PAYMENT_STATUS_CHANGED, id);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        data.put("previousStatus", previousStatus);
        return new OutboxEvent(id, PAYMENT_STATUS_CHANGED, payment.paymentId(), toJson(event));
    }

    public OutboxEvent received(Payment payment) {
        String id = eventId(payment, PAYMENT_RECEIVED);
        return new OutboxEvent(id, PAYMENT_RECEIVED, payment.paymentId(), toJson(cloudEvent(payment, PAYMENT_RECEIVED, id)));
    }

    static String eventId(Payment payment, String type) {
        String name = payment.paymentId() + "|" + type + "|" + payment.status();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> cloudEvent(Payment payment, String type, String id) {
        Instant time = payment.occurredAt() != null ? payment.occurredAt().toInstant() : Instant.now();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", payment.source());
        event.put("type", type);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        event.put("subject", payment.paymentId());
        event.put("datacontenttype", "application/json");
        event.put("data", data(payment));
        return event;
    }

    private static Map<String, Object> data(Payment payment) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", payment.paymentId());
        data.put("provider", payment.provider());
        data.put("externalId", payment.externalId());
        data.put("method", payment.method());
        data.put("status", payment.status());
        data.put("amount", payment.amount().setScale(2).toPlainString());
        data.put("currency", payment.currency());
        putIfKnown(data, "reference", payment.reference());
        putIfKnown(data, "payer", party(payment.payer()));
        putIfKnown(data, "payee", party(payment.payee()));
        putIfKnown(data, "occurredAt", payment.occurredAt() == null ? null
                : payment.occurredAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        data.put("observedVia", payment.observedVia());
        putIfKnown(data, "partnerStatus", payment.partnerStatus());
        data.put("original", payment.original());
        return data;
    }

    private static Map<String, Object> party(Payment.Party party) {
        if (party == null) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        putIfKnown(p, "phone", party.phone());
        putIfKnown(p, "bank", party.bank());
        if (party.bank() != null) {
            // a bank code missing from banks/venezuela.csv: named, with bankName null (README: Intake policy)
            p.put("bankName", party.bankName());
        }
        return p.isEmpty() ? null : p;
    }

    private static void putIfKnown(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static byte[] toJson(Map<String, Object> event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A payment event could not be written as JSON", e);
        }
    }
}
