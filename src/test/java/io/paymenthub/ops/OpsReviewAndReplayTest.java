package io.paymenthub.ops;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's actions under /ops/, end to end over HTTP with Basic auth: a held report released with corrected
 * values (published once, its body as received kept) or discarded with a reason, and refused bodies replayed
 * through their own intake route (idempotent; a body still refused or still held is neither lost nor duplicated).
 * Every action is in the audit trail and in the metric.
 */
class OpsReviewAndReplayTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aHeldReportReleasedWithTheCorrectedAmountIsPublishedOnceWithItsBodyAsReceived() throws Exception {
        String reference = nextReference();
        String held = notification(reference, "1.234,56");
        assertEquals(200, postWebhook(held).statusCode());
        long id = openItemFor(refpk(reference));

        JsonNode inspected = JSON.readTree(ops("GET", "review/" + id, null).body());
        assertEquals("FIELDS", inspected.path("kind").asText());
        assertEquals(held, inspected.path("body").asText());
        HttpResponse<String> stillWrong = ops("POST", "review/" + id + "/release", "{\"corrections\":{\"Amount\":\"1.234,56\"}}");
        assertEquals(422, stillWrong.statusCode(), stillWrong.body());
        HttpResponse<String> released = ops("POST", "review/" + id + "/release",
                "{\"corrections\":{\"Amount\":\"1234.56\"},\"reason\":\"customer's receipt shows Bs 1234.56\"}");

        assertEquals(200, released.statusCode(), released.body());
        assertEquals("STORED", JSON.readTree(released.body()).path("outcome").asText());
        Event event = awaitOneEvent(refpk(reference));
        assertEquals("1234.56", event.value().path("data").path("amount").asText());
        assertEquals("1.234,56", event.value().path("data").path("original").path("Amount").asText(), "the body as received");
        JsonNode after = JSON.readTree(ops("GET", "review/" + id, null).body());
        assertEquals("RELEASED", after.path("status").asText());
        assertEquals(OPS_USER, after.path("resolvedBy").asText());
        assertEquals(409, ops("POST", "review/" + id + "/release", "{\"corrections\":{\"Amount\":\"1234.56\"}}").statusCode(),
                "released once");
        assertEquals(400, ops("POST", "review/" + id + "/release", "{\"corrections\":{\"Refpk\":\"X1\"}}").statusCode());
        assertEquals("customer's receipt shows Bs 1234.56", text("SELECT reason FROM ops_audit WHERE action = 'review.release'"
                + " AND target = ? AND outcome = 'done' AND actor = ?", "review_item:" + id, OPS_USER));
    }

    @Test
    void aHeldReportIsDiscardedOnlyWithAReasonAndIsNeverPublished() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference).replace("2025-05-08", "2025-02-30")).statusCode());
        long id = openItemFor(refpk(reference));

        HttpResponse<String> withoutReason = ops("POST", "review/" + id + "/discard", "{}");
        HttpResponse<String> discarded = ops("POST", "review/" + id + "/discard", "{\"reason\":\"test payment from the bank's certification\"}");

        assertEquals(400, withoutReason.statusCode());
        assertFalse(JSON.readTree(withoutReason.body()).path("message").asText().isBlank());
        assertEquals(200, discarded.statusCode(), discarded.body());
        assertEquals("DISCARDED", text("SELECT status FROM review_item WHERE id = ?", id));
        assertEquals("test payment from the bank's certification", text("SELECT resolution FROM review_item WHERE id = ?", id));
        assertEquals(409, ops("POST", "review/" + id + "/discard", "{\"reason\":\"again\"}").statusCode());
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(0, count("SELECT COUNT(*) FROM review_item WHERE status = 'OPEN' AND id = ?", id));
        JsonNode list = JSON.readTree(ops("GET", "review?status=DISCARDED&limit=200", null).body()).path("items");
        assertTrue(list.findValuesAsText("externalId").contains(refpk(reference)), list.toString());
        assertEquals(404, ops("POST", "review/999999/discard", "{\"reason\":\"x\"}").statusCode());
    }

    @Test
    void aBodyTheOlderVersionRefusedIsReplayedThroughItsRouteOnceAndAReplayAgainChangesNothing() throws Exception {
        // what an earlier version refused with 400: bank 0178 missing from its list, HoraMovimiento without seconds
        String reference = nextReference();
        String body = notification(reference).replace("\"BancoOrig\":\"0172\"", "\"BancoOrig\":\"0178\"").replace("16:02:49", "16:02");
        long id = keepRejected("bancamiga-webhook", 400, "BancoOrig is not a known Venezuelan bank code: 0178", "application/json",
                body);
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> replayed = ops("POST", "rejected/" + id + "/replay", "{\"reason\":\"0178 is N58 Banco Digital\"}");
        HttpResponse<String> again = ops("POST", "rejected/" + id + "/replay", null);

        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals("STORED", JSON.readTree(replayed.body()).path("outcome").asText());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("DUPLICATE", JSON.readTree(again.body()).path("outcome").asText());
        Event event = awaitOneEvent(refpk(reference));
        assertEquals("N58 Banco Digital", event.value().path("data").path("payer").path("bankName").asText());
        assertEquals("2025-05-08T16:02:00-04:00", event.value().path("data").path("occurredAt").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "nothing new is kept");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", id));
        assertEquals("duplicate " + refpk(reference), text("SELECT last_replay_outcome FROM rejected_message WHERE id = ?", id));
        JsonNode inspected = JSON.readTree(ops("GET", "rejected/" + id, null).body());
        assertEquals(body, inspected.path("body").asText());
        assertEquals(2, count("SELECT COUNT(*) FROM ops_audit WHERE action = 'rejected.replay' AND target = ?", "rejected_message:" + id));
    }

    @Test
    void aReplayOfABodyThatIsStillAmbiguousHoldsItOnceAndOfOneStillRefusedKeepsItWhereItIs() throws Exception {
        String reference = nextReference();
        long ambiguous = keepRejected("bancamiga-webhook", 400, "Amount must be a decimal", "application/json",
                notification(reference, "1.234,56"));
        HttpResponse<String> refusedLive = postWebhook("{\"Amount\":\"5.64\",\"Descripcion\":\"no Refpk\"}");
        assertEquals(400, refusedLive.statusCode());
        long refused = count("SELECT MAX(id) FROM rejected_message");
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> held = ops("POST", "rejected/" + ambiguous + "/replay", null);
        HttpResponse<String> heldAgain = ops("POST", "rejected/" + ambiguous + "/replay", null);
        HttpResponse<String> stillRefused = ops("POST", "rejected/" + refused + "/replay", null);
        HttpResponse<String> stillRefusedAgain = ops("POST", "rejected/" + refused + "/replay", null);

        assertEquals(200, held.statusCode(), held.body());
        assertEquals("HELD", JSON.readTree(held.body()).path("outcome").asText());
        assertEquals("HELD", JSON.readTree(heldAgain.body()).path("outcome").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk(reference)), "held once");
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(422, stillRefused.statusCode(), stillRefused.body());
        assertTrue(JSON.readTree(stillRefused.body()).path("message").asText().contains("still refused"));
        assertEquals(422, stillRefusedAgain.statusCode());
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "kept once, not duplicated");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", refused));
        assertTrue(text("SELECT last_replay_outcome FROM rejected_message WHERE id = ?", refused).startsWith("refused again: 400"));
        assertEquals(404, ops("POST", "rejected/999999/replay", null).statusCode());
        long otherEndpoint = keepRejected("bamboo-purchases", 400, "Currency is required", "application/json", "{}");
        assertEquals(409, ops("POST", "rejected/" + otherEndpoint + "/replay", null).statusCode());
    }

    @Test
    void listsArePagedByKeysetAndEveryActionIsCountedInTheMetric() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, postWebhook(notification(nextReference(), "abc")).statusCode());
        }
        JsonNode first = JSON.readTree(ops("GET", "review?limit=2", null).body());
        assertEquals(2, first.path("items").size());
        long next = first.path("nextBefore").asLong();
        JsonNode second = JSON.readTree(ops("GET", "review?limit=2&before=" + next, null).body());
        assertTrue(second.path("items").size() >= 1);
        assertTrue(second.path("items").get(0).path("id").asLong() < next);
        assertEquals(200, ops("GET", "rejected?limit=500", null).statusCode(), "a limit over 200 is served as 200");
        assertEquals(400, ops("GET", "review?status=SOMETHING", null).statusCode());

        ops("POST", "review/" + first.path("items").get(0).path("id").asLong() + "/discard", "{\"reason\":\"duplicate test\"}");

        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = get(managementPort, "/observe/metrics").body();
            assertTrue(metrics.contains("paymenthub_ops_actions_total{action=\"review.discard\",outcome=\"done\"}"), metrics);
            assertTrue(metrics.contains("paymenthub_webhook_requests_total{outcome=\"held\",provider=\"bancamiga\",status=\"200\"}"), metrics);
            assertTrue(metrics.contains("paymenthub_review_open " + count("SELECT COUNT(*) FROM review_item WHERE status = 'OPEN'")
                    + ".0"), metrics);
        });
        JsonNode audit = JSON.readTree(ops("GET", "audit?limit=200", null).body()).path("items");
        assertTrue(audit.findValuesAsText("action").contains("review.discard"), audit.toString());
    }

    /** The one open review item of a Refpk. */
    private long openItemFor(String refpk) throws Exception {
        JsonNode items = JSON.readTree(ops("GET", "review?status=OPEN&limit=200", null).body()).path("items");
        for (JsonNode item : items) {
            if (item.path("externalId").asText().equals(refpk)) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no open review item for " + refpk + " in " + items);
    }

    /** Exactly one payment.received for the Refpk, read up to a later payment's (the relay publishes in commit order). */
    private Event awaitOneEvent(String refpk) throws Exception {
        String later = nextReference();
        assertEquals(200, postWebhook(notification(later)).statusCode());
        List<Event> events = events().awaitPayments(WAIT, List.of("bancamiga:" + refpk, "bancamiga:" + refpk(later)));
        List<Event> mine = events.stream().filter(e -> e.paymentId().equals("bancamiga:" + refpk)).toList();
        assertEquals(1, mine.size(), mine.toString());
        return mine.get(0);
    }
}
