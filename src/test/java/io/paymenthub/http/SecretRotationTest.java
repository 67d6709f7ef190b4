package io.paymenthub.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.bamboo.BambooNotification;
import io.paymenthub.bamboo.BambooSignature;
import io.paymenthub.events.Json;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** current,next in a secret setting: both accepted, anything else refused, a single value as before. */
class SecretRotationTest {

    @Test
    void aBearerSecretAcceptsTheCurrentAndTheNextValueAndNothingElse() {
        BearerTokenCheck luka = new BearerTokenCheck("Luka", "luka.webhook.secret", " current-secret , next-secret ");

        assertDoesNotThrow(() -> luka.authenticate("Bearer current-secret"));
        assertDoesNotThrow(() -> luka.authenticate("Bearer next-secret"));
        for (String wrong : new String[] {"Bearer current-secret,next-secret", "Bearer other", "Bearer ", null, "Bearer next"}) {
            assertEquals(401, assertThrows(HttpProblem.class, () -> luka.authenticate(wrong)).status(), String.valueOf(wrong));
        }
    }

    @Test
    void aSingleValueAndAnEmptySettingBehaveAsBefore() {
        BearerTokenCheck single = new BearerTokenCheck("Bancamiga", "bancamiga.webhook.token", "only");
        BearerTokenCheck none = new BearerTokenCheck("Bancamiga", "bancamiga.webhook.token", " , ");

        assertDoesNotThrow(() -> single.authenticate("Bearer only"));
        assertEquals(false, none.configured());
        assertEquals(401, assertThrows(HttpProblem.class, () -> none.authenticate("Bearer x")).status());
    }

    @Test
    void aBambooCallbackSignedWithEitherSecretOfARotationIsVerified() throws Exception {
        BambooSignature signature = new BambooSignature("old-bamboo-secret,new-bamboo-secret", "signature", Duration.ofMinutes(5));
        JsonNode body = Json.MAPPER.readTree("{\"PurchaseId\":\"7001\",\"Amount\":1000,\"Currency\":\"COP\","
                + "\"Transaction\":{\"TransactionStatusId\":1,\"Status\":\"Approved\"}}");
        BambooNotification notification = new BambooNotification(BambooNotification.Shape.PURCHASE, "7001", "1000", "COP", body);
        String dateSent = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        for (String secret : new String[] {"old-bamboo-secret", "new-bamboo-secret"}) {
            Exchange exchange = callback(BambooSignature.sign(secret, "7001", "1000", "COP", dateSent), dateSent);
            assertDoesNotThrow(() -> signature.verify(notification, exchange), secret);
        }
        Exchange forged = callback(BambooSignature.sign("another-secret", "7001", "1000", "COP", dateSent), dateSent);
        assertEquals(401, assertThrows(HttpProblem.class, () -> signature.verify(notification, forged)).status());
    }

    private static Exchange callback(String signed, String dateSent) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("signature", signed);
        exchange.getMessage().setHeader(BambooSignature.DATE_HEADER, dateSent);
        return exchange;
    }
}
