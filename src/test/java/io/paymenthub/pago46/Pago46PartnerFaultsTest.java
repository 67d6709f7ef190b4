package io.paymenthub.pago46;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.sandbox.Pago46Simulator.Fault;
import io.paymenthub.support.LogLines;
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
 * PAGO46's faults one by one (the simulator plays them): answers slower than the client's time-out, an HTTP
 * 200 carrying an error code, a malformed acceptance, an acceptance whose answer is lost. Nothing is lost,
 * each outcome is published once, the breaker opens and closes, and each incident is one warning, not one per attempt.
 */
class Pago46PartnerFaultsTest extends Pago46TestSupport {

    private static final Pago46Simulator PAGO46 = simulator("provider");
    private static final Duration HOLD = Duration.ofMillis(1500);

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(PAGO46);
        p.put("pago46.batch.max-wait", "100ms");
        p.put("pago46.response-timeout-ms", "500");
        p.put("pago46.circuit.open-seconds", "1");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        PAGO46.stop();
    }

    @Test
    void anHttp200CarryingAnErrorCodeIsRetriedNotTakenAsAcceptedAndIsOneIncidentInTheLog() throws Exception {
        PAGO46.failNext(Fault.ERROR_CODE_IN_200, 3, HOLD);
        try (LogLines log = LogLines.capture()) {
            List<String> ids = postPayments(3);

            awaitAcceptedOnce(ids);
            assertEquals(0, count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'PARKED'"));
            assertTrue(count("SELECT MAX(attempts) FROM pago46_batch") >= 4, "three refusals, then the acceptance");
            assertOneIncident(log);
        }
    }

    @Test
    void aMalformedAcceptanceIsRecordedAsAcceptedAndNotSentAgain() throws Exception {
        PAGO46.failNext(Fault.MALFORMED_JSON, 1, HOLD);
        List<String> ids = postPayments(2);

        List<Event> accepted = awaitAcceptedOnce(ids);
        int requests = PAGO46.requests();

        String message = accepted.stream().filter(e -> transactionIds(List.of(e)).containsAll(ids)).findFirst().orElseThrow()
                .value().path("data").path("partnerMessage").asText();
        assertTrue(message.startsWith("{\"status\":\"successful\",\"code\":202"), "PAGO46's words kept as they came: " + message);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> PAGO46.requests() == requests);
        ids.forEach(id -> assertEquals(1, PAGO46.acceptedCounts().get(id)));
    }

    @Test
    void answersSlowerThanTheTimeOutOpenTheBreakerWhichClosesWhenPago46AnswersInTimeAgain() throws Exception {
        PAGO46.failNext(Fault.SLOW, 4, HOLD);
        try (LogLines log = LogLines.capture()) {
            List<String> ids = postPayments(2);

            // four time-outs in a row open the breaker: attempts then fail at once, without reaching PAGO46
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> count(
                    "SELECT COUNT(*) FROM pago46_batch WHERE last_error LIKE '%CallNotPermittedException%'") > 0);
            awaitAcceptedOnce(ids);
            // closed again: the next payments go through at the first attempt
            List<String> later = postPayments(2);
            awaitAcceptedOnce(later);
            assertEquals(1, count("SELECT MAX(attempts) FROM pago46_batch b JOIN pago46_registration r ON r.batch_id = b.id"
                    + " WHERE r.bank_transaction_id = ?", later.get(0)));
            assertOneIncident(log);
        }
    }

    @Test
    void anAcceptanceWhoseAnswerIsLostIsSentAgainWithTheSameTransactionIdsAndPublishedOnce() throws Exception {
        PAGO46.failNext(Fault.ACCEPT_THEN_SLOW, 1, HOLD);
        List<String> ids = postPayments(2);

        // the runner cannot tell a lost acceptance from a lost request: it re-sends the same bank_transaction_ids,
        // PAGO46's unique key for a transaction, so PAGO46 sees a repeat of the same transactions, never new ones
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> PAGO46.acceptedCounts().getOrDefault(id, 0) == 2));
        List<String> published = transactionIds(awaitBatchEvents(Duration.ofSeconds(30), events -> transactionIds(events).containsAll(ids)));
        assertEquals(1, published.stream().filter(ids.get(0)::equals).count(), "one accepted event");
        assertEquals(2, count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'REGISTERED' AND bank_transaction_id IN (?, ?)",
                ids.get(0), ids.get(1)));
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

    /** Waits until PAGO46 accepted these ids and their accepted event is on Kafka; each once. */
    private List<Event> awaitAcceptedOnce(List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).until(() -> PAGO46.acceptedCounts().keySet().containsAll(ids));
        List<Event> events = awaitBatchEvents(Duration.ofSeconds(30), all -> transactionIds(all).containsAll(ids));
        List<String> published = transactionIds(events);
        for (String id : ids) {
            assertEquals(1, PAGO46.acceptedCounts().get(id), id + " accepted once");
            assertEquals(1, published.stream().filter(id::equals).count(), id + " in one accepted event");
        }
        assertTrue(events.stream().filter(e -> transactionIds(List.of(e)).containsAll(ids))
                .allMatch(e -> e.value().path("type").asText().equals("pago46.registration.accepted")));
        return events;
    }

    private static void assertOneIncident(LogLines log) {
        assertEquals(1, log.warnings("Pago46Forwarder").size(), "one warning for the incident: " + log.warnings("Pago46Forwarder"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.containing("PAGO46 answers again").size() == 1);
    }
}
