package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's decisions without a runner: the batch as PAGO46 receives it, which status an answer counts as, how
 * many transactions a 2xx says were logged, which transaction a 422 points at, and the retry delays.
 */
class Pago46ForwarderTest {

    private static Registration registration(String bankTransactionId, Map<String, String> optional) {
        return new Registration("bancamiga:" + bankTransactionId, bankTransactionId, "5.64", "20250508", "V-12.345.678",
                "bank_transfer", "cc-9", optional);
    }

    private static Batch batch(String... bankTransactionIds) {
        return new Batch(7, 1, java.util.Arrays.stream(bankTransactionIds).map(id -> registration(id, Map.of())).toList());
    }

    @Test
    void theBatchIsAJsonArrayOfTheSeedsObjectsWithFieldsInAlphabeticalOrderAndOnlyTheOptionalFieldsKnown() throws Exception {
        Batch batch = new Batch(7, 1, List.of(
                registration("T1", Map.of("payer_name", "Ñandú Güell", "description", "Pago")),
                registration("T2", Map.of())));

        assertEquals("[{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T1\","
                        + "\"creation_date\":\"20250508\",\"description\":\"Pago\",\"document_id\":\"V-12.345.678\","
                        + "\"payer_name\":\"Ñandú Güell\",\"payment_method\":\"bank_transfer\"},"
                        + "{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T2\","
                        + "\"creation_date\":\"20250508\",\"document_id\":\"V-12.345.678\",\"payment_method\":\"bank_transfer\"}]",
                new String(Pago46Forwarder.body(batch), StandardCharsets.UTF_8));
    }

    @Test
    void aTwoHundredCarryingAnErrorCodeCountsAsThatErrorAnyOtherAnswerByItsHttpStatus() {
        assertEquals(503, Pago46Forwarder.statusOf(200, "{\"code\":503,\"message\":\"Service unavailable\",\"status\":\"error\"}"));
        assertEquals(422, Pago46Forwarder.statusOf(201, "{\"code\":422,\"message\":[\"transactions[0] is invalid\"]}"));
        assertEquals(201, Pago46Forwarder.statusOf(201, "{\"code\":201,\"message\":\"2 transactions were successfully logged\"}"));
        assertEquals(201, Pago46Forwarder.statusOf(201, "{\"code\":\"soon\"}"), "a code that is not a number says nothing");
        assertEquals(202, Pago46Forwarder.statusOf(202, "OK, queued"), "not JSON: the HTTP status decides");
        assertEquals(201, Pago46Forwarder.statusOf(201, ""));
        assertEquals(201, Pago46Forwarder.statusOf(201, null));
        assertEquals(500, Pago46Forwarder.statusOf(500, "{\"code\":201}"), "a non-2xx is never read as an acceptance");
        assertEquals(429, Pago46Forwarder.statusOf(429, "{\"code\":400}"));
    }

    @Test
    void aTwoHundredSayingFewerTransactionsWereLoggedThanSentIsNotAnAcceptance() {
        Batch three = batch("T1", "T2", "T3");

        assertEquals(2, Pago46Forwarder.loggedCount("2 transactions were successfully logged"));
        assertEquals(1, Pago46Forwarder.loggedCount("1 Transaction was successfully logged"));
        assertEquals(-1, Pago46Forwarder.loggedCount("Accepted"));
        assertEquals(-1, Pago46Forwarder.loggedCount(null));
        assertTrue(Pago46Forwarder.fewerLogged(three, "2 transactions were successfully logged"));
        assertFalse(Pago46Forwarder.fewerLogged(three, "3 transactions were successfully logged"));
        assertFalse(Pago46Forwarder.fewerLogged(three, "Accepted"), "a message that gives no count is an acceptance");
    }

    @Test
    void a422NamingExactlyOneTransactionOfTheBatchPointsAtIt() {
        Batch batch = batch("T1", "T12", "T3");

        assertEquals("T12", Pago46Forwarder.pointedAt(batch, 422, "bank_transaction_id T12 is already registered"));
        assertEquals("T1", Pago46Forwarder.pointedAt(batch, 422, "T1: duplicated"), "T1 is not read inside T12, nor T12 as T1");
        assertNull(Pago46Forwarder.pointedAt(batch, 422, "T1 and T3 are duplicated"), "two named: the batch is parked whole");
        assertNull(Pago46Forwarder.pointedAt(batch, 422, "T9 is duplicated"), "none of the batch named");
    }

    @Test
    void a422PointingAtOneIndexPointsAtThatTransactionCountingFromZero() {
        Batch batch = batch("T1", "T2", "T3");

        assertEquals("T2", Pago46Forwarder.pointedAt(batch, 422, "[\"transactions[1].amount is invalid\"]"));
        assertEquals("T3", Pago46Forwarder.pointedAt(batch, 422,
                "[\"transactions[2].amount is invalid\",\"transactions[2].creation_date is invalid\"]"));
        assertNull(Pago46Forwarder.pointedAt(batch, 422, "[\"transactions[0].amount\",\"transactions[2].amount\"]"));
        assertNull(Pago46Forwarder.pointedAt(batch, 422, "[\"transactions[3].amount is invalid\"]"), "past the end of the batch");
    }

    @Test
    void onlyA422ToABatchOfTwoOrMorePointsAtATransaction() {
        assertNull(Pago46Forwarder.pointedAt(batch("T1"), 422, "T1 is duplicated"), "a batch of one is parked as a whole");
        assertNull(Pago46Forwarder.pointedAt(batch("T1", "T2"), 400, "T1 is duplicated"));
    }

    @Test
    void thePartnersMessageIsItsMessageFieldOrTheAnswerAsReceivedCapped() {
        assertEquals("WRONG HASH", Pago46Forwarder.messageOf("{\"message\":\"WRONG HASH\",\"status\":\"error\"}"));
        assertEquals("[\"transactions[0].amount is invalid\"]",
                Pago46Forwarder.messageOf("{\"message\":[\"transactions[0].amount is invalid\"]}"));
        assertEquals("{\"status\":\"error\"}", Pago46Forwarder.messageOf("{\"status\":\"error\"}"));
        assertEquals("<html>Bad Gateway</html>", Pago46Forwarder.messageOf("<html>Bad Gateway</html>"));
        assertEquals("", Pago46Forwarder.messageOf(" "));
        assertEquals("", Pago46Forwarder.messageOf(null));
        assertEquals(2000, Pago46Forwarder.messageOf("x".repeat(5000)).length());
    }

    @Test
    void retriesWaitAnExponentialJitteredDelayCappedAtTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        for (int i = 0; i < 200; i++) {
            assertBetween(500, 1000, Pago46Forwarder.backoff(1, initial, max));
            assertBetween(2000, 4000, Pago46Forwarder.backoff(3, initial, max));
            assertBetween(30_000, 60_000, Pago46Forwarder.backoff(30, initial, max));
        }
    }

    private static void assertBetween(long fromMillis, long toMillis, Duration delay) {
        assertTrue(delay.toMillis() >= fromMillis && delay.toMillis() <= toMillis, delay + " not in [" + fromMillis + ", " + toMillis + "] ms");
    }
}
