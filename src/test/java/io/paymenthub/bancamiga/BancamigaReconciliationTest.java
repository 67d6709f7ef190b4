package io.paymenthub.bancamiga;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bancamiga.BancamigaMovements;
import io.paymenthub.bancamiga.BancamigaTokens;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.BancamigaSimulator.Fault;
import io.paymenthub.store.CallRateLimits;
import io.paymenthub.store.Database;
import io.paymenthub.support.LogLines;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import io.paymenthub.support.TopicReader.Event;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bancamiga reconciliation on the real routes against the Bancamiga simulator, which enforces the
 * bank's documented rules (token expiry and rotation, history at most once per 10 minutes).
 */
class BancamigaReconciliationTest extends RunnerTestSupport {

    private static final BancamigaSimulator BANK = new BancamigaSimulator().slowAnswerDelay(Duration.ofSeconds(4)).started();
    private static final String[] FIRST_PAIR = BANK.issueInitialPair();
    private static final String WATCHED = "584240000011";
    private static final String OTHER_WATCHED = "584240000012";
    private static final String FIND_PATH = "/public/protected/pm/find";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.ofEntries(
                Map.entry("bancamiga.base-url", BANK.baseUrl()),
                Map.entry("bancamiga.access-token", FIRST_PAIR[0]),
                Map.entry("bancamiga.refresh-token", FIRST_PAIR[1]),
                Map.entry("bancamiga.find.watch", WATCHED + ":0172," + OTHER_WATCHED + ":0105"),
                Map.entry("bancamiga.find.cron", "0/1 * * * * ?"),
                Map.entry("bancamiga.history.cron", "0/1 * * * * ?"),
                Map.entry("bancamiga.token.refresh.cron", "0 0 0 1 1 ? 2099"),
                Map.entry("bancamiga.token.check.cron", "0 0 0 1 1 ? 2099"),
                Map.entry("bancamiga.circuit.open-seconds", "1"),
                Map.entry("camel.component.http.so-timeout", "2000"),
                Map.entry("camel.component.http.response-timeout", "2000"));
    }

    @AfterAll
    void rememberIssuedTokens() {
        Secrets.remember(BANK.issuedTokens().toArray(String[]::new));
        BANK.stop();
    }

    @Test
    void historyIsCalledAtMostOnceInTenMinutesHoweverOftenItsTimerOrAnOperatorTriggersIt() throws Exception {
        NotifyBuilder ticks = new NotifyBuilder(context).fromRoute("bancamiga-history-poller").whenDone(4).create();

        assertTrue(ticks.matches(30, TimeUnit.SECONDS), "the history timer fires every second");
        template.sendBody("direct:bancamiga-history", LocalDate.now());

        assertEquals(1, BANK.historyCalls().size(), "calls: " + BANK.historyCalls());
        assertEquals(List.of(), BANK.violations());
        // a restarted runner, or another instance, sharing the database sees the same slot taken
        Database sameStore = new Database(dbUrl, "sa", DB_PASSWORD, 1, 5000);
        try {
            assertFalse(new CallRateLimits(sameStore).tryAcquire("bancamiga.history", Duration.ofMinutes(10)));
        } finally {
            sameStore.stop();
        }
    }

    @Test
    void paymentSeenByWebhookThenByFindAndHistoryIsPublishedOnce() throws Exception {
        // find polls every second: it must not see the payment before the webhook has been answered
        BANK.failNext(FIND_PATH, Fault.SERVER_ERROR, 1_000);
        ObjectNode item = BANK.receiveNow(WATCHED, "0172", "12.34");
        String paymentId = "bancamiga:" + item.path("Refpk").asText();

        assertEquals(200, BANK.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/bancamiga", WEBHOOK_TOKEN, item));
        BANK.clearFaults(FIND_PATH);
        awaitFindCalls(2);
        context.getRegistry().lookupByNameAndType("bancamigaMovements", BancamigaMovements.class)
                .store(List.of(item), "history");

        List<Event> events = awaitLaterPaymentPublished(paymentId);
        List<Event> mine = events.stream().filter(e -> e.paymentId().equals(paymentId)).toList();
        assertEquals(1, mine.size());
        assertEquals("webhook", mine.get(0).value().path("data").path("observedVia").asText());
        assertEquals("12.34", mine.get(0).value().path("data").path("amount").asText());
    }

    @Test
    void aHeldWebhookIsResolvedByTheNextFindAnswerForTheSameMovementAndPublishedOnceAsFound() throws Exception {
        // find polls every second: it must not see the movement before the webhook is held
        BANK.failNext(FIND_PATH, Fault.SERVER_ERROR, 1_000);
        ObjectNode item = BANK.receiveNow(WATCHED, "0172", "1234.56");
        String refpk = item.path("Refpk").asText();
        // the webhook spells the Refpk with one zero fewer and writes the amount the way we cannot read for sure
        String webhookRefpk = refpk.substring(0, 24) + refpk.substring(25);
        String body = BancamigaSimulator.webhookBody(item).replace("\"1234.56\"", "\"1.234,56\"").replace(refpk, webhookRefpk);
        HttpResponse<String> held = post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN,
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, held.statusCode(), held.body());
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ? AND status = 'OPEN'", webhookRefpk));

        BANK.clearFaults(FIND_PATH);

        await().atMost(WAIT).until(() -> "RESOLVED".equals(text("SELECT status FROM review_item WHERE external_id = ?", webhookRefpk)));
        String via = text("SELECT resolved_via FROM review_item WHERE external_id = ?", webhookRefpk);
        assertEquals("bancamiga:" + refpk, text("SELECT payment_id FROM review_item WHERE external_id = ?", webhookRefpk));
        List<Event> events = awaitLaterPaymentPublished("bancamiga:" + refpk);
        List<Event> movement = events.stream().filter(e -> e.paymentId().equals("bancamiga:" + refpk)
                || e.paymentId().equals("bancamiga:" + webhookRefpk)).toList();
        assertEquals(1, movement.size(), movement.toString());
        assertEquals(via, movement.get(0).value().path("data").path("observedVia").asText(), "observedVia says which answer resolved it");
        assertTrue(List.of("find", "history").contains(via), via);
        assertEquals("1234.56", movement.get(0).value().path("data").path("amount").asText());
    }

    @Test
    void paymentFoundFirstByFindIsPublishedOnceAndItsLateWebhookIsStillAcknowledged() throws Exception {
        ObjectNode item = BANK.receiveNow(OTHER_WATCHED, "0105", "7.00");
        String paymentId = "bancamiga:" + item.path("Refpk").asText();

        Event found = events().awaitPayments(WAIT, List.of(paymentId)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow();
        assertEquals("find", found.value().path("data").path("observedVia").asText());
        assertEquals("/bancamiga/find", found.value().path("source").asText());
        assertEquals("Mercantil", found.value().path("data").path("payer").path("bankName").asText());
        assertEquals(200, BANK.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/bancamiga", WEBHOOK_TOKEN, item));

        List<Event> events = awaitLaterPaymentPublished(paymentId);
        assertEquals(1, events.stream().filter(e -> e.paymentId().equals(paymentId)).count());
    }

    @Test
    void tokenRefreshRotatesThePairAndARestartKeepsUsingTheNewest() throws Exception {
        String before = tokens().state().accessToken();

        template.sendBody("direct:bancamiga-refresh-token", null);

        String after = tokens().state().accessToken();
        assertNotEquals(before, after);
        assertFalse(BANK.isValidAccessToken(before), "the bank invalidated the old token");
        assertTrue(BANK.isValidAccessToken(after));
        assertTrue(tokens().state().expiresAt().isAfter(java.time.Instant.now().plus(Duration.ofDays(360))));
        // polling goes on with the new token: a new payment is still found
        ObjectNode item = BANK.receiveNow(WATCHED, "0172", "3.21");
        events().awaitPayments(WAIT, List.of("bancamiga:" + item.path("Refpk").asText()));
        // a restart with the same (now stale) configured pair keeps the newest pair from the database
        Database sameStore = new Database(dbUrl, "sa", DB_PASSWORD, 1, 5000);
        try {
            BancamigaTokens restarted = new BancamigaTokens(sameStore, Duration.ofDays(30));
            assertTrue(restarted.seed(FIRST_PAIR[0], FIRST_PAIR[1]));
            assertEquals(tokens().state().accessToken(), restarted.state().accessToken());
        } finally {
            sameStore.stop();
        }
    }

    @Test
    void bankOutageDelaysFindButLosesNothingAndIsOneWarningInTheLog() throws Exception {
        try (LogLines log = LogLines.capture()) {
            BANK.failNext(FIND_PATH, Fault.SERVER_ERROR, 3);
            BANK.failNext(FIND_PATH, Fault.SLOW, 1);
            BANK.failNext(FIND_PATH, Fault.MALFORMED_JSON, 1);
            BANK.failNext(FIND_PATH, Fault.CODE_512_IN_BODY, 1);
            ObjectNode item = BANK.receiveNow(WATCHED, "0172", "99.99");

            List<Event> events = events().awaitPayments(Duration.ofSeconds(60), List.of("bancamiga:" + item.path("Refpk").asText()));

            assertEquals(1, events.stream().filter(e -> e.paymentId().equals("bancamiga:" + item.path("Refpk").asText())).count());
            await().atMost(WAIT).until(() -> !log.containing("bancamiga-find-poller recovered").isEmpty());
            assertEquals(1, log.warnings("bancamiga-find-poller failed").size(),
                    "six faults, one warning: " + log.warnings("bancamiga-find-poller"));
        }
    }

    @Test
    void verificationAnswersVerifiedFromTheStore() throws Exception {
        ObjectNode item = BANK.receiveNow("584161111111", "0134", "250.00");
        assertEquals(200, BANK.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/bancamiga", WEBHOOK_TOKEN, item));
        int findCallsBefore = BANK.findCalls();

        JsonNode answer = verify("584161111111", "0134", item.path("NroReferenciaCorto").asText(), "250.00", today(), 200);

        assertEquals("VERIFIED", answer.path("status").asText());
        assertEquals("bancamiga:" + item.path("Refpk").asText(), answer.path("payment").path("paymentId").asText());
        assertEquals("250.00", answer.path("payment").path("amount").asText());
        assertTrue(BANK.findCalls() - findCallsBefore <= 1, "the store answered; only the watched-pair poller may have run");
    }

    @Test
    void verificationAnswersAmountMismatchWhenTheCustomerClaimsAnotherAmount() throws Exception {
        ObjectNode item = BANK.receiveNow("584162222222", "0134", "10.00");
        assertEquals(200, BANK.deliverWebhook("http://127.0.0.1:" + httpPort + "/webhooks/bancamiga", WEBHOOK_TOKEN, item));

        JsonNode answer = verify("584162222222", "0134", item.path("NroReferencia").asText(), "100.00", today(), 200);

        assertEquals("AMOUNT_MISMATCH", answer.path("status").asText());
        assertEquals("10.00", answer.path("payment").path("amount").asText());
    }

    @Test
    void verificationAsksTheBanksFindWhenTheStoreDoesNotKnowThePayment() throws Exception {
        // two days ago: neither the watched-pair poller nor today's history sweep covers it
        OffsetDateTime twoDaysAgo = OffsetDateTime.now(BancamigaSimulator.VENEZUELA).minusDays(2);
        ObjectNode item = BANK.receive("584163333333", "0108", "45.10", twoDaysAgo);

        JsonNode answer = verify("584163333333", "0108", item.path("NroReferencia").asText(), "45.10",
                twoDaysAgo.toLocalDate().toString(), 200);

        assertEquals("VERIFIED", answer.path("status").asText());
        assertEquals("find", answer.path("payment").path("observedVia").asText());
        events().awaitPayments(WAIT, List.of("bancamiga:" + item.path("Refpk").asText()));
    }

    @Test
    void verificationAnswersNotFoundAndAsksTheBankOnlyOncePerMinuteForTheSamePayer() throws Exception {
        int before = BANK.findCalls();
        JsonNode first = verify("584164444444", "0102", "123456", "1.00", today(), 200);
        int afterFirst = BANK.findCalls();
        JsonNode second = verify("584164444444", "0102", "123456", "1.00", today(), 200);

        assertEquals("NOT_FOUND", first.path("status").asText());
        assertTrue(first.path("payment").isNull());
        assertEquals("NOT_FOUND", second.path("status").asText());
        assertTrue(afterFirst > before);
        assertTrue(BANK.findCalls() - afterFirst <= 2, "only the watched-pair poller may have run meanwhile");
    }

    @Test
    void verificationAnswers503WhenTheBankIsDown() throws Exception {
        BANK.failNext(FIND_PATH, Fault.SERVER_ERROR, 20);
        try {
            HttpResponse<String> response = post("/api/v1/pago-movil/verifications", "application/json", API_AUTHORIZATION,
                    claim("584165555555", "0102", "654321", "1.00", today()).getBytes(StandardCharsets.UTF_8));

            assertEquals(503, response.statusCode(), response.body());
            assertFalse(JSON.readTree(response.body()).path("message").asText().isBlank());
        } finally {
            BANK.clearFaults(FIND_PATH); // the pollers would otherwise meet the faults left over
        }
    }

    @Test
    void invalidVerificationRequestIsRefusedWith400NamingEachField() throws Exception {
        HttpResponse<String> response = post("/api/v1/pago-movil/verifications", "application/json", API_AUTHORIZATION,
                "{\"phone\":\"0414\",\"bank\":\"0999\",\"reference\":\"12\",\"amount\":\"1.001\",\"date\":\"2025-13-01\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode());
        JsonNode answer = JSON.readTree(response.body());
        assertFalse(answer.path("message").asText().isBlank());
        assertEquals(List.of("phone", "reference", "amount", "bank", "date"), answer.path("errors").findValuesAsText("field"));
    }

    private JsonNode verify(String phone, String bank, String reference, String amount, String date, int expectedStatus) throws Exception {
        HttpResponse<String> response = post("/api/v1/pago-movil/verifications", "application/json", API_AUTHORIZATION,
                claim(phone, bank, reference, amount, date).getBytes(StandardCharsets.UTF_8));
        assertEquals(expectedStatus, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    private static String claim(String phone, String bank, String reference, String amount, String date) {
        return "{\"phone\":\"%s\",\"bank\":\"%s\",\"reference\":\"%s\",\"amount\":\"%s\",\"date\":\"%s\"}"
                .formatted(phone, bank, reference, amount, date);
    }

    private static String today() {
        return OffsetDateTime.now(BancamigaSimulator.VENEZUELA).toLocalDate().toString();
    }

    private BancamigaTokens tokens() {
        return context.getRegistry().lookupByNameAndType("bancamigaTokens", BancamigaTokens.class);
    }

    private void awaitFindCalls(int more) {
        int target = BANK.findCalls() + more;
        await().atMost(WAIT).until(() -> BANK.findCalls() >= target);
    }

    /**
     * A payment stored after everything above: the relay publishes in commit order, so once its event
     * is read, any second event for an earlier payment would have been read before it.
     */
    private List<Event> awaitLaterPaymentPublished(String earlierPaymentId) throws Exception {
        String later = io.paymenthub.support.BancamigaSamples.nextReference();
        assertEquals(200, postWebhook(io.paymenthub.support.BancamigaSamples.notification(later)).statusCode());
        return events().awaitPayments(WAIT, List.of(earlierPaymentId,
                "bancamiga:" + io.paymenthub.support.BancamigaSamples.refpk(later)));
    }

}
