package io.paymenthub.bamboo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.sandbox.BambooSimulator.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator plays Bamboo's callback delivery: signed, and any non-200 retried on the (shortened) schedule. */
class BambooSimulatorTest {

    private static final String KEY = "test-bamboo-sim-private-key";
    private static final String SECRET = "test-bamboo-sim-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Integer> answers = new CopyOnWriteArrayList<>(List.of(500, 503, 200));
    private final List<String> verified = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer merchant;
    private BambooSimulator bamboo;

    @BeforeEach
    void start() throws IOException {
        merchant = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        merchant.createContext("/notify", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            String expected = BambooSignature.sign(SECRET, body.path("PurchaseId").asText(), body.path("Amount").asText(),
                    body.path("Currency").asText(), ex.getRequestHeaders().getFirst("dateSent"));
            verified.add(expected.equals(ex.getRequestHeaders().getFirst("signature")) ? "signed" : "unsigned");
            int status = answers.get(Math.min(calls.getAndIncrement(), answers.size() - 1));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        merchant.start();
        bamboo = new BambooSimulator(0, KEY, SECRET)
                .retrySchedule(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        Duration.ofMillis(1600), Duration.ofMillis(3200)));
        bamboo.start();
    }

    @AfterEach
    void stop() {
        bamboo.stop();
        merchant.stop(0);
    }

    @Test
    void aCallbackAnsweredOtherThan200IsRetriedOnTheScheduleUntilItIs() throws Exception {
        String purchaseId = createNequiQr();

        bamboo.settle(purchaseId, 1, "Approved");

        await().atMost(Duration.ofSeconds(10)).until(() -> bamboo.deliveries().size() == 3);
        List<Delivery> d = bamboo.deliveries();
        assertEquals(List.of(500, 503, 200), d.stream().map(Delivery::httpStatus).toList());
        assertEquals(List.of(0, 1, 2), d.stream().map(Delivery::attempt).toList());
        assertTrue(Duration.between(d.get(0).at(), d.get(1).at()).toMillis() >= 180, "first retry after ~200 ms");
        assertTrue(Duration.between(d.get(1).at(), d.get(2).at()).toMillis() >= 380, "second retry after ~400 ms");
        assertEquals(List.of("signed", "signed", "signed"), verified, "every attempt is signed with its own dateSent");
    }

    @Test
    void bambooGivesUpAfterFiveRetries() throws Exception {
        answers.clear();
        answers.add(500);
        bamboo.retrySchedule(List.of(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(10)));
        String purchaseId = createNequiQr();

        bamboo.settle(purchaseId, 4, "Rejected");

        await().atMost(Duration.ofSeconds(10)).until(() -> bamboo.deliveries().size() == 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> bamboo.deliveries().size() == 6);
    }

    private String createNequiQr() throws Exception {
        String body = "{\"PaymentMediaId\":67,\"Amount\":1000,\"Currency\":\"COP\",\"TargetCountryISO\":\"CO\","
                + "\"Customer\":{\"Email\":\"payer@example.com\"},"
                + "\"Redirection\":{\"Url_Notify\":\"http://127.0.0.1:" + merchant.getAddress().getPort() + "/notify\"}}";
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bamboo.baseUrl() + "/v3/api/purchase"))
                .header("Authorization", "Basic " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
        JsonNode response = JSON.readTree(created.body()).path("Response");
        assertEquals("bancadigital-C001-10011-" + response.path("PurchaseId").asText(), response.path("MetadataOut").path("CodeQr").asText());
        return response.path("PurchaseId").asText();
    }
}
