package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.store.PaymentStore.StoredPayment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /api/v1/pago-movil/verifications without a runner: what a merchant's claim must look like (every fault named
 * at once), which stored reference matches a claimed one, and VERIFIED / AMOUNT_MISMATCH / NOT_FOUND.
 */
class PagoMovilVerifierTest {

    private final PagoMovilVerifier verifier = new PagoMovilVerifier(null, null, BankDirectory.venezuela(), Duration.ofMinutes(1));

    private PagoMovilVerifier.Claim parse(String json) {
        return verifier.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private List<FieldError> refused(String json) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> parse(json));
        assertEquals(400, problem.status());
        return problem.errors();
    }

    @Test
    void aWellFormedClaimIsReadAsSent() {
        PagoMovilVerifier.Claim claim = parse("{\"phone\":\"584240000000\",\"bank\":\"0172\",\"reference\":\"018219\","
                + "\"amount\":\"5.6\",\"date\":\"2025-05-08\"}");

        assertEquals(new PagoMovilVerifier.Claim("584240000000", "0172", "018219", new BigDecimal("5.6"), LocalDate.of(2025, 5, 8)),
                claim);
    }

    @Test
    void everyMissingFieldIsNamedAtOnce() {
        assertEquals(List.of(
                new FieldError("phone", "is required: 58 followed by 10 digits, e.g. \"584240000000\""),
                new FieldError("bank", "is required: a 4-digit bank code, e.g. \"0172\""),
                new FieldError("reference", "is required: the payment reference, 4 to 30 digits"),
                new FieldError("amount", "is required: a decimal string with at most 2 decimals, e.g. \"5.64\""),
                new FieldError("date", "is required: a date yyyy-MM-dd")), refused("{\"phone\":null}"));
    }

    @Test
    void fieldsInAnotherShapeAreRefusedNotGuessed() {
        assertEquals(List.of(
                new FieldError("phone", "must be 58 followed by 10 digits, e.g. \"584240000000\""),
                new FieldError("bank", "must be a 4-digit bank code, e.g. \"0172\""),
                new FieldError("reference", "must be the payment reference, 4 to 30 digits"),
                new FieldError("amount", "must be a decimal string with at most 2 decimals, e.g. \"5.64\""),
                new FieldError("date", "must be a date yyyy-MM-dd")),
                refused("{\"phone\":\"04240000000\",\"bank\":172,\"reference\":\"018\",\"amount\":5.64,\"date\":20250508}"));
        assertEquals(List.of(new FieldError("amount", "must be a decimal string with at most 2 decimals, e.g. \"5.64\"")),
                refused("{\"phone\":\"584240000000\",\"bank\":\"0172\",\"reference\":\"018219\",\"amount\":\"5.641\",\"date\":\"2025-05-08\"}"));
    }

    @Test
    void anUnknownBankAZeroAmountAndADateThatDoesNotExistAreRefused() {
        assertEquals(List.of(
                new FieldError("bank", "is not a known Venezuelan bank code: 0999"),
                new FieldError("amount", "must be greater than zero"),
                new FieldError("date", "must be a real date yyyy-MM-dd")),
                refused("{\"phone\":\"584240000000\",\"bank\":\"0999\",\"reference\":\"018219\",\"amount\":\"0.00\",\"date\":\"2025-02-30\"}"));
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        assertEquals("The request body is not valid JSON", firstWords(assertThrows(HttpProblem.class, () -> parse("{")).getMessage()));
        assertEquals("The request body must be a JSON object", assertThrows(HttpProblem.class, () -> parse("[]")).getMessage());
    }

    private static String firstWords(String message) {
        return message.substring(0, message.indexOf(':'));
    }

    @Test
    void aReferenceMatchesLeadingZerosAsideOrAsTheLastSixOrMoreDigits() {
        assertTrue(PagoMovilVerifier.sameReference("018219", "18219"));
        assertTrue(PagoMovilVerifier.sameReference("18219", "0018219"));
        assertTrue(PagoMovilVerifier.sameReference("202505080172584240000000018219", "000018219"), "a claimed suffix of 6+ digits");
        assertFalse(PagoMovilVerifier.sameReference("202505080172584240000000018219", "18219"), "5 digits must match in full");
        assertFalse(PagoMovilVerifier.sameReference("018219", "018218"));
        assertFalse(PagoMovilVerifier.sameReference(null, "018219"));
    }

    @Test
    void theAnswerIsVerifiedWhenTheAmountsAreEqualAmountMismatchWhenNotAndNotFoundWithoutAPayment() {
        PagoMovilVerifier.Claim claim = new PagoMovilVerifier.Claim("584240000000", "0172", "18219", new BigDecimal("5.6"),
                LocalDate.of(2025, 5, 8));
        StoredPayment stored = new StoredPayment("bancamiga", "202505080172584240000000018219", new BigDecimal("5.60"), "VES",
                "018219", "584240000000", "0172", OffsetDateTime.parse("2025-05-08T16:02:49-04:00"), "webhook");

        Map<String, Object> verified = PagoMovilVerifier.verdict(claim, stored);
        assertEquals("VERIFIED", verified.get("status"));
        assertEquals(Map.of("paymentId", "bancamiga:202505080172584240000000018219", "amount", "5.60", "currency", "VES",
                "reference", "018219", "payer", Map.of("phone", "584240000000", "bank", "0172"),
                "occurredAt", "2025-05-08T16:02:49-04:00", "observedVia", "webhook"), verified.get("payment"));

        Map<String, Object> mismatch = PagoMovilVerifier.verdict(new PagoMovilVerifier.Claim("584240000000", "0172", "18219",
                new BigDecimal("5.61"), LocalDate.of(2025, 5, 8)), stored);
        assertEquals("AMOUNT_MISMATCH", mismatch.get("status"));
        assertEquals("5.60", ((Map<?, ?>) mismatch.get("payment")).get("amount"), "the amount received, for the merchant to see");

        Map<String, Object> notFound = PagoMovilVerifier.verdict(claim, null);
        assertEquals("NOT_FOUND", notFound.get("status"));
        assertTrue(notFound.containsKey("payment"));
        assertNull(notFound.get("payment"));
    }
}
