package io.paymenthub.support;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;

/** The real runner with its Bamboo settings pointed at a Bamboo simulator started for the class. */
public abstract class BambooTestSupport extends RunnerTestSupport {

    public static final String BAMBOO_KEY = "test-bamboo-private-key-7e21c4";
    public static final String BAMBOO_SECRET = "test-bamboo-webhook-secret-a90b13";
    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    // started from configureContext(), which runs before field initializers: no initializer here
    private BambooSimulator bamboo;

    /** The Bamboo simulator the runner's bamboo.base-url points at. */
    protected synchronized BambooSimulator bamboo() {
        if (bamboo == null) {
            bamboo = new BambooSimulator(0, BAMBOO_KEY, BAMBOO_SECRET)
                    .retrySchedule(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                            Duration.ofMillis(1600), Duration.ofMillis(3200)));
            bamboo.start();
        }
        return bamboo;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "bamboo.base-url", bamboo().baseUrl(),
                "bamboo.private-key", BAMBOO_KEY,
                "bamboo.webhook.secret", BAMBOO_SECRET,
                "bamboo.notify-url", notifyUrl(),
                "bamboo.amount.scales", "COP:2,USD:2,CLP:0",
                "bamboo.circuit.open-seconds", "1");
    }

    @AfterAll
    void stopBamboo() {
        Secrets.remember(BAMBOO_KEY, BAMBOO_SECRET);
        bamboo().stop();
    }

    protected String notifyUrl() {
        return "http://127.0.0.1:" + httpPort + "/webhooks/bamboo";
    }

    protected static String nextId() {
        return Long.toString(IDS.incrementAndGet());
    }

    /** A Purchase-webhook body, as the seed lists its fields. */
    protected static ObjectNode purchaseCallback(String purchaseId, long amount, String currency, Integer statusId, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("PurchaseId", Long.parseLong(purchaseId));
        body.putNull("UniqueId");
        body.put("Order", "order-" + purchaseId);
        body.put("Amount", amount);
        body.put("Installments", 1);
        body.put("Currency", currency);
        body.putNull("MetadataOut");
        ObjectNode tx = body.putObject("Transaction");
        if (statusId != null) {
            tx.put("TransactionStatusId", statusId);
        }
        if (status != null) {
            tx.put("Status", status);
        }
        tx.put("Description", " ");
        tx.putNull("ApprovalCode");
        return body;
    }

    /** Posts a callback signed as Bamboo does (fresh dateSent); returns the runner's status. */
    protected int deliver(ObjectNode body) {
        return bamboo().post(notifyUrl(), body.toString(), java.time.Instant.now());
    }

    /** The same purchase request with an Order of its own (one Order is one purchase: the same Order returns the same one). */
    protected static String freshOrder(String json) {
        return json.replaceFirst("\"Order\":\"([^\"]*)\"", "\"Order\":\"$1-" + nextId() + "\"");
    }

    protected HttpResponse<String> createPurchase(String json) throws Exception {
        return post("/api/v1/bamboo/purchases", "application/json", API_AUTHORIZATION, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every event of this payment read so far, after one more callback proves the relay has caught up. */
    protected List<Event> eventsOf(String paymentId) {
        String sentinel = nextId();
        if (deliver(purchaseCallback(sentinel, 100, "COP", 2, "Pending")) != 200) {
            throw new IllegalStateException("the sentinel callback was refused");
        }
        return events().awaitPayments(WAIT, List.of("bamboo:" + sentinel)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).toList();
    }
}
