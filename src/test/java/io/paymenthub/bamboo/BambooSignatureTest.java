package io.paymenthub.bamboo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.NullNode;
import io.paymenthub.http.HttpProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bamboo's callback signature: HMAC-SHA256 hex over PurchaseId + Amount + Currency + dateSent, with a replay window. */
class BambooSignatureTest {

    private static final String SECRET = "test-bamboo-signature-secret-3f1a";
    private static final CamelContext CONTEXT = new DefaultCamelContext();
    private final BambooSignature signature = new BambooSignature(SECRET, "signature", Duration.ofMinutes(5));
    private final BambooNotification notification = new BambooNotification(BambooNotification.Shape.PURCHASE,
            "1266731", "3140600", "COP", NullNode.getInstance());

    @Test
    void signatureIsTheHexHmacOfIdAmountCurrencyAndDateSent() {
        assertEquals("12667313140600COP2026-11-22T06:30:00Z",
                BambooSignature.canonical("1266731", "3140600", "COP", "2026-11-22T06:30:00Z"));
        assertEquals(OPENSSL_VECTOR, BambooSignature.sign(SECRET, "1266731", "3140600", "COP", "2026-11-22T06:30:00Z"));
    }

    /** printf '%s' '12667313140600COP2026-11-22T06:30:00Z' | openssl dgst -sha256 -hmac test-bamboo-signature-secret-3f1a */
    private static final String OPENSSL_VECTOR = "5d258a8878f4afca255f7eac64eff82197f78e5965045f442d5492735bff37c7";

    @Test
    void aCallbackSignedWithTheSecretWithinTheWindowIsAccepted() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        assertDoesNotThrow(() -> signature.verify(notification, signed(now, sign(now))));
        // hex case does not matter
        assertDoesNotThrow(() -> signature.verify(notification, signed(now, sign(now).toUpperCase(Locale.ROOT))));
    }

    @Test
    void aWrongSignatureAnotherSecretOrAChangedAmountIsRefusedWith401() {
        String now = Instant.now().toString();
        assertUnauthorized(signed(now, "00" + sign(now).substring(2)), "Invalid signature");
        assertUnauthorized(signed(now, BambooSignature.sign("another-secret", "1266731", "3140600", "COP", now)), "Invalid signature");
        BambooNotification tampered = new BambooNotification(BambooNotification.Shape.PURCHASE, "1266731", "9140600", "COP",
                NullNode.getInstance());
        HttpProblem p = assertThrows(HttpProblem.class, () -> signature.verify(tampered, signed(now, sign(now))));
        assertEquals(401, p.status());
    }

    @Test
    void aSignedCallbackOutsideTheToleranceIsAcceptedButMarkedStaleForAReadBack() {
        String old = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS).toString();
        Exchange retried = signed(old, sign(old));
        assertFalse(signature.verify(notification, retried), "20 minutes late: Bamboo's first retry, not fresh");
        assertEquals(Boolean.TRUE, retried.getProperty(BambooSignature.STALE));
        String future = Instant.now().plus(Duration.ofMinutes(6)).toString();
        Exchange ahead = signed(future, sign(future));
        assertFalse(signature.verify(notification, ahead));
        String now = Instant.now().toString();
        Exchange fresh = signed(now, sign(now));
        assertTrue(signature.verify(notification, fresh));
        assertEquals(Boolean.FALSE, fresh.getProperty(BambooSignature.STALE));
        // a stale dateSent never excuses a wrong signature
        assertUnauthorized(signed(old, "00" + sign(old).substring(2)), "Invalid signature");
    }

    @Test
    void dateSentIsReadAsIsoWithOrWithoutOffsetOrRfc1123AndSignedExactlyAsReceived() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        java.time.ZoneId bogota = java.time.ZoneId.of("America/Bogota");
        BambooSignature inBogota = new BambooSignature(SECRET, "signature", Duration.ofMinutes(5), bogota);
        // Bamboo's own payload style: no offset, milliseconds
        String local = java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS"));
        String localBogota = java.time.LocalDateTime.ofInstant(at, bogota)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS"));
        String withOffset = at.atOffset(java.time.ZoneOffset.ofHours(-5)).toString();
        String rfc1123 = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(java.time.ZoneOffset.UTC));
        for (String dateSent : new String[] {local, withOffset, rfc1123, at.toString()}) {
            Exchange e = signed(dateSent, sign(dateSent));
            assertTrue(signature.verify(notification, e), dateSent + " is fresh");
        }
        Exchange e = signed(localBogota, sign(localBogota));
        assertTrue(inBogota.verify(notification, e), "a dateSent without offset is in bamboo.webhook.date-zone");
        assertEquals(at, e.getProperty(BambooSignature.SENT_AT));
        assertEquals(at.truncatedTo(ChronoUnit.SECONDS), BambooSignature.sentAt(rfc1123, java.time.ZoneOffset.UTC));
        // the same instant in UTC is 5 hours away from the Bogotá reading: stale there
        Exchange utcReading = signed(localBogota, sign(localBogota));
        assertFalse(signature.verify(notification, utcReading));
        // signed over the header as received: a signature over a normalized form of the date does not fit
        assertUnauthorized(signed(local, sign(at.toString())), "Invalid signature");
    }

    @Test
    void missingHeadersAMalformedDateOrNoConfiguredSecretAreRefused() {
        String now = Instant.now().toString();
        assertUnauthorized(signed(now, null), "Missing signature");
        assertUnauthorized(signed(null, sign(now)), "Missing dateSent");
        assertUnauthorized(signed("22/11/2026 06:30", sign("22/11/2026 06:30")), "ISO-8601");
        HttpProblem p = assertThrows(HttpProblem.class, () -> new BambooSignature("", "signature", Duration.ofMinutes(5))
                .verify(notification, signed(now, sign(now))));
        assertTrue(p.getMessage().contains("no secret configured"), p.getMessage());
        assertTrue(!p.keepsBody(), "an unauthenticated body is never kept");
    }

    private static String sign(String dateSent) {
        return BambooSignature.sign(SECRET, "1266731", "3140600", "COP", dateSent);
    }

    private static Exchange signed(String dateSent, String sig) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        if (dateSent != null) {
            exchange.getMessage().setHeader("dateSent", dateSent);
        }
        if (sig != null) {
            exchange.getMessage().setHeader("signature", sig);
        }
        return exchange;
    }

    private void assertUnauthorized(Exchange exchange, String why) {
        HttpProblem p = assertThrows(HttpProblem.class, () -> signature.verify(notification, exchange));
        assertEquals(401, p.status());
        assertTrue(p.getMessage().contains(why), p.getMessage());
    }
}
