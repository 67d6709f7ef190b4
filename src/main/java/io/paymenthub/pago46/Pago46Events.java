package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paymenthub.events.Json;
import io.paymenthub.events.OutboxEvent;
import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;

/**
 * The two batch events, {@code pago46.registration.accepted} and {@code pago46.registration.rejected}:
 * CloudEvents whose data is a registration batch (schemas/payment-event.schema.json, $defs/registrationBatch).
 * The id is derived from the batch and the type, so a redelivery carries the same id.
 */
public final class Pago46Events {

    public static final String ACCEPTED = "pago46.registration.accepted";
    public static final String REJECTED = "pago46.registration.rejected";
    static final String SOURCE = "/pago46/forward";

    public OutboxEvent accepted(Batch batch, int httpStatus, String partnerMessage) {
        return event(ACCEPTED, "ACCEPTED", batch, httpStatus, partnerMessage);
    }

    public OutboxEvent rejected(Batch batch, int httpStatus, String partnerMessage) {
        return event(REJECTED, "REJECTED", batch, httpStatus, partnerMessage);
    }

    private static OutboxEvent event(String type, String outcome, Batch batch, int httpStatus, String partnerMessage) {
        String subject = "pago46:batch-" + batch.id();
        String id = UUID.nameUUIDFromBytes((subject + "|" + type).getBytes(StandardCharsets.UTF_8)).toString();
        List<Map<String, Object>> transactions = new ArrayList<>();
        for (Registration r : batch.registrations()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("paymentId", r.paymentId());
            t.put("bankTransactionId", r.bankTransactionId());
            t.put("amount", r.amount());
            transactions.add(t);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batchId", Long.toString(batch.id()));
        data.put("provider", "pago46");
        data.put("outcome", outcome);
        data.put("httpStatus", httpStatus);
        data.put("partnerMessage", partnerMessage == null ? "" : partnerMessage);
        data.put("attempts", batch.attempt());
        data.put("count", transactions.size());
        data.put("transactions", transactions);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", SOURCE);
        event.put("type", type);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        event.put("subject", subject);
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        try {
            return new OutboxEvent(id, type, subject, Json.MAPPER.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A PAGO46 batch event could not be written as JSON", e);
        }
    }
}
