package io.paymenthub.bancamiga;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bancamiga's raw Status travels in the event (partnerStatus) and is counted; with bancamiga.credited-statuses
 * set, a payment whose Status is not listed (600, 700: unconfirmed in production data) is acknowledged and held in
 * the review queue (kind STATUS), once per movement: no payment.received, no PAGO46 registration, not verified, until a
 * later find or history answer credits the same movement or an operator releases it under /ops/ (published once).
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
    void anUncreditedStatusIsAcknowledgedAndHeldForReviewOnceButNeitherPublishedNorForwardedNorVerified() throws Exception {
        String reference = nextReference();
        String body = notification(reference, "9.10").replace("\"Status\":\"000\"", "\"Status\":\"600\"");

        HttpResponse<String> first = postWebhook(body);
        HttpResponse<String> repeat = postWebhook(body);

        assertEquals(200, first.statusCode());
        assertEquals("{\"Code\":200,\"Refpk\":\"" + refpk(reference) + "\"}", first.body());
        assertEquals(200, repeat.statusCode());
        String id = refpk(reference);
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE provider = 'bancamiga' AND external_id = ?", id), "held once");
        JsonNode item = openStatusItem(id);
        assertTrue(item.path("reason").asText().contains("Status 600"), item.toString());
        assertEquals(body, JSON.readTree(ops("GET", "review/" + item.path("id").asLong(), null).body()).path("body").asText(),
                "the body as received");
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE provider = 'bancamiga' AND external_id = ?", id), "not a payment");
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
    void findAndHistoryItemsAreHeldTheSameWayOncePerMovement() throws Exception {
        String reference = nextReference();
        JsonNode item = JSON.readTree(notification(reference, "4.00").replace("\"Status\":\"000\"", "\"Status\":\"700\""));
        BancamigaMovements movements = context.getRegistry().lookupByNameAndType("bancamigaMovements", BancamigaMovements.class);

        assertEquals(0, movements.store(List.of(item), "history"), "nothing new to publish");
        assertEquals(0, movements.store(List.of(item), "find"), "seen again: nothing new");

        assertEquals("bancamiga-history", openStatusItem(refpk(reference)).path("endpoint").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk(reference)), "held once");
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(0, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference)));
        assertNoReceivedEvent("bancamiga:" + refpk(reference));
        assertTrue(metrics().contains(statusLine("700", "history", "false")), metrics());
    }

    @Test
    void aLaterHistoryAnswerWithACreditedStatusResolvesTheItemAndPublishesOnceTheSameUncreditedStatusDoesNot() throws Exception {
        String reference = nextReference();
        String id = refpk(reference);
        String unconfirmed = notification(reference, "7.25").replace("\"Status\":\"000\"", "\"Status\":\"600\"");
        BancamigaMovements movements = context.getRegistry().lookupByNameAndType("bancamigaMovements", BancamigaMovements.class);
        assertEquals(200, postWebhook(unconfirmed).statusCode());
        long itemId = openStatusItem(id).path("id").asLong();

        assertEquals(0, movements.store(List.of(JSON.readTree(unconfirmed)), "history"), "the same uncredited Status");
        assertEquals("OPEN", text("SELECT status FROM review_item WHERE id = ?", itemId));
        assertEquals(1, movements.store(List.of(JSON.readTree(unconfirmed.replace("\"Status\":\"600\"", "\"Status\":\"500\""))),
                "history"), "credited now: published");
        assertEquals(0, movements.store(List.of(JSON.readTree(unconfirmed.replace("\"Status\":\"600\"", "\"Status\":\"500\""))),
                "find"), "once");

        JsonNode resolved = JSON.readTree(ops("GET", "review/" + itemId, null).body());
        assertEquals("RESOLVED", resolved.path("status").asText(), resolved.toString());
        assertEquals("history", resolved.path("resolvedVia").asText());
        assertEquals("bancamiga:" + id, resolved.path("paymentId").asText());
        List<Event> events = events().awaitPayments(WAIT, List.of("bancamiga:" + id)).stream()
                .filter(e -> e.paymentId().equals("bancamiga:" + id)).toList();
        assertEquals(1, events.size(), events.toString());
        assertEquals("history", events.get(0).value().path("data").path("observedVia").asText());
        assertEquals("500", events.get(0).value().path("data").path("partnerStatus").asText());
        await().atMost(WAIT).until(() -> pago46().acceptedCounts().containsKey(id));
    }

    @Test
    void anOperatorReleasesAHeldStatusOverOpsAndItIsPublishedOnceOrDiscardsItAndItStaysUnpublished() throws Exception {
        String released = nextReference();
        String discarded = nextReference();
        assertEquals(200, postWebhook(notification(released, "3.30").replace("\"Status\":\"000\"", "\"Status\":\"700\"")).statusCode());
        assertEquals(200, postWebhook(notification(discarded, "3.31").replace("\"Status\":\"000\"", "\"Status\":\"700\"")).statusCode());
        long releaseId = openStatusItem(refpk(released)).path("id").asLong();
        long discardId = openStatusItem(refpk(discarded)).path("id").asLong();

        HttpResponse<String> release = ops("POST", "review/" + releaseId + "/release", "{\"reason\":\"bank confirmed the credit by phone\"}");
        HttpResponse<String> again = ops("POST", "review/" + releaseId + "/release", "{}");
        HttpResponse<String> discard = ops("POST", "review/" + discardId + "/discard", "{\"reason\":\"the bank reversed it\"}");

        assertEquals(200, release.statusCode(), release.body());
        assertEquals("STORED", JSON.readTree(release.body()).path("outcome").asText());
        assertEquals(409, again.statusCode(), "released once");
        assertEquals(200, discard.statusCode(), discard.body());
        Event event = events().awaitPayments(WAIT, List.of("bancamiga:" + refpk(released))).stream()
                .filter(e -> e.paymentId().equals("bancamiga:" + refpk(released))).findFirst().orElseThrow();
        assertEquals("700", event.value().path("data").path("partnerStatus").asText());
        await().atMost(WAIT).until(() -> pago46().acceptedCounts().containsKey(refpk(released)));
        assertEquals(200, postWebhook(notification(discarded, "3.31").replace("\"Status\":\"000\"", "\"Status\":\"700\"")).statusCode());
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk(discarded)), "a discarded item is not raised again");
        assertNoReceivedEvent("bancamiga:" + refpk(discarded));
    }

    /** The open STATUS review item of a Refpk, as GET /ops/review lists it. */
    private JsonNode openStatusItem(String refpk) throws Exception {
        JsonNode items = JSON.readTree(ops("GET", "review?status=OPEN&limit=200", null).body()).path("items");
        for (JsonNode item : items) {
            if (item.path("externalId").asText().equals(refpk) && item.path("kind").asText().equals("STATUS")) {
                return item;
            }
        }
        throw new AssertionError("no open STATUS review item for " + refpk + " in " + items);
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
