package io.paymenthub.bamboo;

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
    void aPurchaseWhoseAnswerWasLostIsTheSamePurchaseWhenTheMerchantSendsItAgainNeverASecond() throws Exception {
        String order = "late-" + nextId();
        String request = BambooPurchasesTest.NEQUI_QR.replace("15e04d37-qr", order);
        bamboo().failNextPurchase(BambooSimulator.PurchaseFault.CREATE_THEN_SLOW, java.time.Duration.ofSeconds(4));
        int callsBefore = bamboo().purchaseCalls();

        HttpResponse<String> lost = createPurchase(request);

        assertEquals(503, lost.statusCode(), lost.body());
        assertTrue(JSON.readTree(lost.body()).path("message").asText()
                .contains("the purchase may exist at Bamboo: send the same request again (same Order or UniqueID)"), lost.body());
        assertEquals(callsBefore + 1, bamboo().purchaseCalls(), "sent once, not re-sent by the runner after the time-out");
        assertEquals(1, bamboo().purchasesFor(order));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order), "nothing stored without Bamboo's answer");

        HttpResponse<String> again = createPurchase(request);

        assertEquals(201, again.statusCode(), again.body());
        assertEquals(1, bamboo().purchasesFor(order), "Bamboo answered the same UniqueID with the first purchase");
        String purchaseId = JSON.readTree(again.body()).path("purchaseId").asText();
        assertEquals(order, bamboo().purchase(purchaseId).order);
        assertEquals(1, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order));
        HttpResponse<String> third = createPurchase(request);
        assertEquals(200, third.statusCode(), third.body());
        assertEquals(purchaseId, JSON.readTree(third.body()).path("purchaseId").asText());
        assertEquals(callsBefore + 2, bamboo().purchaseCalls(), "a purchase the runner knows is answered without asking Bamboo");
    }

    @Test
    void aMalformedAnswerToACreatedPurchaseIs502SayingItMayExistAndTheRepeatGetsThatPurchase() throws Exception {
        String order = "garbled-" + nextId();
        String request = BambooPurchasesTest.NEQUI_QR.replace("15e04d37-qr", order);
        bamboo().failNextPurchase(BambooSimulator.PurchaseFault.MALFORMED_JSON, java.time.Duration.ZERO);
        int callsBefore = bamboo().purchaseCalls();

        HttpResponse<String> answer = createPurchase(request);

        assertEquals(502, answer.statusCode(), answer.body());
        String message = JSON.readTree(answer.body()).path("message").asText();
        assertTrue(message.startsWith("Bamboo answered HTTP 200 without a JSON object; the purchase may exist at Bamboo"), message);
        assertEquals(callsBefore + 1, bamboo().purchaseCalls());
        assertEquals(1, bamboo().purchasesFor(order));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order));
        assertEquals(201, createPurchase(request).statusCode());
        assertEquals(1, bamboo().purchasesFor(order));
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
