package io.paymenthub.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.events.Payment;
import io.paymenthub.events.PaymentEvents;
import io.paymenthub.support.EventSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status reports (Bamboo, Luka) move a payment forward only, each change published once with its previous status. */
class PaymentStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Database database;
    private PaymentStore store;
    private OutboxStore outbox;

    @BeforeEach
    void openStore() {
        database = openDatabase();
        database.migrate();
        store = new PaymentStore(database, new PaymentEvents(), List.of(), 0);
        outbox = new OutboxStore(database);
    }

    /** A fresh, empty store (H2 here; {@link PaymentStatusPostgresTest} overrides it). */
    protected Database openDatabase() {
        return new Database("jdbc:h2:file:./target/test-data/status-" + UUID.randomUUID(), "sa", "", 2, 5000);
    }

    @AfterEach
    void closeStore() {
        database.stop();
    }

    @Test
    void statusMovesForwardOnlyAndEachChangeIsPublishedOnceWithThePreviousStatus() throws Exception {
        assertEquals(PaymentStore.StatusOutcome.CREATED, store.recordStatus(payment("PENDING")));
        assertEquals(PaymentStore.StatusOutcome.UNCHANGED, store.recordStatus(payment("PENDING")));
        assertEquals(PaymentStore.StatusOutcome.CHANGED, store.recordStatus(payment("APPROVED")));
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("PENDING")));
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("REJECTED")), "approved is not undone by a late rejection");
        assertEquals(PaymentStore.StatusOutcome.CHANGED, store.recordStatus(payment("PAID")));
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("REJECTED")), "a terminal status is final");

        assertEquals("PAID", store.status("bamboo", "P-1"));
        List<OutboxStore.PendingEvent> events = outbox.pending(10);
        assertEquals(3, events.size());
        String[][] expected = {{"PENDING", null}, {"APPROVED", "PENDING"}, {"PAID", "APPROVED"}};
        for (int i = 0; i < 3; i++) {
            JsonNode event = JSON.readTree(events.get(i).payload());
            EventSchema.assertValid(event);
            assertEquals("payment.status-changed", event.path("type").asText());
            assertEquals(expected[i][0], event.path("data").path("status").asText());
            assertTrue(event.path("data").has("previousStatus"));
            assertEquals(expected[i][1], event.path("data").path("previousStatus").isNull() ? null
                    : event.path("data").path("previousStatus").asText());
        }
    }

    @Test
    void anInferredExpiryGivesWayToAPartnersFinalAnswerPublishedAsACorrectionFromExpired() throws Exception {
        assertEquals(PaymentStore.StatusOutcome.CREATED, store.recordStatus(payment("PENDING")));
        assertEquals(PaymentStore.StatusOutcome.CHANGED, store.recordStatus(payment("EXPIRED")));
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("PENDING")), "still pending is no answer");
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("PREAUTHORIZED")), "not a final answer");
        assertEquals(PaymentStore.StatusOutcome.CHANGED, store.recordStatus(payment("APPROVED")));
        assertEquals(PaymentStore.StatusOutcome.STALE, store.recordStatus(payment("EXPIRED")), "never inferred back");

        assertEquals("APPROVED", store.status("bamboo", "P-1"));
        List<OutboxStore.PendingEvent> events = outbox.pending(10);
        JsonNode correction = JSON.readTree(events.get(events.size() - 1).payload());
        EventSchema.assertValid(correction);
        assertEquals("payment.status-changed", correction.path("type").asText());
        assertEquals("APPROVED", correction.path("data").path("status").asText());
        assertEquals("EXPIRED", correction.path("data").path("previousStatus").asText());
        for (String finalStatus : List.of("PAID", "REJECTED", "CANCELLED")) {
            assertTrue(PaymentStore.movesForward("EXPIRED", finalStatus), finalStatus);
        }
    }

    private static Payment payment(String status) {
        return new Payment("bamboo", "P-1", "PSE", status, new BigDecimal("5000.00"), "COP", null, null, null,
                OffsetDateTime.parse("2026-11-22T10:00:00-05:00"), "webhook", "/bamboo/webhook",
                JSON.createObjectNode().put("Status", status));
    }
}
