package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.sandbox.BambooSimulator.DateStyle;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bamboo's dateSent in each public reading, and Bamboo's retries: a correctly signed callback arriving after
 * the tolerance (Bamboo retries after 15 min, 30 min, 1 h, 3 h, 6 h, with the first attempt's dateSent) is
 * answered 200 and its status is read back from Bamboo, never refused as a replay nor taken from its body.
 */
class BambooCallbackRetriesTest extends BambooTestSupport {

    private static final Duration TOLERANCE = Duration.ofSeconds(2);

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(super.extraProperties());
        p.put("bamboo.webhook.tolerance", "2s");
        return p;
    }

    @AfterEach
    void bambooDefaults() {
        bamboo().dateStyle(DateStyle.ISO_UTC, ZoneOffset.UTC).retrySchedule(List.of(Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofMillis(3200)));
    }

    @Test
    void aCallbackDatedInBambooStyleWithoutOffsetOrInRfc1123IsAcceptedAndSignedAsReceived() throws Exception {
        bamboo().dateStyle(DateStyle.ISO_NO_OFFSET, ZoneOffset.UTC);
        String local = nextId();
        String sent = bamboo().formatDateSent(Instant.now());
        assertTrue(sent.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"), sent);
        assertEquals(200, deliver(purchaseCallback(local, 500000, "COP", 1, "Approved")));

        bamboo().dateStyle(DateStyle.RFC_1123, ZoneOffset.UTC);
        String rfc = nextId();
        assertEquals(200, deliver(purchaseCallback(rfc, 500000, "COP", 1, "Approved")));

        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", local));
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", rfc));
    }

    @Test
    void bamboosRetryAfterOurOutageIsAcknowledgedAndTheStatusReadBackIsRecorded() throws Exception {
        JsonNode created = created();
        String purchaseId = created.path("purchaseId").asText();
        String transactionId = created.path("transactionId").asText();
        // our outage: the first attempt never reaches the runner; Bamboo retries later with the same dateSent
        bamboo().retrySchedule(List.of(TOLERANCE.plusSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        bamboo().loseNextDeliveries(1);

        bamboo().settle(purchaseId, 1, "Approved");

        Awaitility.await().atMost(WAIT).until(() -> bamboo().deliveries().stream()
                .anyMatch(d -> d.purchaseId().equals(purchaseId) && d.httpStatus() == 200));
        List<BambooSimulator.Delivery> mine = bamboo().deliveries().stream().filter(d -> d.purchaseId().equals(purchaseId)).toList();
        assertEquals(List.of(0, 200), mine.stream().map(BambooSimulator.Delivery::httpStatus).toList(), "lost, then 200 on the retry");
        assertTrue(bamboo().readBacks().contains(transactionId), "the retry's status is read back: " + bamboo().readBacks());
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", purchaseId));
        List<Event> events = eventsOf("bamboo:" + purchaseId);
        assertEquals(List.of("PENDING", "APPROVED"), events.stream().map(e -> e.value().path("data").path("status").asText()).toList());
    }

    @Test
    void aStaleCallbackIsNotTakenFromItsBodyButFromBamboosReadBack() throws Exception {
        JsonNode created = created();
        String purchaseId = created.path("purchaseId").asText();
        BambooSimulator.Purchase atBamboo = bamboo().purchase(purchaseId);

        // correctly signed 20 minutes ago, claiming Approved; Bamboo's record still says Pending
        HttpResponse<String> answer = postStale(bamboo().callbackBody(atBamboo, 1, "Approved"), Duration.ofMinutes(20));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("PENDING", JSON.readTree(answer.body()).path("reportedStatus").asText());
        assertEquals("PENDING", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", purchaseId));
        assertEquals(List.of("PENDING"), eventsOf("bamboo:" + purchaseId).stream()
                .map(e -> e.value().path("data").path("status").asText()).toList());
    }

    @Test
    void aStaleCallbackThatCannotBeReadBackIsRefusedForBambooToRetryNotRecorded() throws Exception {
        String id = nextId(); // not created here, and the Purchase shape names no TransactionId

        HttpResponse<String> answer = postStale(purchaseCallback(id, 1000, "COP", 1, "Approved").toString(), Duration.ofMinutes(20));

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE provider = 'bamboo' AND external_id = ?", id));
    }

    private HttpResponse<String> postStale(String body, Duration age) throws Exception {
        String dateSent = bamboo().formatDateSent(Instant.now().minus(age));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(notifyUrl()))
                .header("Content-Type", "application/json").header("dateSent", dateSent)
                .header("signature", bamboo().signatureOf(body, dateSent))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode created() throws Exception {
        HttpResponse<String> answer = createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR));
        assertEquals(201, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }
}
