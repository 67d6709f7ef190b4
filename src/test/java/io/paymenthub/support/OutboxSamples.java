package io.paymenthub.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.events.OutboxEvent;
import io.paymenthub.events.Payment;
import io.paymenthub.events.PaymentEvents;
import io.paymenthub.store.OutboxStore;

/**
 * Real payment events for outbox tests: mostly one {@code payment.received} per payment (the webhook case),
 * and every {@value #EVERY}th group a payment with three status changes in a row (PENDING, APPROVED, PAID:
 * several events of one record key waiting at the same time, the case where per-key order matters).
 */
public final class OutboxSamples {

    private static final int EVERY = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PaymentEvents EVENTS = new PaymentEvents();
    private static final String[][] STATUS_CHANGES = {{"PENDING", null}, {"APPROVED", "PENDING"}, {"PAID", "APPROVED"}};

    private OutboxSamples() {
    }

    /** {@code count} events in commit order; ids are fresh on every call, so a reused topic or store never mixes runs. */
    public static List<OutboxEvent> events(int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<OutboxEvent> events = new ArrayList<>(count);
        for (int i = 0; events.size() < count; i++) {
            if (i % EVERY < EVERY - STATUS_CHANGES.length) {
                events.add(EVENTS.received(payment("bancamiga", run + "r" + i, "RECEIVED")));
            } else if (i % EVERY == EVERY - STATUS_CHANGES.length) {
                for (String[] change : STATUS_CHANGES) {
                    if (events.size() < count) {
                        events.add(EVENTS.statusChanged(payment("bamboo", run + "s" + i, change[0]), change[1]));
                    }
                }
            }
        }
        return events;
    }

    /** Commits the events to the outbox, {@code perTransaction} at a time, in list order (so ids follow it). */
    public static void commit(String url, String user, String password, List<OutboxEvent> events, int perTransaction)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            for (int from = 0; from < events.size(); from += perTransaction) {
                OutboxStore.appendAll(c, events.subList(from, Math.min(events.size(), from + perTransaction)));
                c.commit();
            }
        }
    }

    /**
     * Asserts that the records read hold every expected event exactly once (by CloudEvent id) and that, for each
     * record key, they came in the order the events were committed.
     */
    public static void assertEachPublishedOnceInKeyOrder(List<OutboxEvent> expected, List<TopicReader.Event> read) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        expected.forEach(e -> ids.add(e.eventId()));
        java.util.Map<String, Long> copies = new java.util.HashMap<>();
        java.util.Map<String, List<String>> readByKey = new java.util.LinkedHashMap<>();
        for (TopicReader.Event e : read) {
            String id = e.value().path("id").asText();
            if (ids.contains(id)) {
                copies.merge(id, 1L, Long::sum);
                readByKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(id);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(ids, copies.keySet(), "every committed event is on Kafka");
        List<String> repeated = copies.entrySet().stream().filter(c -> c.getValue() > 1).map(c -> c.getKey()).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), repeated, "events published more than once");
        java.util.Map<String, List<String>> committedByKey = new java.util.LinkedHashMap<>();
        expected.forEach(e -> committedByKey.computeIfAbsent(e.recordKey(), k -> new ArrayList<>()).add(e.eventId()));
        org.junit.jupiter.api.Assertions.assertEquals(committedByKey, readByKey, "per key, Kafka order is commit order");
    }

    /** Waits until every expected event has been read from the topic, then returns all records read. */
    public static List<TopicReader.Event> awaitAll(TopicReader reader, List<OutboxEvent> expected, java.time.Duration timeout) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        expected.forEach(e -> ids.add(e.eventId()));
        return reader.awaitEvents(timeout, all -> all.stream().map(e -> e.value().path("id").asText())
                .filter(ids::contains).distinct().count() == ids.size());
    }

    private static Payment payment(String provider, String externalId, String status) {
        return new Payment(provider, externalId, "PAGO_MOVIL", status, new BigDecimal("5.64"), "VES", "018219",
                new Payment.Party("584240000000", "0172", "Bancamiga"), new Payment.Party("584140000001", null, null),
                OffsetDateTime.parse("2025-05-08T16:02:49-04:00"), "webhook", "/" + provider + "/webhook",
                JSON.createObjectNode().put("Refpk", externalId).put("Descripcion", "x".repeat(600)));
    }
}
