package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.sandbox.LukaSimulator.Fault;
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /api/v1/luka/pago-movil on the real routes against the Luka simulator: the normalized result,
 * the error answers, the trazaId, the JWT's lifecycle and userIp.
 */
class LukaPagoMovilTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator();

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of(
                // the poller looks for work every second; nothing is due for minutes unless a test says so
                "luka.deferred.poll.cron", "0/1 * * * * ?",
                "luka.deferred.pending-after", "2s",
                "luka.deferred.poll-interval", "1s",
                "luka.response-timeout-ms", "2000",
                "luka.token.renew-before", "1s");
    }

    @Test
    void approvedAtOnceIsAnswered200AndPublishedOnceAsStatusChanged() throws Exception {
        String reference = reference('0');

        JsonNode answer = register(registration(reference, "12.50", Map.of()), 200);

        assertEquals("APPROVED", answer.path("status").asText());
        String paymentId = answer.path("paymentId").asText();
        assertEquals("luka:" + LUKA.transaccionIdOf(reference), paymentId);
        assertEquals("12.50", answer.path("amount").asText());
        assertEquals("success", answer.path("luka").path("estatusProcesamiento").asText());
        Event event = awaitStatuses(paymentId, s -> s.contains("APPROVED")).get(0);
        JsonNode data = event.value().path("data");
        assertEquals("payment.status-changed", event.value().path("type").asText());
        assertEquals(paymentId, event.key());
        assertEquals("/luka/api", event.value().path("source").asText());
        assertEquals("api", data.path("observedVia").asText());
        assertTrue(data.path("previousStatus").isNull());
        assertEquals("PAGO_MOVIL", data.path("method").asText());
        assertEquals(reference, data.path("reference").asText());
        assertEquals("Mercantil", data.path("payer").path("bankName").asText());
        assertEquals(1, statuses(awaitALaterPayment(), paymentId).size());
        assertEquals("tests", text("SELECT api_key_id FROM luka_transaction WHERE transaccion_id = ?",
                answer.path("transaccionId").asText()), "the registration records which merchant key sent it");
    }

    @Test
    void pendingIsAResultNotAnErrorAndItsFinalStatusArrivesLaterByWebhookOnce() throws Exception {
        String reference = reference('4');

        JsonNode answer = register(registration(reference), 200);
        assertEquals("PENDING", answer.path("status").asText(), "Exitoso=true with EstatusProcesamiento=pending is not a success");
        assertTrue(answer.path("luka").path("exitoso").asBoolean());
        String paymentId = answer.path("paymentId").asText();
        LUKA.resolve(Long.parseLong(answer.path("transaccionId").asText()));

        awaitStatuses(paymentId, s -> s.equals(List.of("PENDING", "APPROVED")));
        List<Event> mine = awaitALaterPayment().stream().filter(e -> e.paymentId().equals(paymentId)).toList();
        assertEquals(List.of("PENDING", "APPROVED"), mine.stream().map(e -> e.value().path("data").path("status").asText()).toList());
        assertEquals("PENDING", mine.get(1).value().path("data").path("previousStatus").asText());
        assertEquals("webhook", mine.get(1).value().path("data").path("observedVia").asText());
        assertTrue(LUKA.webhookAnswers().contains(200));
    }

    @Test
    void rejectedKeepsLukasTextInTheAnswerAndTheEvent() throws Exception {
        String reference = reference('8');

        JsonNode answer = register(registration(reference), 200);

        assertEquals("REJECTED", answer.path("status").asText());
        assertFalse(answer.path("luka").path("exitoso").asBoolean());
        String text = answer.path("statusReason").asText();
        assertTrue(text.contains("no corresponde a un pago recibido"), text);
        Event event = awaitStatuses(answer.path("paymentId").asText(), s -> s.contains("REJECTED")).get(0);
        assertEquals(text, event.value().path("data").path("original").path("descripcion").asText(), "Luka's answer as received");
    }

    @Test
    void aPaymentLukaAlreadyRegisteredIs409WithTheKnownTransaction() throws Exception {
        String reference = reference('1');
        JsonNode first = register(registration(reference, "3.00", Map.of("trazaId", "merchant-order-1-" + reference)), 200);

        // the same payment under another trazaId: Luka answers 400 "el pago ya fue registrado"
        JsonNode again = register(registration(reference, "3.00", Map.of("trazaId", "merchant-order-2-" + reference)), 409);

        assertEquals("el pago ya fue registrado", again.path("luka").path("mensaje").asText());
        assertEquals(first.path("paymentId").asText(), again.path("transaction").path("paymentId").asText());
        assertEquals("APPROVED", again.path("transaction").path("status").asText());
        assertFalse(again.path("message").asText().isBlank());
    }

    @Test
    void theSameRequestAgainIs409WithItsTransactionWithoutCallingLukaAgain() throws Exception {
        String reference = reference('4');
        JsonNode first = register(registration(reference), 200);
        int calls = LUKA.movpayCalls();

        JsonNode again = register(registration(reference), 409);

        assertEquals(calls, LUKA.movpayCalls());
        assertEquals(first.path("trazaId").asText(), again.path("trazaId").asText(), "no trazaId sent: the same one is derived");
        assertEquals(first.path("paymentId").asText(), again.path("transaction").path("paymentId").asText());
        assertEquals("PENDING", again.path("transaction").path("status").asText());
    }

    @Test
    void theDerivedTrazaIdIsStableAcrossRetriesAfterAFailure() throws Exception {
        String reference = reference('2');
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.SERVER_ERROR, 1);

        HttpResponse<String> failed = register(registration(reference));
        assertEquals(502, failed.statusCode(), failed.body());
        JsonNode problem = JSON.readTree(failed.body());
        assertEquals("ocurrió un error inesperado", problem.path("luka").path("mensaje").asText(), "Luka's mensaje is passed on");
        assertTrue(problem.path("message").asText().contains("ocurrió un error inesperado"), problem.path("message").asText());

        JsonNode retried = register(registration(reference), 200);

        assertEquals(problem.path("trazaId").asText(), retried.path("trazaId").asText());
        assertEquals(retried.path("trazaId").asText(), LUKA.trazaIdOf(reference), "Luka got the same trazaId");
        assertEquals("APPROVED", retried.path("status").asText());
    }

    @Test
    void aRefusalByLukaIs400CarryingLukasMensajeAndNothingIsPublished() throws Exception {
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.CURRENCY_NOT_SUPPORTED, 1);

        HttpResponse<String> response = register(registration(reference('3')));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("Luka refused the payment: la moneda no está soportada", body.path("message").asText());
        assertEquals(400, body.path("luka").path("codigo").asInt());
        assertFalse(body.path("luka").path("mensajeId").asText().isBlank());
    }

    @Test
    void invalidRequestsAreRefusedWith400NamingEachFieldBeforeLukaIsCalled() throws Exception {
        int calls = LUKA.movpayCalls();
        String bad = registration("12", "1.001", Map.of("codigoBancoPagador", "105", "telefonoPagador", "04125555555",
                "email", "not-an-email", "tipo", "X"));

        HttpResponse<String> response = register(bad);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(List.of("codigoBancoPagador", "telefonoPagador", "numeroRerefencia", "monto", "email", "tipo"),
                body.path("errors").findValuesAsText("field"));
        JsonNode missing = JSON.readTree(register(registration(reference('0'), "1.00", java.util.Collections.singletonMap("email", null))).body());
        assertEquals(List.of("email"), missing.path("errors").findValuesAsText("field"));
        assertEquals(400, register("{\"monto\":").statusCode());
        assertEquals(400, register(registration("0999", "1.00", Map.of("codigoBancoPagador", "0999"))).statusCode(), "unknown bank");
        assertEquals(calls, LUKA.movpayCalls());
    }

    @Test
    void userIpIsForwardedFromTheCaller() throws Exception {
        register(registration(reference('0')), 200);
        assertEquals("127.0.0.1", last(LUKA.userIps()), "without a header: the caller's own address");

        assertEquals(200, register(registration(reference('0')), "userIp", "190.202.1.10").statusCode());
        assertEquals("190.202.1.10", last(LUKA.userIps()));

        assertEquals(200, register(registration(reference('0')), "X-Forwarded-For", "200.44.32.12, 10.0.0.1").statusCode());
        assertEquals("200.44.32.12", last(LUKA.userIps()));

        HttpResponse<String> bad = register(registration(reference('0')), "userIp", "not-an-address");
        assertEquals(400, bad.statusCode());
        assertEquals(List.of("userIp"), JSON.readTree(bad.body()).path("errors").findValuesAsText("field"));
    }

    @Test
    void aTokenExpiringMidRunIsRenewedBeforeItsExpAndNoCallIsRefused() throws Exception {
        LUKA.tokenLifetime(Duration.ofSeconds(2));
        LUKA.expireAllTokens();
        try {
            register(registration(reference('0')), 200); // refused once, then a 2-second token
            int logins = LUKA.logins();
            int refused = LUKA.refusedTokens();
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int registered = 0;
            while (System.nanoTime() < end) {
                assertEquals("APPROVED", register(registration(reference('0')), 200).path("status").asText());
                registered++;
            }
            assertTrue(registered >= 5, "registered " + registered);
            assertTrue(LUKA.logins() - logins >= 2, "the token was renewed during the run: " + (LUKA.logins() - logins) + " logins");
            assertEquals(refused, LUKA.refusedTokens(), "renewed before its exp, never sent expired");
        } finally {
            LUKA.tokenLifetime(Duration.ofHours(4));
        }
    }

    @Test
    void aTokenRevokedEarlyIsRenewedOnceOnThe401AndTheCallSucceeds() throws Exception {
        register(registration(reference('0')), 200);
        int logins = LUKA.logins();
        int refused = LUKA.refusedTokens();
        LUKA.expireAllTokens();

        JsonNode answer = register(registration(reference('0')), 200);

        assertEquals("APPROVED", answer.path("status").asText());
        assertEquals(refused + 1, LUKA.refusedTokens());
        assertEquals(logins + 1, LUKA.logins());
    }

    @Test
    void concurrentCallsRefusedTogetherCauseOneLogin() throws Exception {
        register(registration(reference('0')), 200);
        int logins = LUKA.logins();
        LUKA.expireAllTokens();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> register(registration(reference('0')))));
            }
            for (Future<HttpResponse<String>> call : calls) {
                assertEquals(200, call.get().statusCode(), call.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(logins + 1, LUKA.logins(), "logins go through one queue: the callers after the first find the new token");
    }

    @Test
    void aLostAnswerIs502AndThePollerFindsTheRegistrationByItsAuthorizationCode() throws Exception {
        String reference = reference('4');
        LUKA.slowAnswerDelay(Duration.ofSeconds(4));
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.REGISTER_THEN_SLOW, 1);

        HttpResponse<String> response = register(registration(reference));

        assertEquals(502, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).path("message").asText().contains("did not answer in time"), response.body());
        Long transaccionId = LUKA.transaccionIdOf(reference);
        assertNotEquals(null, transaccionId, "Luka registered it; only the answer was lost");
        List<Event> events = awaitStatuses("luka:" + transaccionId, s -> s.contains("PENDING"));
        assertEquals("poll", events.get(0).value().path("data").path("observedVia").asText());
        assertEquals(transaccionId.toString(), text("SELECT transaccion_id FROM luka_transaction WHERE reference = ?", reference));
    }

    @Test
    void aMalformedAnswerToARegistrationLukaMadeIs502ThenFoundByThePollerAndPublishedOnce() throws Exception {
        String reference = reference('0');
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.MALFORMED_JSON, 1);

        HttpResponse<String> garbled = register(registration(reference));

        assertEquals(502, garbled.statusCode(), garbled.body());
        assertTrue(JSON.readTree(garbled.body()).path("message").asText().contains("Nothing is lost"), garbled.body());
        Long transaccionId = LUKA.transaccionIdOf(reference);
        assertNotNull(transaccionId, "Luka registered it; only its answer was unreadable");
        String paymentId = "luka:" + transaccionId;
        awaitStatuses(paymentId, s -> s.contains("APPROVED"));
        // the merchant's retry does not register it a second time
        JsonNode again = register(registration(reference), 409);
        assertEquals(paymentId, again.path("transaction").path("paymentId").asText(), again.toString());
        List<Event> all = awaitALaterPayment();
        assertEquals(List.of("APPROVED"), statuses(all, paymentId), "one event for the payment");
        assertEquals(1, count("SELECT COUNT(*) FROM luka_transaction WHERE transaccion_id = ?", transaccionId.toString()));
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}
