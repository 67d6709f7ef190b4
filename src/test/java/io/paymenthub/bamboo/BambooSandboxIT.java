package io.paymenthub.bamboo;

import io.paymenthub.sandbox.Sandbox;
import io.paymenthub.support.BusinessPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bamboo as a new user tries it with the packaged runner in the sandbox (the "done when"). */
class BambooSandboxIT {

    @Test
    void aNequiQrPurchaseCreatedInTheSandboxIsPaidByTheSimulatorAndLandsOnKafkaAsApproved() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int kafkaPort = FreePorts.next();
        Map<String, String> settings = RunnerProcess.ownBrokerSettings(dir, kafkaPort, Map.of(
                "sandbox.enabled", "true",
                "sandbox.bamboo.pay-after-seconds", "2"));

        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, Map.of());
             TopicReader events = new TopicReader("127.0.0.1:" + kafkaPort, "payments.events")) {
            // the sandbox curl of docs/partners.md, as a merchant's back office would send it
            String purchase = "{\"PaymentMediaId\":67,\"Amount\":1000000,\"Currency\":\"COP\",\"TargetCountryISO\":\"CO\","
                    + "\"Order\":\"sandbox-order-1\",\"Customer\":{\"Email\":\"payer@example.com\"}}";
            HttpResponse<String> created = new BusinessPort(runner.httpPort).postJson("/api/v1/bamboo/purchases", purchase,
                    "Authorization", "Bearer " + Sandbox.MERCHANT_API_KEY);
            assertEquals(201, created.statusCode(), created.body());
            JsonNode answer = new ObjectMapper().readTree(created.body());
            assertFalse(answer.path("codeQr").asText().isBlank(), created.body());
            String paymentId = answer.path("paymentId").asText();

            List<Event> seen = events.awaitEvents(Duration.ofSeconds(60), all -> all.stream().anyMatch(e -> e.paymentId().equals(paymentId)
                    && e.value().path("data").path("status").asText().equals("APPROVED")));

            List<String> statuses = seen.stream().filter(e -> e.paymentId().equals(paymentId))
                    .map(e -> e.value().path("data").path("status").asText()).toList();
            assertEquals(List.of("PENDING", "APPROVED"), statuses);
            Event approved = seen.stream().filter(e -> e.paymentId().equals(paymentId)).reduce((a, b) -> b).orElseThrow();
            assertEquals("payment.status-changed", approved.value().path("type").asText());
            assertEquals("10000.00", approved.value().path("data").path("amount").asText());
            assertEquals("PENDING", approved.value().path("data").path("previousStatus").asText());
            runner.stop(Duration.ofSeconds(60));
        }
    }
}
