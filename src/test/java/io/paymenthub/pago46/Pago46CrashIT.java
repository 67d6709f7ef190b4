package io.paymenthub.pago46;

import io.paymenthub.support.BusinessPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged runner, killed in the middle of a PAGO46 batch, and the sandbox as a new user tries it. */
class Pago46CrashIT {

    private static final String TOKEN = "test-webhook-token-pago46-77a1";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRunnerKilledWhileABatchIsInFlightLosesNothingAndNoTransactionIsAcceptedTwice() throws Exception {
        Pago46Simulator pago46 = Pago46TestSupport.simulator("provider");
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String topic = "payments.events.pago46-crash-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>(Pago46TestSupport.pago46Settings(pago46));
        settings.putAll(Map.of(
                "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                "kafka.topic", topic,
                "kafka.embedded.port", Integer.toString(FreePorts.next()),
                // WRITE_DELAY=0: H2 otherwise flushes commits up to ~0.5 s late, and a kill -9 loses
                // acknowledged payments (seen here with the default db.url; see the report)
                "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "pago46.batch.size", "10",
                "pago46.batch.max-wait", "300ms",
                "pago46.batch.lease", "3s",
                "pago46.response-timeout-ms", "2000"));
        Map<String, String> environment = Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN);
        List<String> ids = new ArrayList<>();
        try {
            try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, environment)) {
                List<String> first = post(runner, 10);
                ids.addAll(first);
                await().atMost(Duration.ofSeconds(30)).until(() -> pago46.acceptedCounts().keySet().containsAll(first));

                // the next batch reaches PAGO46 and hangs there; the runner dies before any answer
                pago46.holdRequests();
                ids.addAll(post(runner, 10));
                await().atMost(Duration.ofSeconds(30)).until(() -> pago46.heldRequests() > 0);
                runner.kill();
            }
            pago46.dropHeld();

            try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner-2.log")).start(settings, environment)) {
                ids.addAll(post(runner, 5));
                // the dead attempt's rows come back after the lease (3 s) and go in a new batch
                await().atMost(Duration.ofSeconds(60)).until(() -> pago46.acceptedCounts().keySet().containsAll(ids));
                Map<String, Integer> accepted = pago46.acceptedCounts();
                for (String id : ids) {
                    assertEquals(1, accepted.get(id), id + " accepted exactly once");
                }
                try (TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic)) {
                    List<Event> all = events.awaitEvents(Duration.ofSeconds(30),
                            seen -> Pago46TestSupport.transactionIds(Pago46TestSupport.batchEvents(seen)).containsAll(ids));
                    List<String> published = Pago46TestSupport.transactionIds(Pago46TestSupport.batchEvents(all));
                    assertEquals(ids.size(), published.size(), "each transaction in exactly one accepted event");
                    assertTrue(Pago46TestSupport.batchEvents(all).stream()
                            .allMatch(e -> e.value().path("type").asText().equals("pago46.registration.accepted")));
                    assertEquals(ids.size(), all.stream().filter(e -> e.value().path("type").asText().equals("payment.received")).count());
                }
                runner.stop(Duration.ofSeconds(60));
            }
        } finally {
            pago46.dropHeld();
            pago46.stop();
        }
    }

    @Test
    void inTheSandboxWebhookPaymentsAreRegisteredWithTheBuiltInSimulatorAndTheBatchEventReachesKafka() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String topic = "payments.events.pago46-sandbox-" + UUID.randomUUID();
        Map<String, String> settings = Map.of(
                "sandbox.enabled", "true",
                "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                "kafka.topic", topic,
                "kafka.embedded.port", Integer.toString(FreePorts.next()),
                "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN))) {
            List<String> ids = post(runner, 2);

            try (TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic)) {
                List<Event> all = events.awaitEvents(Duration.ofSeconds(30),
                        seen -> Pago46TestSupport.transactionIds(Pago46TestSupport.batchEvents(seen)).containsAll(ids));
                // the sandbox's own bank plays a payment now and then: a batch may carry it beside ours
                for (Event batch : Pago46TestSupport.batchEvents(all)) {
                    int transactions = Pago46TestSupport.transactionIds(List.of(batch)).size();
                    assertEquals("pago46.registration.accepted", batch.value().path("type").asText());
                    assertEquals(transactions + " transactions were successfully logged",
                            batch.value().path("data").path("partnerMessage").asText());
                }
            }
            String log = runner.log();
            assertTrue(log.contains("Sandbox PAGO46 simulator on http://127.0.0.1:"), "the sandbox says where PAGO46 is played");
            assertTrue(log.contains("PAGO46 registration is on"), "the flow is on with the sandbox credentials");
            runner.stop(Duration.ofSeconds(60));
        }
    }

    private List<String> post(RunnerProcess runner, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String reference = nextReference();
            HttpResponse<String> response = new BusinessPort(runner.httpPort).postJson("/webhooks/bancamiga", notification(reference),
                    "Authorization", "Bearer " + TOKEN);
            assertEquals(200, response.statusCode(), response.body());
            ids.add(refpk(reference));
        }
        return ids;
    }
}
