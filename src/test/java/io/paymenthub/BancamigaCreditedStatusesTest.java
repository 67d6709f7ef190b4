package io.paymenthub;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.bancamiga.BancamigaMovements;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.EventSchema;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bancamiga's raw Status travels in the event (partnerStatus) and is counted; with bancamiga.credited-statuses
 * set, a payment whose Status is not listed (600, 700: unconfirmed in production data) is acknowledged and
 * stored but held: no payment.received, no PAGO46 registration, not verified.
 */
class BancamigaCreditedStatusesTest extends Pago46TestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    // started from configureContext(), which runs before field initializers: no initializer here
    private Pago46Simulator pago46;

    private synchronized Pago46Simulator pago46() {
        if (pago46 == null) {
            pago46 = simulator("provider");
        }
        return pago46;
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(pago46());
        p.put("pago46.batch.max-wait", "200ms");
        p.put("bancamiga.credited-statuses", "000,500");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        pago46().stop();
    }

    @Test
    void aCreditedStatusIsPublishedWithTheRawStatusAndRegisteredWithPago46() throws Exception {
        String reference = nextReference();

        assertEquals(200, postWebhook(notification(reference)).statusCode());

        Event received = events().awaitPayments(WAIT, List.of("bancamiga:" + refpk(reference))).stream()
                .filter(e -> e.paymentId().equals("bancamiga:" + refpk(reference))).findFirst().orElseThrow();
        EventSchema.assertValid(received.value());
        assertEquals("000", received.value().path("data").path("partnerStatus").asText());
        await().atMost(WAIT).until(() -> pago46().acceptedCounts().containsKey(refpk(reference)));
        assertTrue(metrics().contains(statusLine("000", "webhook", "true")), "counted: " + metrics());
    }

    @Test
    void anUncreditedStatusIsAcknowledgedAndStoredButNeitherPublishedNorForwardedNorVerified() throws Exception {
        String reference = nextReference();
        String body = notification(reference, "9.10").replace("\"Status\":\"000\"", "\"Status\":\"600\"");

        HttpResponse<String> first = postWebhook(body);
        HttpResponse<String> repeat = postWebhook(body);

        assertEquals(200, first.statusCode());
        assertEquals("{\"Code\":200,\"Refpk\":\"" + refpk(reference) + "\"}", first.body());
        assertEquals(200, repeat.statusCode());
        String id = refpk(reference);
        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE provider = 'bancamiga' AND external_id = ?", id), "stored once");
        assertTrue(text("SELECT held_reason FROM payment WHERE external_id = ?", id).contains("Status 600"));
        assertEquals(0, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?", id), "not forwarded to PAGO46");
        HttpResponse<String> verification = postApi("/api/v1/pago-movil/verifications",
                "{\"phone\":\"584240000000\",\"bank\":\"0172\",\"reference\":\"" + reference + "\",\"amount\":\"9.10\","
                        + "\"date\":\"2025-05-08\"}");
        assertEquals(200, verification.statusCode(), verification.body());
        assertEquals("NOT_FOUND", JSON.readTree(verification.body()).path("status").asText(), "not verified");
        assertNoReceivedEvent("bancamiga:" + id);
        String metrics = metrics();
        assertTrue(metrics.contains(statusLine("600", "webhook", "false") + " 1.0"), "counted once: " + metrics);
    }

    @Test
    void findAndHistoryItemsAreHeldTheSameWay() throws Exception {
        String reference = nextReference();
        JsonNode item = JSON.readTree(notification(reference, "4.00").replace("\"Status\":\"000\"", "\"Status\":\"700\""));
        BancamigaMovements movements = context.getRegistry().lookupByNameAndType("bancamigaMovements", BancamigaMovements.class);

        assertEquals(0, movements.store(List.of(item), "history"), "nothing new to publish");

        assertNotNull(text("SELECT held_reason FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(0, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference)));
        assertNoReceivedEvent("bancamiga:" + refpk(reference));
        assertTrue(metrics().contains(statusLine("700", "history", "false")), metrics());
    }

    /** A later credited payment is published; by then an event of the held one would have been too. */
    private void assertNoReceivedEvent(String paymentId) throws Exception {
        String sentinel = nextReference();
        assertEquals(200, postWebhook(notification(sentinel)).statusCode());
        List<Event> events = events().awaitPayments(WAIT, List.of("bancamiga:" + refpk(sentinel)));
        assertEquals(List.of(), events.stream().filter(e -> e.paymentId().equals(paymentId)).toList());
    }

    private String metrics() throws Exception {
        return get(managementPort, "/observe/metrics").body();
    }

    private static String statusLine(String status, String via, String credited) {
        return "paymenthub_bancamiga_statuses_total{credited=\"" + credited + "\",status=\"" + status + "\",via=\"" + via + "\"}";
    }
}
