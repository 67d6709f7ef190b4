package io.paymenthub.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;

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
        return new OutboxEvent(id, PAYMENT_STATUS_CHANGED, payment.paymentId(),
                toJson(payment, PAYMENT_STATUS_CHANGED, id, true, previousStatus));
    }

    /** {@code payment.received}: a payment seen for the first time. */
    public OutboxEvent received(Payment payment) {
        String id = eventId(payment, PAYMENT_RECEIVED);
        return new OutboxEvent(id, PAYMENT_RECEIVED, payment.paymentId(), toJson(payment, PAYMENT_RECEIVED, id, false, null));
    }

    static String eventId(Payment payment, String type) {
        String name = payment.paymentId() + "|" + type + "|" + payment.status();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The CloudEvent, written field by field with Jackson's streaming generator (every payment stored writes one: no
     * intermediate maps). Attribute order: specversion, id, source, type, time, subject, datacontenttype, data; in
     * data, unknown values (null) are left out, except {@code payer.bankName} (a bank code missing from the bundled
     * list) and {@code previousStatus} of a status change.
     */
    private static byte[] toJson(Payment payment, String type, String id, boolean withPrevious, String previousStatus) {
        Instant time = payment.occurredAt() != null ? payment.occurredAt().toInstant() : Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + (payment.original() == null ? 0 : 256));
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", id);
            writeField(g, "source", payment.source());
            g.writeStringField("type", type);
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
            g.writeStringField("subject", payment.paymentId());
            g.writeStringField("datacontenttype", "application/json");
            g.writeObjectFieldStart("data");
            g.writeStringField("paymentId", payment.paymentId());
            writeField(g, "provider", payment.provider());
            writeField(g, "externalId", payment.externalId());
            writeField(g, "method", payment.method());
            writeField(g, "status", payment.status());
            g.writeStringField("amount", payment.amount().setScale(2).toPlainString());
            writeField(g, "currency", payment.currency());
            writeIfKnown(g, "reference", payment.reference());
            writeParty(g, "payer", payment.payer());
            writeParty(g, "payee", payment.payee());
            writeIfKnown(g, "occurredAt", payment.occurredAt() == null ? null
                    : payment.occurredAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            writeField(g, "observedVia", payment.observedVia());
            writeIfKnown(g, "partnerStatus", payment.partnerStatus());
            g.writeFieldName("original");
            if (payment.original() == null) {
                g.writeNull();
            } else {
                g.writeTree(payment.original());
            }
            if (withPrevious) {
                writeField(g, "previousStatus", previousStatus);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("A payment event could not be written as JSON", e);
        }
        return out.toByteArray();
    }

    /** A party with what is known of it; nothing when nothing is known. */
    private static void writeParty(JsonGenerator g, String name, Payment.Party party) throws IOException {
        if (party == null || party.phone() == null && party.bank() == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        writeIfKnown(g, "phone", party.phone());
        if (party.bank() != null) {
            g.writeStringField("bank", party.bank());
            // a bank code missing from banks/venezuela.csv: named, with bankName null (docs/contract.md: Intake policy)
            writeField(g, "bankName", party.bankName());
        }
        g.writeEndObject();
    }

    private static void writeIfKnown(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A string field, written as null when unknown. */
    private static void writeField(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }
}
