package io.paymenthub;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.support.BambooTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bamboo carrying out a purchase whose answer the runner does not get or cannot read, or answering HTTP 200 with
 * only an error: the purchase is sent once (never re-sent), nothing is stored without Bamboo's answer, and the
 * merchant is told to check Bamboo before creating it again. (5xx, time-outs before creation and the breaker:
 * BambooPurchasesTest, BambooCircuitBreakerTest.)
 */
class BambooPartnerFaultsTest extends BambooTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(super.extraProperties());
        p.put("camel.component.http.so-timeout", "1500");
        p.put("camel.component.http.response-timeout", "1500");
        return p;
    }

    @Test
    void aPurchaseBambooCreatedButAnsweredTooLateIs503SayingToCheckBeforeRetryingAndIsNeverSentTwice() throws Exception {
        String order = "late-" + nextId();
        bamboo().failNextPurchase(BambooSimulator.PurchaseFault.CREATE_THEN_SLOW, java.time.Duration.ofSeconds(4));
        int callsBefore = bamboo().purchaseCalls();

        HttpResponse<String> answer = createPurchase(BambooPurchasesTest.NEQUI_QR.replace("15e04d37-qr", order));

        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).path("message").asText()
                .contains("the purchase may exist at Bamboo: check Bamboo's console for your Order before creating it again"), answer.body());
        assertEquals(callsBefore + 1, bamboo().purchaseCalls(), "sent once, not re-sent after the time-out");
        assertEquals(1, bamboo().purchasesFor(order));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order), "nothing stored without Bamboo's answer");
    }

    @Test
    void aMalformedAnswerToACreatedPurchaseIs502SayingItMayExistAndIsNotSentTwice() throws Exception {
        String order = "garbled-" + nextId();
        bamboo().failNextPurchase(BambooSimulator.PurchaseFault.MALFORMED_JSON, java.time.Duration.ZERO);
        int callsBefore = bamboo().purchaseCalls();

        HttpResponse<String> answer = createPurchase(BambooPurchasesTest.NEQUI_QR.replace("15e04d37-qr", order));

        assertEquals(502, answer.statusCode(), answer.body());
        String message = JSON.readTree(answer.body()).path("message").asText();
        assertTrue(message.startsWith("Bamboo answered HTTP 200 without a JSON object; the purchase may exist at Bamboo"), message);
        assertEquals(callsBefore + 1, bamboo().purchaseCalls());
        assertEquals(1, bamboo().purchasesFor(order));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order));
    }

    @Test
    void anHttp200CarryingOnlyBambooErrorsIsRefusedWithBambooSMessageAndNothingIsCreated() throws Exception {
        String order = "error-" + nextId();
        bamboo().failNextPurchase(BambooSimulator.PurchaseFault.ERROR_IN_200, java.time.Duration.ZERO);

        HttpResponse<String> answer = createPurchase(BambooPurchasesTest.NEQUI_QR.replace("15e04d37-qr", order));

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).path("message").asText().contains("SY500: System error"), answer.body());
        assertEquals(0, bamboo().purchasesFor(order));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order));
    }
}
