package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bamboo.confirm-callbacks=true: a terminal status is read back (GET /v3/api/transaction/{id}) before it is published. */
class BambooConfirmCallbacksTest extends BambooTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(super.extraProperties());
        p.put("bamboo.confirm-callbacks", "true");
        return p;
    }

    @Test
    void anApprovedCallbackIsReadBackThenPublished() throws Exception {
        JsonNode created = created();
        String purchaseId = created.path("purchaseId").asText();

        bamboo().settle(purchaseId, 1, "Approved");

        String paymentId = created.path("paymentId").asText();
        events().awaitEvents(WAIT, all -> all.stream().anyMatch(e -> e.paymentId().equals(paymentId)
                && e.value().path("data").path("status").asText().equals("APPROVED")));
        assertTrue(bamboo().readBacks().contains(created.path("transactionId").asText()), "read back: " + bamboo().readBacks());
    }

    @Test
    void aCallbackClaimingApprovedWhileBambooSaysPendingPublishesNothing() throws Exception {
        JsonNode created = created();
        String purchaseId = created.path("purchaseId").asText();
        BambooSimulator.Purchase atBamboo = bamboo().purchase(purchaseId);

        // correctly signed (the secret leaked, or Bamboo erred), but Bamboo's own record still says Pending
        int status = bamboo().post(notifyUrl(), bamboo().callbackBody(atBamboo, 1, "Approved"), java.time.Instant.now());

        assertEquals(200, status);
        assertEquals("PENDING", text("SELECT status FROM payment WHERE provider = 'bamboo' AND external_id = ?", purchaseId));
        List<Event> mine = eventsOf(created.path("paymentId").asText());
        assertEquals(List.of("PENDING"), mine.stream().map(e -> e.value().path("data").path("status").asText()).toList());
    }

    @Test
    void aPendingCallbackIsNotReadBack() throws Exception {
        String id = nextId();
        int readBacks = bamboo().readBacks().size();

        assertEquals(200, deliver(purchaseCallback(id, 1000, "COP", 2, "Pending")));

        assertEquals(readBacks, bamboo().readBacks().size());
    }

    @Test
    void aTerminalCallbackForAPurchaseWhoseTransactionIsUnknownIsRefusedForBambooToRetry() throws Exception {
        String id = nextId();

        int status = deliver(purchaseCallback(id, 1000, "COP", 1, "Approved"));

        assertEquals(503, status);
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE provider = 'bamboo' AND external_id = ?", id));
    }

    private JsonNode created() throws Exception {
        HttpResponse<String> answer = createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR));
        assertEquals(201, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }
}
