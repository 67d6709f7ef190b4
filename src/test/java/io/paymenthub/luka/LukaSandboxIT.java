package io.paymenthub.luka;

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
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Luka as a new user meets it (docs/partners.md, "The partners in the sandbox"): the packaged runner with sandbox.enabled=true,
 * the reference's last digit choosing Luka's answer, final states by webhook, by polling, and by expiry.
 */
class LukaSandboxIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyOutcomeOfTheSandboxReachesKafkaAsTheReadmeSays() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int kafkaPort = FreePorts.next();
        Map<String, String> settings = RunnerProcess.ownBrokerSettings(dir, kafkaPort, Map.of(
                "sandbox.enabled", "true",
                "sandbox.luka.resolve-after-seconds", "2",
                "sandbox.luka.deferred.poll.cron", "0/1 * * * * ?",
                "sandbox.luka.deferred.pending-after", "1s",
                "sandbox.luka.deferred.poll-interval", "1s",
                "sandbox.luka.deferred.expire-after", "8s"));

        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, Map.of());
             TopicReader events = new TopicReader("127.0.0.1:" + kafkaPort, "payments.events")) {
            String approved = register(runner, "30867220130", 200).path("paymentId").asText();
            String byWebhook = register(runner, "30867220134", 200).path("paymentId").asText();
            String rejectedLater = register(runner, "30867220136", 200).path("paymentId").asText();
            String byPolling = register(runner, "30867220137", 200).path("paymentId").asText();
            String rejected = register(runner, "30867220138", 200).path("paymentId").asText();
            String expires = register(runner, "30867220139", 200).path("paymentId").asText();
            assertEquals("el pago ya fue registrado", register(runner, "30867220130", 409).path("luka").path("mensaje").asText(""),
                    "the same payment under another trazaId");

            List<Event> seen = events.awaitEvents(Duration.ofSeconds(60), all ->
                    LukaTestSupport.statuses(all, expires).contains("EXPIRED")
                            && LukaTestSupport.statuses(all, byPolling).contains("APPROVED")
                            && LukaTestSupport.statuses(all, byWebhook).contains("APPROVED")
                            && LukaTestSupport.statuses(all, rejectedLater).contains("REJECTED"));

            assertEquals(List.of("APPROVED"), LukaTestSupport.statuses(seen, approved));
            assertEquals(List.of("REJECTED"), LukaTestSupport.statuses(seen, rejected));
            assertEquals(List.of("PENDING", "APPROVED"), LukaTestSupport.statuses(seen, byWebhook));
            assertEquals(List.of("PENDING", "REJECTED"), LukaTestSupport.statuses(seen, rejectedLater));
            assertEquals(List.of("PENDING", "APPROVED"), LukaTestSupport.statuses(seen, byPolling));
            assertEquals(List.of("PENDING", "EXPIRED"), LukaTestSupport.statuses(seen, expires));
            assertEquals("webhook", via(seen, byWebhook, "APPROVED"));
            assertEquals("poll", via(seen, byPolling, "APPROVED"));
            runner.stop(Duration.ofSeconds(60));
        }
    }

    private JsonNode register(RunnerProcess runner, String reference, int expectedStatus) throws Exception {
        String body = LukaTestSupport.registration(reference, "1.00", reference.endsWith("0") && expectedStatus == 409
                ? Map.of("trazaId", "another-order") : Map.of());
        HttpResponse<String> response = new BusinessPort(runner.httpPort).postJson("/api/v1/luka/pago-movil", body,
                "Authorization", "Bearer " + Sandbox.MERCHANT_API_KEY);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private static String via(List<Event> events, String paymentId, String status) {
        return events.stream().filter(e -> e.paymentId().equals(paymentId)
                        && e.value().path("data").path("status").asText().equals(status))
                .findFirst().orElseThrow().value().path("data").path("observedVia").asText();
    }
}
