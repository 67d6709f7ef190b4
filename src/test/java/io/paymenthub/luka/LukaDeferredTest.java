package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.luka.LukaTransactions;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.sandbox.LukaSimulator.Fault;
import io.paymenthub.sandbox.LukaSimulator.Scenario;
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deferred results on the real routes against the Luka simulator: the webhook (authenticated, confirmed
 * through the polling endpoint), the Quartz poller, expiry with a reason, and a webhook racing a poll.
 */
class LukaDeferredTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator();
    private static final String EXPIRE_AFTER = "6s";

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of(
                "luka.deferred.poll.cron", "0/1 * * * * ?",
                "luka.deferred.pending-after", "1s",
                "luka.deferred.poll-interval", "1s",
                "luka.deferred.review-poll-interval", "1s",
                "luka.deferred.expire-after", EXPIRE_AFTER);
    }

    @Test
    void aWebhookWithoutTheSecretIs401AndAMalformedOneIs400AndKept() throws Exception {
        String body = "{\"exitoso\":true,\"transaccionId\":1}";
        assertEquals(401, postLukaWebhook(null, body).statusCode());
        assertEquals(401, postLukaWebhook("Bearer wrong-secret", body).statusCode());

        HttpResponse<String> malformed = postLukaWebhook("Bearer " + LUKA_WEBHOOK_SECRET, "{\"exitoso\":true}");
        assertEquals(400, malformed.statusCode());
        assertEquals(List.of("transaccionId"), JSON.readTree(malformed.body()).path("errors").findValuesAsText("field"));
        assertEquals(400, postLukaWebhook("Bearer " + LUKA_WEBHOOK_SECRET, "[1,2]").statusCode());
        assertTrue(count("SELECT COUNT(*) FROM rejected_message WHERE endpoint = 'luka-webhook' AND status = 400") >= 2);
        assertEquals(0, count("SELECT COUNT(*) FROM rejected_message WHERE endpoint = 'luka-webhook' AND status = 401"));
    }

    @Test
    void aWebhookIsConfirmedThroughThePollingEndpointBeforeAnythingIsPublished() throws Exception {
        String reference = reference('9');
        JsonNode pending = register(registration(reference), 200);
        long id = Long.parseLong(pending.path("transaccionId").asText());
        int polls = LUKA.polls(id);
        ObjectNode forged = JSON.createObjectNode().put("transaccionId", id).put("exitoso", true).put("trazaId", pending.path("trazaId").asText());
        forged.putObject("infoProceso").put("estatusProcesamiento", "success");

        HttpResponse<String> response = postLukaWebhook("Bearer " + LUKA_WEBHOOK_SECRET, forged.toString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode ack = JSON.readTree(response.body());
        assertEquals("PENDING", ack.path("status").asText(), "Luka's polling endpoint says it is still pending");
        assertTrue(ack.path("confirmed").asBoolean());
        assertTrue(LUKA.polls(id) > polls);
        List<Event> events = awaitALaterPayment();
        assertEquals(List.of("PENDING"), statuses(events, "luka:" + id));
    }

    @Test
    void aPendingPaymentWithoutWebhookIsSettledByThePoller() throws Exception {
        String reference = reference('7');
        JsonNode pending = register(registration(reference), 200);
        String paymentId = pending.path("paymentId").asText();
        LUKA.resolveSilently(Long.parseLong(pending.path("transaccionId").asText()));

        List<Event> events = awaitStatuses(paymentId, s -> s.contains("APPROVED"));

        Event approved = events.get(events.size() - 1);
        assertEquals("poll", approved.value().path("data").path("observedVia").asText());
        assertEquals("/luka/poll", approved.value().path("source").asText());
        assertEquals("PENDING", approved.value().path("data").path("previousStatus").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM luka_transaction WHERE transaccion_id = ? AND next_check_at IS NOT NULL",
                pending.path("transaccionId").asText()), "nothing left to check");
    }

    @Test
    void aPaymentStillPendingAfterTheWindowIsExpiredOnceWithAReasonAndNoLongerChecked() throws Exception {
        JsonNode pending = register(registration(reference('9')), 200);
        String paymentId = pending.path("paymentId").asText();
        long id = Long.parseLong(pending.path("transaccionId").asText());

        List<Event> events = awaitStatuses(paymentId, s -> s.contains("EXPIRED"));

        JsonNode data = events.get(events.size() - 1).value().path("data");
        assertEquals("PENDING", data.path("previousStatus").asText());
        assertEquals("pending", data.path("original").path("infoProceso").path("estatusProcesamiento").asText(), "Luka's last answer");
        String reason = text("SELECT status_reason FROM luka_transaction WHERE transaccion_id = ?", Long.toString(id));
        assertTrue(reason.startsWith("No final status from Luka within " + EXPIRE_AFTER), reason);
        assertTrue(LUKA.polls(id) >= 2, "checked while the window was open");
        int polls = LUKA.polls(id);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> LUKA.polls(id) == polls);
        assertEquals("EXPIRED", register(registration(pending.path("reference").asText()), 409).path("transaction").path("status").asText());
        assertEquals(reason, register(registration(pending.path("reference").asText()), 409).path("transaction").path("statusReason").asText(),
                "the reason is kept with the registration and shown with it");
        assertEquals(List.of("PENDING", "EXPIRED"), statuses(awaitALaterPayment(), paymentId));
    }

    @Test
    void aLateApprovalAfterExpiryIsPublishedAsACorrectionFromExpired() throws Exception {
        String reference = reference('5');
        LUKA.scenario(reference, Scenario.APPROVED_AFTER_EXPIRY);
        JsonNode pending = register(registration(reference), 200);
        String paymentId = pending.path("paymentId").asText();
        long id = Long.parseLong(pending.path("transaccionId").asText());
        awaitStatuses(paymentId, s -> s.contains("EXPIRED"));

        LUKA.resolve(id); // Luka's manual review approves it, after our window; its webhook says so

        List<Event> events = awaitStatuses(paymentId, s -> s.contains("APPROVED"));
        assertEquals(List.of("PENDING", "EXPIRED", "APPROVED"), statuses(events, paymentId));
        JsonNode correction = events.get(events.size() - 1).value();
        assertEquals("payment.status-changed", correction.path("type").asText());
        assertEquals("EXPIRED", correction.path("data").path("previousStatus").asText());
        assertEquals("success", correction.path("data").path("original").path("infoProceso").path("estatusProcesamiento").asText());
        assertTrue(LUKA.webhookAnswers().contains(200), "the webhook was acknowledged: " + LUKA.webhookAnswers());
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'luka' AND external_id = ?", Long.toString(id)));
    }

    @Test
    void aProcessingStatusNeitherSuccessNorFailureStaysPendingInTheChecksUntilLukaSettlesIt() throws Exception {
        String reference = reference('4');
        LUKA.scenario(reference, Scenario.IN_REVIEW_THEN_APPROVED);

        JsonNode inReview = register(registration(reference), 200);

        assertEquals("PENDING", inReview.path("status").asText(), "\"Pendiente por revisión\" is no rejection: " + inReview);
        assertEquals("Pendiente por revisión", inReview.path("luka").path("estatusProcesamiento").asText());
        String id = inReview.path("transaccionId").asText();
        assertEquals(1, count("SELECT COUNT(*) FROM luka_transaction WHERE transaccion_id = ? AND next_check_at IS NOT NULL", id),
                "kept in the deferred checks");
        await().atMost(WAIT).until(() -> LUKA.polls(Long.parseLong(id)) >= 1);
        assertEquals("PENDING", text("SELECT status FROM payment WHERE provider = 'luka' AND external_id = ?", id),
                "a poll answering the same wording keeps it pending");

        LUKA.resolve(Long.parseLong(id));

        List<Event> events = awaitStatuses(inReview.path("paymentId").asText(), s -> s.contains("APPROVED"));
        assertEquals(List.of("PENDING", "APPROVED"), statuses(events, inReview.path("paymentId").asText()));
    }

    @Test
    void whenThePollingEndpointFailsTheWebhookIsStillAcknowledgedAndThePollerConfirmsIt() throws Exception {
        JsonNode pending = register(registration(reference('4')), 200);
        long id = Long.parseLong(pending.path("transaccionId").asText());
        LUKA.resolveSilently(id);
        LUKA.failNext(LukaSimulator.DEFERRED, Fault.SERVER_ERROR, 1);

        assertEquals(200, LUKA.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/luka", LUKA_WEBHOOK_SECRET, id));

        awaitStatuses("luka:" + id, s -> s.contains("APPROVED"));
        assertEquals(List.of("PENDING", "APPROVED"), statuses(awaitALaterPayment(), "luka:" + id));
    }

    @Test
    void aWebhookAboutAPaymentRegisteredElsewhereIsStoredOnceLukaConfirmsIt() throws Exception {
        long id = LUKA.registerElsewhere(reference('0'), "42.10", Scenario.APPROVED);

        assertEquals(200, LUKA.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/luka", LUKA_WEBHOOK_SECRET, id));

        JsonNode data = awaitStatuses("luka:" + id, s -> s.contains("APPROVED")).get(0).value().path("data");
        assertEquals("42.10", data.path("amount").asText());
        assertEquals("584140000099", data.path("payer").path("phone").asText());
        assertTrue(data.path("previousStatus").isNull());
        assertEquals("webhook", data.path("observedVia").asText());
    }

    @Test
    void aWebhookRacingAPollOnTheSameTransactionPublishesOneEvent() throws Exception {
        List<Long> ids = new ArrayList<>();
        LukaTransactions transactions = context.getRegistry().lookupByNameAndType("lukaTransactions", LukaTransactions.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                JsonNode pending = register(registration(reference('4')), 200);
                long id = Long.parseLong(pending.path("transaccionId").asText());
                ids.add(id);
                LUKA.resolveSilently(id);
                LukaTransactions.Row row = transactions.byTransaccion(Long.toString(id));
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> webhook = pool.submit(() -> {
                    start.await();
                    return LUKA.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/luka", LUKA_WEBHOOK_SECRET, id);
                });
                Future<?> poll = pool.submit(() -> {
                    start.await();
                    template.sendBody("direct:luka-check", row);
                    return null;
                });
                start.countDown();
                assertEquals(200, webhook.get());
                poll.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Event> events = awaitALaterPayment();
        for (long id : ids) {
            assertEquals(List.of("PENDING", "APPROVED"), statuses(events, "luka:" + id), "luka:" + id);
        }
        assertFalse(events.isEmpty());
    }
}
