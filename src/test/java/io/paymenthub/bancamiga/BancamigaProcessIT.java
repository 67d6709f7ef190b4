package io.paymenthub.bancamiga;

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
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bancamiga as a user meets it with the packaged runner: the sandbox, and the 10-minute rule across a restart. */
class BancamigaProcessIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sandboxPollsTheSimulatorPublishesEventsAndVerifiesAPayment() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int kafkaPort = FreePorts.next();
        Map<String, String> settings = RunnerProcess.ownBrokerSettings(dir, kafkaPort, Map.of(
                "sandbox.enabled", "true",
                "sandbox.bancamiga.payment-interval-seconds", "1",
                "sandbox.bancamiga.find.cron", "0/2 * * * * ?"));

        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, Map.of());
             TopicReader events = new TopicReader("127.0.0.1:" + kafkaPort, "payments.events")) {
            List<Event> seen = events.awaitEvents(Duration.ofSeconds(60), all ->
                    all.stream().anyMatch(e -> via(e).equals("webhook")) && all.stream().anyMatch(e -> via(e).equals("find")));

            JsonNode data = seen.get(0).value().path("data");
            String claim = new ObjectMapper().createObjectNode()
                    .put("phone", data.path("payer").path("phone").asText())
                    .put("bank", data.path("payer").path("bank").asText())
                    .put("reference", data.path("reference").asText())
                    .put("amount", data.path("amount").asText())
                    .put("date", data.path("occurredAt").asText().substring(0, 10)).toString();
            // the README's sandbox key
            HttpResponse<String> answer = new BusinessPort(runner.httpPort).postJson("/api/v1/pago-movil/verifications", claim,
                    "Authorization", "Bearer " + Sandbox.MERCHANT_API_KEY);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("VERIFIED", new ObjectMapper().readTree(answer.body()).path("status").asText());
            runner.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void sandboxRefusesToStartWhenARealPartnerCredentialIsSet() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log"));

        int exit = runner.runToExit(Map.of("sandbox.enabled", "true",
                        "kafka.brokers", "127.0.0.1:1",
                        "db.url", "jdbc:h2:file:./" + dir.resolve("db")),
                Map.of("BANCAMIGA_ACCESS_TOKEN", "a-real-looking-token"), Duration.ofSeconds(60));

        assertNotEquals(0, exit);
        assertTrue(runner.log().contains("sandbox.enabled=true but bancamiga.access-token is set"), runner.log());
        assertTrue(!runner.log().contains("a-real-looking-token"), "the credential itself is never logged");
    }

    @Test
    void historyIsNotCalledAgainWhenTheRunnerRestartsWithinTenMinutes() throws Exception {
        BancamigaSimulator bank = new BancamigaSimulator();
        bank.start();
        try {
            String[] pair = bank.issueInitialPair();
            Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
            Map<String, String> settings = Map.of(
                    "bancamiga.base-url", bank.baseUrl(),
                    "bancamiga.find.watch", "584240000021:0172",
                    "bancamiga.find.cron", "0/1 * * * * ?",
                    "bancamiga.history.cron", "0/1 * * * * ?",
                    "kafka.brokers", io.paymenthub.support.KafkaTestBroker.shared().bootstrapServers(),
                    "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            Map<String, String> secrets = Map.of("BANCAMIGA_ACCESS_TOKEN", pair[0], "BANCAMIGA_REFRESH_TOKEN", pair[1]);

            try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, secrets)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> bank.historyCalls().size() == 1);
                runner.stop(Duration.ofSeconds(60));
            }
            try (RunnerProcess restarted = new RunnerProcess(dir.resolve("runner-2.log")).start(settings, secrets)) {
                int findCalls = bank.findCalls();
                // the restarted runner's timers are firing: find is polled every second, history too
                await().atMost(Duration.ofSeconds(30)).until(() -> bank.findCalls() >= findCalls + 4);
                assertEquals(1, bank.historyCalls().size(), "history calls: " + bank.historyCalls());
                assertEquals(List.of(), bank.violations());
                assertTrue(!restarted.log().contains(pair[0]) && !restarted.log().contains(pair[1]), "no token in the log");
                restarted.stop(Duration.ofSeconds(60));
            }
        } finally {
            bank.stop();
        }
    }

    private static String via(Event e) {
        return e.value().path("data").path("observedVia").asText();
    }
}
