package io.paymenthub.pago46;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Received payments reach PAGO46 in signed batches: full batches at once, a lone payment after the max wait. */
class Pago46BatchingTest extends Pago46TestSupport {

    private static final Duration MAX_WAIT = Duration.ofMillis(1500);

    // started from configureContext(), which runs before field initializers: no initializer here
    private Pago46Simulator pago46;

    /** This class's simulator (one per class, so a subclass on another store gets a fresh one). */
    private synchronized Pago46Simulator pago46() {
        if (pago46 == null) {
            pago46 = simulator("provider");
        }
        return pago46;
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(pago46());
        p.put("pago46.batch.size", "5");
        p.put("pago46.batch.max-wait", MAX_WAIT.toMillis() + "ms");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        pago46().stop();
    }

    @Test
    void everyStoredPaymentGetsARegistrationRowWithTheSeedsFieldsInItsOwnTransaction() throws Exception {
        String reference = nextReference();
        postWebhook(notification(reference, "1234.5").replace("\"Descripcion\":\"pago\"", "\"Descripcion\":\"Pago de José\""));

        String id = refpk(reference);
        assertEquals(1, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals("1234.50", text("SELECT amount FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals("20250508", text("SELECT creation_date FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals(PAGO46_DOCUMENT, text("SELECT document_id FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals("bank_transfer", text("SELECT payment_method FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals(PAGO46_CURRENCY, text("SELECT bank_country_currency_id FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals("{\"description\":\"Pago de José\"}", text("SELECT optional_fields FROM pago46_registration WHERE bank_transaction_id = ?", id));
        assertEquals("bancamiga:" + id, text("SELECT payment_id FROM pago46_registration WHERE bank_transaction_id = ?", id));
        // a repeated Refpk is a duplicate payment: no second row
        postWebhook(notification(reference, "1234.5"));
        assertEquals(1, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?", id));
        await().atMost(Duration.ofSeconds(20)).until(() -> pago46().acceptedCounts().containsKey(id));
    }

    @Test
    void fullBatchesGoAtOnceAndEachIsPublishedAsOneAcceptedEvent() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String reference = nextReference();
            ids.add(refpk(reference));
            assertEquals(200, postWebhook(notification(reference)).statusCode());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> pago46().acceptedCounts().keySet().containsAll(ids));
        for (String id : ids) {
            assertEquals(1, pago46().acceptedCounts().get(id), id + " accepted once");
            // the simulator counts before its answer reaches the runner
            await().atMost(Duration.ofSeconds(10)).until(() -> "REGISTERED".equals(
                    text("SELECT status FROM pago46_registration WHERE bank_transaction_id = ?", id)));
        }
        List<Event> batches = awaitBatchEvents(Duration.ofSeconds(30), events -> transactionIds(events).containsAll(ids));
        List<Event> ours = batches.stream().filter(e -> transactionIds(List.of(e)).stream().anyMatch(ids::contains)).toList();
        assertEquals(2, ours.size(), "ten payments, batch size five: two batches");
        for (Event e : ours) {
            JsonNode data = e.value().path("data");
            assertEquals("pago46.registration.accepted", e.value().path("type").asText());
            assertEquals("pago46:batch-" + data.path("batchId").asText(), e.key());
            assertEquals(5, data.path("count").asInt());
            assertEquals(202, data.path("httpStatus").asInt());
            assertEquals("5 transactions were successfully logged", data.path("partnerMessage").asText());
        }
        assertEquals(ids.size(), transactionIds(ours).size(), "no id in two accepted events");
    }

    @Test
    void aLonePaymentIsSentOnceTheMaxWaitHasPassed() throws Exception {
        String reference = nextReference();
        String id = refpk(reference);
        Instant posted = Instant.now();
        assertEquals(200, postWebhook(notification(reference)).statusCode());

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> pago46().acceptedCounts().containsKey(id));
        Duration waited = Duration.between(posted, Instant.now());

        assertTrue(waited.compareTo(MAX_WAIT.minusMillis(100)) >= 0, "sent after " + waited + ", not before the max wait");
        assertEquals(1, count("SELECT transactions FROM pago46_batch b JOIN pago46_registration r ON r.batch_id = b.id"
                + " WHERE r.bank_transaction_id = ?", id));
    }
}
