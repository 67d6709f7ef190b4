package io.paymenthub.pago46;

import java.util.Map;

import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import io.paymenthub.partner.PartnerError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PAGO46's answers read without a runner: which status an answer counts as, how many transactions a 2xx says were
 * logged, which transaction a 422 points at, PAGO46's message, and the kind of PartnerError each becomes.
 */
class Pago46ApiTest {

    private static Registration registration(String bankTransactionId, Map<String, String> optional) {
        return new Registration("bancamiga:" + bankTransactionId, bankTransactionId, "5.64", "20250508", "V-12.345.678",
                "bank_transfer", "cc-9", optional);
    }

    private static Batch batch(String... bankTransactionIds) {
        return new Batch(7, 1, java.util.Arrays.stream(bankTransactionIds).map(id -> registration(id, Map.of())).toList());
    }

    @Test
    void aTwoHundredCarryingAnErrorCodeCountsAsThatErrorAnyOtherAnswerByItsHttpStatus() {
        assertEquals(503, Pago46Api.statusOf(200, "{\"code\":503,\"message\":\"Service unavailable\",\"status\":\"error\"}"));
        assertEquals(422, Pago46Api.statusOf(201, "{\"code\":422,\"message\":[\"transactions[0] is invalid\"]}"));
        assertEquals(201, Pago46Api.statusOf(201, "{\"code\":201,\"message\":\"2 transactions were successfully logged\"}"));
        assertEquals(201, Pago46Api.statusOf(201, "{\"code\":\"soon\"}"), "a code that is not a number says nothing");
        assertEquals(202, Pago46Api.statusOf(202, "OK, queued"), "not JSON: the HTTP status decides");
        assertEquals(201, Pago46Api.statusOf(201, ""));
        assertEquals(201, Pago46Api.statusOf(201, null));
        assertEquals(500, Pago46Api.statusOf(500, "{\"code\":201}"), "a non-2xx is never read as an acceptance");
        assertEquals(429, Pago46Api.statusOf(429, "{\"code\":400}"));
    }

    @Test
    void aTwoHundredSayingFewerTransactionsWereLoggedThanSentIsNotAnAcceptance() {
        Batch three = batch("T1", "T2", "T3");

        assertEquals(2, Pago46Api.loggedCount("2 transactions were successfully logged"));
        assertEquals(1, Pago46Api.loggedCount("1 Transaction was successfully logged"));
        assertEquals(-1, Pago46Api.loggedCount("Accepted"));
        assertEquals(-1, Pago46Api.loggedCount(null));
        assertTrue(Pago46Api.fewerLogged(three, "2 transactions were successfully logged"));
        assertFalse(Pago46Api.fewerLogged(three, "3 transactions were successfully logged"));
        assertFalse(Pago46Api.fewerLogged(three, "Accepted"), "a message that gives no count is an acceptance");
    }

    @Test
    void a422NamingExactlyOneTransactionOfTheBatchPointsAtIt() {
        Batch batch = batch("T1", "T12", "T3");

        assertEquals("T12", Pago46Api.pointedAt(batch, 422, "bank_transaction_id T12 is already registered"));
        assertEquals("T1", Pago46Api.pointedAt(batch, 422, "T1: duplicated"), "T1 is not read inside T12, nor T12 as T1");
        assertNull(Pago46Api.pointedAt(batch, 422, "T1 and T3 are duplicated"), "two named: the batch is parked whole");
        assertNull(Pago46Api.pointedAt(batch, 422, "T9 is duplicated"), "none of the batch named");
    }

    @Test
    void a422PointingAtOneIndexPointsAtThatTransactionCountingFromZero() {
        Batch batch = batch("T1", "T2", "T3");

        assertEquals("T2", Pago46Api.pointedAt(batch, 422, "[\"transactions[1].amount is invalid\"]"));
        assertEquals("T3", Pago46Api.pointedAt(batch, 422,
                "[\"transactions[2].amount is invalid\",\"transactions[2].creation_date is invalid\"]"));
        assertNull(Pago46Api.pointedAt(batch, 422, "[\"transactions[0].amount\",\"transactions[2].amount\"]"));
        assertNull(Pago46Api.pointedAt(batch, 422, "[\"transactions[3].amount is invalid\"]"), "past the end of the batch");
    }

    @Test
    void onlyA422ToABatchOfTwoOrMorePointsAtATransaction() {
        assertNull(Pago46Api.pointedAt(batch("T1"), 422, "T1 is duplicated"), "a batch of one is parked as a whole");
        assertNull(Pago46Api.pointedAt(batch("T1", "T2"), 400, "T1 is duplicated"));
    }

    @Test
    void thePartnersMessageIsItsMessageFieldOrTheAnswerAsReceivedCapped() {
        assertEquals("WRONG HASH", Pago46Api.messageOf("{\"message\":\"WRONG HASH\",\"status\":\"error\"}"));
        assertEquals("[\"transactions[0].amount is invalid\"]",
                Pago46Api.messageOf("{\"message\":[\"transactions[0].amount is invalid\"]}"));
        assertEquals("{\"status\":\"error\"}", Pago46Api.messageOf("{\"status\":\"error\"}"));
        assertEquals("<html>Bad Gateway</html>", Pago46Api.messageOf("<html>Bad Gateway</html>"));
        assertEquals("", Pago46Api.messageOf(" "));
        assertEquals("", Pago46Api.messageOf(null));
        assertEquals(2000, Pago46Api.messageOf("x".repeat(5000)).length());
    }

    @Test
    void onlyA201Or202IsAnAcceptanceEveryOtherAnswerIsAPartnerErrorOfItsKind() {
        assertEquals(PartnerError.Kind.UNAVAILABLE, Pago46Api.kind(503));
        assertEquals(PartnerError.Kind.UNAVAILABLE, Pago46Api.kind(429));
        assertEquals(PartnerError.Kind.UNAUTHORIZED, Pago46Api.kind(401));
        assertEquals(PartnerError.Kind.REFUSED, Pago46Api.kind(400), "WRONG HASH");
        assertEquals(PartnerError.Kind.REFUSED, Pago46Api.kind(422));
        assertEquals(PartnerError.Kind.UNEXPECTED, Pago46Api.kind(200), "a 200 is not trusted");
        assertEquals(PartnerError.Kind.UNEXPECTED, Pago46Api.kind(302));
    }
}
