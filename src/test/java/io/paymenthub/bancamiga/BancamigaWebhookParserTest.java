package io.paymenthub.bancamiga;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.events.Payment;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.JsonRequests;
import io.paymenthub.store.ReviewQueue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intake policy for Bancamiga's webhook without a runner: what is published (normalized), what is held for review
 * (and why), what is refused (400), read the way the route reads a body (its declared charset, then the tolerant
 * partner JSON reader).
 */
class BancamigaWebhookParserTest {

    private static final String REFPK = "202505080172584240000000018219";
    private static final String SEED = """
            {"BancoOrig":"0172","FechaMovimiento":"2025-05-08","HoraMovimiento":"16:02:49","NroReferencia":"018219",\
            "PhoneOrig":"584240000000","PhoneDest":"584140000001","Status":"000","Descripcion":"pago","Amount":"5.64",\
            "Refpk":"202505080172584240000000018219"}""";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BancamigaWebhookParser parser = new BancamigaWebhookParser(BankDirectory.venezuela(), meters);

    /** What the route does with a body: decode by the declared charset, read as a partner's JSON object, read the notice. */
    private BancamigaNotice received(byte[] body, String contentType) {
        String text = JsonRequests.partnerText(body, contentType);
        JsonNode root = JsonRequests.partnerObject(text);
        return parser.read(root, root, text);
    }

    private BancamigaNotice received(String json) {
        return received(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** The seed's body with one field changed (a raw JSON value) or removed (null). */
    private static String seedWith(String field, String rawValue) {
        ObjectNode body = (ObjectNode) read(SEED);
        if (rawValue == null) {
            body.remove(field);
        } else {
            body.set(field, read(rawValue));
        }
        return body.toString();
    }

    private static JsonNode read(String json) {
        try {
            return io.paymenthub.events.Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private Payment published(String json) {
        BancamigaNotice notice = received(json);
        assertFalse(notice.isHeld(), () -> "held: " + notice.getReview().reason());
        return notice.getPayment();
    }

    private ReviewQueue.Item held(String json) {
        BancamigaNotice notice = received(json);
        assertTrue(notice.isHeld(), "published, not held");
        assertNull(notice.getPayment());
        return notice.getReview();
    }

    private FieldError refused(String json) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> received(json));
        assertEquals(400, problem.status());
        assertEquals("The Bancamiga payment notification has no usable Refpk", problem.getMessage());
        assertEquals(1, problem.errors().size());
        return problem.errors().get(0);
    }

    @Test
    void theSeedsNotificationIsPublishedNormalizedWithTheBodyAsReceivedInOriginal() {
        BancamigaNotice notice = received(SEED);
        Payment p = notice.getPayment();

        assertFalse(notice.isHeld());
        assertNull(notice.getReview());
        assertEquals("bancamiga:" + REFPK, p.paymentId());
        assertEquals("PAGO_MOVIL", p.method());
        assertEquals("RECEIVED", p.status());
        assertEquals(new BigDecimal("5.64"), p.amount());
        assertEquals("VES", p.currency());
        assertEquals("018219", p.reference());
        assertEquals(new Payment.Party("584240000000", "0172", "Bancamiga"), p.payer());
        assertEquals(new Payment.Party("584140000001", null, null), p.payee());
        assertEquals(OffsetDateTime.parse("2025-05-08T16:02:49-04:00"), p.occurredAt(), "Venezuelan time, UTC-04:00");
        assertEquals("webhook", p.observedVia());
        assertEquals("/bancamiga/webhook", p.source());
        assertEquals(read(SEED), p.original());
        assertEquals("000", p.partnerStatus());
    }

    @Test
    void unambiguousPhoneSpellingsAreNormalizedTo58AndTenDigits() {
        for (String phone : List.of("\"04241234567\"", "\"+58 424-123.4567\"", "\"00584241234567\"", "\"4241234567\"",
                "\"(0424) 123 45 67\"", "584241234567")) {
            Payment p = published(seedWith("PhoneOrig", phone));
            assertEquals("584241234567", p.payer().phone(), phone);
            assertEquals(read(phone), p.original().get("PhoneOrig"), "original keeps " + phone);
        }
    }

    @Test
    void amountsAsJsonNumbersOrPlainDecimalTextAreReadExactlyWithTwoDecimals() {
        assertEquals(new BigDecimal("5.64"), published(seedWith("Amount", "5.64")).amount());
        assertEquals(new BigDecimal("1234.00"), published(seedWith("Amount", "1234")).amount());
        assertEquals(new BigDecimal("1234.50"), published(seedWith("Amount", "\"1234.5\"")).amount());
        assertEquals(new BigDecimal("0.10"), published(seedWith("Amount", "0.1")).amount(), "read from its digits, not a double");
        assertEquals("5.64", published(seedWith("Amount", "5.64")).amount().toPlainString());
    }

    @Test
    void aTimeWithoutSecondsIsReadAtSecondZero() {
        assertEquals(OffsetDateTime.parse("2025-05-08T16:02:00-04:00"), published(seedWith("HoraMovimiento", "\"16:02\"")).occurredAt());
    }

    @Test
    void aWellFormedBankCodeMissingFromTheListIsPublishedWithoutANameAndCounted() {
        Payment p = published(seedWith("BancoOrig", "\"0999\""));

        assertEquals(new Payment.Party("584240000000", "0999", null), p.payer());
        assertEquals(1.0, meters.get(BancamigaWebhookParser.UNKNOWN_BANK_METRIC).tag("bank", "0999").counter().count());
        published(SEED);
        assertTrue(meters.find(BancamigaWebhookParser.UNKNOWN_BANK_METRIC).tag("bank", "0172").counters().isEmpty(),
                "a known bank is not counted");
    }

    @Test
    void statusAndDescripcionNeverHoldAPaymentAndAreCarriedAsReceived() {
        assertEquals("500", published(seedWith("Status", "\"500\"")).partnerStatus());
        assertNull(published(seedWith("Status", null)).partnerStatus());
        assertEquals(read("{\"code\":7}"), published(seedWith("Status", "{\"code\":7}")).original().get("Status"));
        assertEquals(read("[1,2]"), published(seedWith("Descripcion", "[1,2]")).original().get("Descripcion"));
    }

    @Test
    void fieldsBancamigaMayAddLaterAreKeptInOriginal() {
        Payment p = published(seedWith("Canal", "\"APP\""));

        assertEquals("APP", p.original().get("Canal").asText());
    }

    @Test
    void aByteOrderMarkADeclaredCharsetAndATrailingCommaAreRead() {
        byte[] bom = ("\uFEFF" + SEED).getBytes(StandardCharsets.UTF_8);
        assertEquals(REFPK, received(bom, "application/json").getPayment().externalId());

        String accented = seedWith("Descripcion", "\"Pago de José Pérez\"");
        Payment latin1 = received(accented.getBytes(Charset.forName("ISO-8859-1")), "application/json; charset=ISO-8859-1").getPayment();
        assertEquals("Pago de José Pérez", latin1.original().get("Descripcion").asText());
        Payment utf16 = received(accented.getBytes(StandardCharsets.UTF_16), "text/plain;charset=\"utf-16\"").getPayment();
        assertEquals("Pago de José Pérez", utf16.original().get("Descripcion").asText());

        String trailingComma = SEED.substring(0, SEED.length() - 1) + ",}";
        assertEquals(REFPK, received(trailingComma).getPayment().externalId());
    }

    @Test
    void aFieldThatCannotBeReadWithoutGuessingHoldsTheReportSayingWhichAndWhy() {
        ReviewQueue.Item item = held(seedWith("Amount", "\"1.234,56\""));

        assertEquals("bancamiga", item.provider());
        assertEquals(REFPK, item.externalId());
        assertEquals(ReviewQueue.Kind.FIELDS, item.kind());
        assertEquals("Amount \"1.234,56\" is not a plain decimal greater than zero with at most 2 decimals", item.reason());
        assertEquals("bancamiga-webhook", item.endpoint());
        assertEquals("2025-05-08|0172|584240000000|18219", item.matchKey(), "date, payer and reference still match a bank movement");
        assertEquals(seedWith("Amount", "\"1.234,56\""), item.body(), "the body as received");
    }

    @Test
    void everyFaultyFieldIsNamedInTheReason() {
        String body = seedWith("PhoneDest", null);
        body = body.replace("\"HoraMovimiento\":\"16:02:49\"", "\"HoraMovimiento\":\"25:00\"")
                .replace("\"FechaMovimiento\":\"2025-05-08\"", "\"FechaMovimiento\":\"08/05/2025\"")
                .replace("\"BancoOrig\":\"0172\"", "\"BancoOrig\":172")
                .replace("\"NroReferencia\":\"018219\"", "\"NroReferencia\":\"01-8219\"")
                .replace("\"PhoneOrig\":\"584240000000\"", "\"PhoneOrig\":\"5842400\"");

        ReviewQueue.Item item = held(body);

        assertEquals("BancoOrig 172 is not a 4-digit bank code; PhoneOrig \"5842400\" is not a Venezuelan phone number;"
                + " PhoneDest is missing; NroReferencia \"01-8219\" is not 1 to 30 digits;"
                + " FechaMovimiento \"08/05/2025\" is not a real date yyyy-MM-dd;"
                + " HoraMovimiento \"25:00\" is not a real time HH:mm:ss or HH:mm", item.reason());
        assertNull(item.matchKey(), "nothing identifies the movement");
    }

    @Test
    void amountsThatWouldBeGuessesAreHeld() {
        for (String amount : List.of("\"5,64\"", "\"1e3\"", "0", "-5.64", "5.641", "\"\"", "true", "null")) {
            assertTrue(held(seedWith("Amount", amount)).reason().startsWith("Amount "), amount);
        }
    }

    @Test
    void aLongValueIsCappedInTheReason() {
        String reason = held(seedWith("PhoneOrig", "\"" + "9".repeat(100) + "\"")).reason();

        assertEquals("PhoneOrig \"" + "9".repeat(59) + "… is not a Venezuelan phone number", reason);
    }

    @Test
    void withoutAUsableRefpkTheBodyIsRefused() {
        assertEquals(new FieldError("Refpk", "is required: a string of 1 to 64 letters or digits"), refused(seedWith("Refpk", null)));
        assertEquals(new FieldError("Refpk", "is required: a string of 1 to 64 letters or digits"), refused(seedWith("Refpk", "null")));
        for (String refpk : List.of("\"2025-05-08-018219\"", "\"\"", "\"" + "7".repeat(65) + "\"", "202505080172")) {
            assertEquals(new FieldError("Refpk", "must be a string of 1 to 64 letters or digits"), refused(seedWith("Refpk", refpk)), refpk);
        }
        assertEquals("2", published(seedWith("Refpk", "\"2\"")).externalId(), "1 character is enough");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefused() {
        for (String body : List.of("", "[" + SEED + "]", "{\"Refpk\":\"1\",\"Refpk\":\"2\"}", SEED + " {}", "{")) {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> received(body), body);
            assertEquals(400, problem.status(), body);
        }
    }

    @Test
    void anOperatorsCorrectionIsReadWhileTheBodyAsReceivedIsKept() {
        JsonNode asReceived = read(seedWith("Amount", "\"1.234,56\""));
        JsonNode corrected = read(seedWith("Amount", "\"1234.56\""));

        BancamigaNotice notice = parser.read(corrected, asReceived, asReceived.toString());

        assertEquals(new BigDecimal("1234.56"), notice.getPayment().amount());
        assertSame(asReceived, notice.getPayment().original());
    }
}
