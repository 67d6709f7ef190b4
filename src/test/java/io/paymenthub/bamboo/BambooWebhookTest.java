package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bamboo.BambooSignature;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /webhooks/bamboo on the real routes, store and Kafka: signed callbacks of both shapes become payment.status-changed. */
class BambooWebhookTest extends BambooTestSupport {

    @Test
    void aSignedPurchaseCallbackIsAcknowledgedAfterCommitAndPublishedWithItsPreviousStatus() throws Exception {
        String id = nextId();
        assertEquals(200, deliver(purchaseCallback(id, 500000, "COP", 2, "Pending")));
        assertEquals(200, deliver(purchaseCallback(id, 500000, "COP", 1, "Approved")));

        List<Event> events = events().awaitEvents(WAIT, all -> all.stream().anyMatch(e -> e.paymentId().equals("bamboo:" + id)
                && status(e).equals("APPROVED")));
        List<Event> mine = events.stream().filter(e -> e.paymentId().equals("bamboo:" + id)).toList();
        assertEquals(List.of("PENDING", "APPROVED"), mine.stream().map(BambooWebhookTest::status).toList());
        Event approved = mine.get(1);
        assertEquals("payment.status-changed", approved.value().path("type").asText());
        assertEquals("/bamboo/webhook", approved.value().path("source").asText());
        assertEquals("bamboo:" + id, approved.key());
        JsonNode data = approved.value().path("data");
        assertEquals("PENDING", data.path("previousStatus").asText());
        assertEquals("5000.00", data.path("amount").asText());
        assertEquals("COP", data.path("currency").asText());
        assertEquals("webhook", data.path("observedVia").asText());
        assertEquals(Long.parseLong(id), data.path("original").path("PurchaseId").asLong());
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", id));
    }

    @Test
    void aCallbackWithAWrongSignatureIsRefusedWith401AndNothingIsStoredOrKept() throws Exception {
        String id = nextId();
        ObjectNode body = purchaseCallback(id, 1000, "COP", 1, "Approved");
        String now = Instant.now().toString();
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> forged = postCallback(body.toString(), BambooSignature.sign("not-the-secret", id, "1000", "COP", now), now);
        // the amount is covered: a signature for another amount does not fit this body
        String otherAmount = BambooSignature.sign(BAMBOO_SECRET, id, "999999", "COP", now);
        HttpResponse<String> tampered = postCallback(body.toString(), otherAmount, now);

        assertEquals(401, forged.statusCode());
        assertEquals("Invalid signature", JSON.readTree(forged.body()).path("message").asText());
        assertEquals(401, tampered.statusCode());
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", id));
        HttpResponse<String> formPost = post("/webhooks/bamboo", "application/x-www-form-urlencoded", null,
                "PurchaseId=1".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, formPost.statusCode());
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "an unauthenticated body is not kept");
    }

    @Test
    void aCallbackReplayedAfterTheToleranceIsNotTakenFromItsBody() throws Exception {
        String id = nextId();
        ObjectNode body = purchaseCallback(id, 1000, "COP", 1, "Approved");
        String sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6)).toString();

        HttpResponse<String> replayed = postCallback(body.toString(),
                BambooSignature.sign(BAMBOO_SECRET, id, "1000", "COP", sixMinutesAgo), sixMinutesAgo);

        // its status would have to be read back, and this purchase names no transaction to read: Bamboo retries
        assertEquals(503, replayed.statusCode());
        assertTrue(replayed.body().contains("read back"), replayed.body());
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", id));
    }

    @Test
    void theSameNotificationDeliveredAgainIsAcknowledgedAndPublishesNothingNew() throws Exception {
        String id = nextId();
        ObjectNode body = purchaseCallback(id, 1000, "COP", 5, "Paid");

        assertEquals(200, deliver(body));
        assertEquals(200, deliver(body));
        HttpResponse<String> third = postSigned(body);

        assertEquals(200, third.statusCode());
        assertEquals("UNCHANGED", JSON.readTree(third.body()).path("outcome").asText());
        assertEquals(1, eventsOf("bamboo:" + id).size());
    }

    @Test
    void anOlderStatusArrivingAfterANewerOneNeverMovesThePaymentBackwards() throws Exception {
        String id = nextId();
        assertEquals(200, deliver(purchaseCallback(id, 1000, "COP", 1, "Approved")));
        HttpResponse<String> late = postSigned(purchaseCallback(id, 1000, "COP", 2, "Pending"));

        assertEquals(200, late.statusCode(), "acknowledged, or Bamboo would keep retrying it");
        assertEquals("STALE", JSON.readTree(late.body()).path("outcome").asText());
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", id));
        List<Event> mine = eventsOf("bamboo:" + id);
        assertEquals(List.of("APPROVED"), mine.stream().map(BambooWebhookTest::status).toList());
    }

    @ParameterizedTest(name = "TransactionStatusId {0} / \"{1}\" → {2}")
    @CsvSource({"1, Approved, APPROVED", "2, Pending, PENDING", "3, Pre-authorized, PREAUTHORIZED", "4, Rejected, REJECTED",
            "5, Paid, PAID", "6, Cancelled, CANCELLED", "3, Approved, APPROVED", "6, , CANCELLED", "4, , REJECTED"})
    void everyBambooStatusIsPublishedNormalized(int statusId, String text, String expected) throws Exception {
        String id = nextId();
        assertEquals(200, deliver(purchaseCallback(id, 1000, "USD", statusId, text)));

        Event event = events().awaitPayments(WAIT, List.of("bamboo:" + id)).stream()
                .filter(e -> e.paymentId().equals("bamboo:" + id)).findFirst().orElseThrow();
        assertEquals(expected, status(event));
        assertEquals("10.00", event.value().path("data").path("amount").asText());
    }

    @Test
    void amountsAreReadAtTheCurrencysScale() throws Exception {
        String cop = nextId();
        String usd = nextId();
        String clp = nextId();
        assertEquals(200, deliver(purchaseCallback(cop, 3140600, "COP", 1, "Approved")));
        assertEquals(200, deliver(purchaseCallback(usd, 1050, "USD", 1, "Approved")));
        assertEquals(200, deliver(purchaseCallback(clp, 1500, "CLP", 1, "Approved")));

        List<Event> events = events().awaitPayments(WAIT, List.of("bamboo:" + cop, "bamboo:" + usd, "bamboo:" + clp));
        assertEquals("31406.00", amountOf(events, cop));
        assertEquals("10.50", amountOf(events, usd));
        assertEquals("1500.00", amountOf(events, clp), "CLP:0 in bamboo.amount.scales: no implied decimals");
    }

    @Test
    void aTransactionShapedCallbackUpdatesThePurchaseItBelongsToAndARefundIsAPaymentOfItsOwn() throws Exception {
        HttpResponse<String> created = createPurchase("{\"PaymentMediaId\":67,\"Amount\":250000,\"Currency\":\"COP\","
                + "\"TargetCountryISO\":\"CO\",\"Order\":\"tx-shape-" + nextId() + "\",\"Customer\":{\"Email\":\"payer@example.com\"}}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode purchase = JSON.readTree(created.body());
        String transactionId = purchase.path("transactionId").asText();

        assertEquals(200, deliver(transactionCallback(transactionId, "Purchase", 1, "Approved")));
        String refundId = nextId();
        assertEquals(200, deliver(transactionCallback(refundId, "Refund", 1, "Approved")));

        String paymentId = purchase.path("paymentId").asText();
        // two payment ids, two partitions: wait for both (the refund's record can be read before the purchase's update)
        List<Event> events = events().awaitEvents(WAIT, all -> all.stream().anyMatch(e -> e.paymentId().equals("bamboo:refund-" + refundId))
                && all.stream().anyMatch(e -> e.paymentId().equals(paymentId) && "APPROVED".equals(status(e))));
        assertEquals(List.of("PENDING", "APPROVED"), events.stream().filter(e -> e.paymentId().equals(paymentId))
                .map(BambooWebhookTest::status).toList());
        Event refund = events.stream().filter(e -> e.paymentId().equals("bamboo:refund-" + refundId)).findFirst().orElseThrow();
        assertEquals("REFUND", refund.value().path("data").path("method").asText());
        assertEquals("APPROVED", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", paymentId.substring(7)));
        assertEquals("NEQUI_QR", events.stream().filter(e -> e.paymentId().equals(paymentId)).reduce((a, b) -> b).orElseThrow()
                .value().path("data").path("method").asText());
    }

    @Test
    void malformedCallbacksAreRefusedWith400() throws Exception {
        String now = Instant.now().toString();
        HttpResponse<String> notJson = postCallback("{\"PurchaseId\":", "00", now);
        HttpResponse<String> neither = postCallback("{\"Amount\":1000,\"Currency\":\"COP\"}", "00", now);
        HttpResponse<String> floatAmount = postCallback("{\"PurchaseId\":1,\"Amount\":10.5,\"Currency\":\"COP\"}", "00", now);
        String id = nextId();
        HttpResponse<String> unknownStatus = postSigned(purchaseCallback(id, 1000, "COP", 9, "Mystery"));

        assertEquals(400, notJson.statusCode(), notJson.body());
        assertEquals(400, neither.statusCode());
        assertTrue(neither.body().contains("PurchaseId"), neither.body());
        assertEquals(400, floatAmount.statusCode());
        assertTrue(floatAmount.body().contains("\"field\":\"Amount\""), floatAmount.body());
        assertEquals(400, unknownStatus.statusCode());
        assertTrue(unknownStatus.body().contains("Transaction.Status"), unknownStatus.body());
        assertEquals(1, count("SELECT COUNT(*) FROM rejected_message WHERE endpoint = 'bamboo-webhook' AND reason LIKE '%Mystery%'"),
                "a signed but unreadable notification is kept for an operator");
    }

    private static String status(Event e) {
        return e.value().path("data").path("status").asText();
    }

    private static String amountOf(List<Event> events, String id) {
        return events.stream().filter(e -> e.paymentId().equals("bamboo:" + id)).findFirst().orElseThrow()
                .value().path("data").path("amount").asText();
    }

    private static ObjectNode transactionCallback(String transactionId, String type, int statusId, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("TransactionId", Long.parseLong(transactionId));
        body.put("TransactionType", type);
        body.put("TransactionStatusId", statusId);
        body.put("Status", status);
        body.putNull("ErrorCode");
        body.put("Amount", 250000);
        body.put("Currency", "COP");
        body.put("Installments", 1);
        body.put("Created", "2026-11-22T06:30:00.000");
        return body;
    }

    private HttpResponse<String> postSigned(ObjectNode body) throws Exception {
        String now = Instant.now().toString();
        String id = body.has("PurchaseId") ? body.get("PurchaseId").asText() : body.get("TransactionId").asText();
        return postCallback(body.toString(), BambooSignature.sign(BAMBOO_SECRET, id, body.get("Amount").asText(),
                body.get("Currency").asText(), now), now);
    }

    private HttpResponse<String> postCallback(String body, String signature, String dateSent) throws Exception {
        return business().postJson("/webhooks/bamboo", body, "signature", signature, "dateSent", dateSent);
    }
}
