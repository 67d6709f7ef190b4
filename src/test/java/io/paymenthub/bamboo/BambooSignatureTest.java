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
    void aCallbackWhoseDateSentIsOutsideTheToleranceIsRefusedAsAReplay() {
        String old = Instant.now().minus(Duration.ofMinutes(6)).toString();
        assertUnauthorized(signed(old, sign(old)), "replay");
        String future = Instant.now().plus(Duration.ofMinutes(6)).toString();
        assertUnauthorized(signed(future, sign(future)), "replay");
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
