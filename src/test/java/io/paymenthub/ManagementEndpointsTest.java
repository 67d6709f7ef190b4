package io.paymenthub;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees on the management port: health of the store and Kafka, and Prometheus metrics. */
class ManagementEndpointsTest extends RunnerTestSupport {

    @Test
    void healthReportsDatabaseAndKafkaUp() throws Exception {
        HttpResponse<String> response = get(managementPort, "/observe/health");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertEquals("UP", health.path("status").asText());
        assertEquals("UP", check(health, "database").path("status").asText());
        assertEquals("UP", check(health, "kafka").path("status").asText());
    }

    @Test
    void metricsCountWebhooksByOutcomeAndShowTheOutboxBacklog() throws Exception {
        String reference = nextReference();
        postWebhook(notification(reference));
        postWebhook(notification(reference));
        postWebhook(notification(nextReference(), "-1.00"));
        postWebhook("{\"Amount\":\"5.64\"}");
        events().awaitPayments(Duration.ofSeconds(30), List.of("bancamiga:" + refpk(reference)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = get(managementPort, "/observe/metrics").body();
            assertTrue(metrics.contains(
                    "paymenthub_webhook_requests_total{outcome=\"accepted\",provider=\"bancamiga\",status=\"200\"} 1.0"), metrics);
            assertTrue(metrics.contains(
                    "paymenthub_webhook_requests_total{outcome=\"duplicate\",provider=\"bancamiga\",status=\"200\"} 1.0"), metrics);
            assertTrue(metrics.contains(
                    "paymenthub_webhook_requests_total{outcome=\"held\",provider=\"bancamiga\",status=\"200\"} 1.0"), metrics);
            assertTrue(metrics.contains(
                    "paymenthub_webhook_requests_total{outcome=\"rejected\",provider=\"bancamiga\",status=\"400\"} 1.0"), metrics);
            assertTrue(metrics.contains("paymenthub_outbox_pending 0.0"), metrics);
            assertTrue(metrics.contains("paymenthub_outbox_oldest_pending_seconds 0.0"), metrics);
        });
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no health check named " + name + " in " + health);
    }
}
