package io.paymenthub.pago46;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * 400 and 422 park the batch with PAGO46's message and publish a rejected event; nothing is retried
 * until an operator re-queues the batch on the management port, after which it goes through once.
 */
class Pago46ParkedBatchTest extends Pago46TestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Starts out expecting another secret than the runner signs with: every signature is refused until expectSecret(...). */
    private static final Pago46Simulator PAGO46 = new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET + "-rotated", "core",
            java.util.Set.of(PAGO46_CURRENCY));

    static {
        PAGO46.start();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(PAGO46);
        p.put("pago46.signature.scheme", "core");
        p.put("pago46.batch.size", "3");
        p.put("pago46.batch.max-wait", "5s");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        PAGO46.stop();
    }

    @Test
    void wrongHashParksTheBatchTurnsReadinessDownAndGoesThroughOnceAfterTheFixAndARequeue() throws Exception {
        PAGO46.expectSecret(PAGO46_SECRET + "-rotated");
        List<String> ids = postPayments(3);

        JsonNode rejected = awaitRejectedEventFor(ids);
        JsonNode data = rejected.path("data");
        assertEquals(400, data.path("httpStatus").asInt());
        assertEquals("Authentication error: WRONG HASH", data.path("partnerMessage").asText());
        long batch = data.path("batchId").asLong();
        for (String id : ids) {
            assertEquals("PARKED", text("SELECT status FROM pago46_registration WHERE bank_transaction_id = ?", id));
        }
        // readiness says why
        HttpResponse<String> health = get(managementPort, "/observe/health");
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("Authentication error: WRONG HASH"), health.body());
        // listed for the operator, with PAGO46's reason
        JsonNode parked = JSON.readTree(get(managementPort, "/observe/pago46/batches/parked").body()).path("parked");
        assertTrue(parked.findValuesAsText("reason").contains("Authentication error: WRONG HASH"), parked.toString());
        // no blind retry
        int requests = PAGO46.requests();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> PAGO46.requests() == requests);

        // the fix: PAGO46 and we agree on the secret again (here the partner's side is changed back)
        PAGO46.expectSecret(PAGO46_SECRET);
        HttpResponse<String> requeued = requeue(batch);

        assertEquals(200, requeued.statusCode(), requeued.body());
        assertEquals(3, JSON.readTree(requeued.body()).path("requeued").asInt());
        await().atMost(Duration.ofSeconds(20)).until(() -> PAGO46.acceptedCounts().keySet().containsAll(ids));
        ids.forEach(id -> assertEquals(1, PAGO46.acceptedCounts().get(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(managementPort, "/observe/health").statusCode() == 200);
        assertEquals(404, requeue(batch).statusCode(), "a re-queued batch is no longer parked");
        assertEquals(2, count("SELECT COUNT(*) FROM ops_audit WHERE target = ?", "pago46_batch:" + batch),
                "the older /observe path is audited too");
    }

    @Test
    void unknownBankCountryCurrencyIdIsParkedWith422AndItsValidatorMessage() throws Exception {
        PAGO46.expectSecret(PAGO46_SECRET);
        PAGO46.knownCurrencies(java.util.Set.of("another-currency"));
        try {
            List<String> ids = postPayments(3);

            JsonNode data = awaitRejectedEventFor(ids).path("data");

            assertEquals(422, data.path("httpStatus").asInt());
            assertEquals("[{\"Validator\":\"Provided bank_country_currency_id " + PAGO46_CURRENCY + " does not exist\"}]",
                    data.path("partnerMessage").asText());
            assertEquals(404, ops("POST", "pago46/batches/999999/requeue", "{\"reason\":\"typo\"}").statusCode());
            assertTrue(ops("GET", "pago46/batches/parked", null).body().contains("does not exist"));
            PAGO46.knownCurrencies(java.util.Set.of(PAGO46_CURRENCY));
            long batch = data.path("batchId").asLong();
            // under /ops/, behind HTTP Basic, audited with the operator and the reason
            HttpResponse<String> requeued = ops("POST", "pago46/batches/" + batch + "/requeue", "{\"reason\":\"currency id fixed\"}");
            assertEquals(200, requeued.statusCode(), requeued.body());
            assertEquals("currency id fixed", text("SELECT reason FROM ops_audit WHERE action = 'pago46.batch.requeue'"
                    + " AND target = ? AND actor = ?", "pago46_batch:" + batch, OPS_USER));
            await().atMost(Duration.ofSeconds(20)).until(() -> PAGO46.acceptedCounts().keySet().containsAll(ids));
        } finally {
            PAGO46.knownCurrencies(java.util.Set.of(PAGO46_CURRENCY));
        }
    }

    private List<String> postPayments(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String reference = nextReference();
            ids.add(refpk(reference));
            assertEquals(200, postWebhook(notification(reference)).statusCode());
        }
        return ids;
    }

    private JsonNode awaitRejectedEventFor(List<String> ids) {
        List<Event> events = awaitBatchEvents(Duration.ofSeconds(30), batches -> batches.stream()
                .anyMatch(e -> e.value().path("type").asText().equals("pago46.registration.rejected")
                        && transactionIds(List.of(e)).containsAll(ids)));
        return events.stream().filter(e -> e.value().path("type").asText().equals("pago46.registration.rejected")
                && transactionIds(List.of(e)).containsAll(ids)).findFirst().orElseThrow().value();
    }

    private HttpResponse<String> requeue(long batch) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/observe/pago46/batches/" + batch + "/requeue")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
