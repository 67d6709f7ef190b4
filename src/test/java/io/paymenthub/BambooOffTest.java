package io.paymenthub;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With no Bamboo setting (a fresh application.properties), the runner starts and says what is missing. */
class BambooOffTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void purchasesAnswer503NamingTheMissingSettings() throws Exception {
        HttpResponse<String> answer = post("/api/v1/bamboo/purchases", "application/json", null,
                BambooPurchasesTest.NEQUI_QR.getBytes(StandardCharsets.UTF_8));

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("Bamboo purchases are off: bamboo.private-key, bamboo.notify-url not set",
                JSON.readTree(answer.body()).path("message").asText());
    }

    @Test
    void callbacksAnswer401UntilASecretIsConfigured() throws Exception {
        String body = "{\"PurchaseId\":1,\"Amount\":1000,\"Currency\":\"COP\",\"Transaction\":{\"TransactionStatusId\":1}}";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/webhooks/bamboo"))
                .header("Content-Type", "application/json").header("signature", "00").header("dateSent", Instant.now().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("The Bamboo webhook has no secret configured (bamboo.webhook.secret); every call is refused",
                JSON.readTree(answer.body()).path("message").asText());
    }
}
