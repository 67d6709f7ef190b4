package io.paymenthub.bamboo;

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
        HttpResponse<String> answer = post("/api/v1/bamboo/purchases", "application/json", API_AUTHORIZATION,
                BambooPurchasesTest.NEQUI_QR.getBytes(StandardCharsets.UTF_8));

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("Bamboo purchases are off: bamboo.private-key, bamboo.notify-url not set",
                JSON.readTree(answer.body()).path("message").asText());
    }

    @Test
    void callbacksAnswer401UntilASecretIsConfigured() throws Exception {
        String body = "{\"PurchaseId\":1,\"Amount\":1000,\"Currency\":\"COP\",\"Transaction\":{\"TransactionStatusId\":1}}";
        HttpResponse<String> answer = business().postJson("/webhooks/bamboo", body, "signature", "00",
                "dateSent", Instant.now().toString());

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("The Bamboo webhook has no secret configured (bamboo.webhook.secret); every call is refused",
                JSON.readTree(answer.body()).path("message").asText());
    }
}
