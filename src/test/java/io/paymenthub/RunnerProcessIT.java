package io.paymenthub;

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

import io.paymenthub.support.FreePorts;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, tried as a user would: the packaged jar started from the project root,
 * configured by application.properties, -D settings and environment variables.
 */
class RunnerProcessIT {

    private static final String TOKEN = "test-webhook-token-3e8d21";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withEmptyKafkaBrokersTheRunnerStartsItsOwnBrokerPublishesAndKeepsEverythingAcrossARestart() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int kafkaPort = FreePorts.next();
        Map<String, String> settings = RunnerProcess.ownBrokerSettings(dir, kafkaPort, Map.of());
        // the token comes from the environment, as in production
        Map<String, String> environment = Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN);
        String first = nextReference();
        String firstId = "bancamiga:" + refpk(first);

        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, environment)) {
            System.out.printf("runner ready after %d ms, RSS %d MiB%n", runner.readyMillis(), runner.rssMiB());
            assertEquals(200, post(runner, notification(first)).statusCode());
            try (TopicReader events = new TopicReader("127.0.0.1:" + kafkaPort, "payments.events")) {
                events.awaitPayments(Duration.ofSeconds(30), List.of(firstId));
            }
            System.out.printf("runner RSS after first event %d MiB%n", runner.rssMiB());
            runner.stop(Duration.ofSeconds(60));
            assertTrue(runner.log().contains("Stopping embedded Kafka broker"), "the broker is stopped, not cut off");
        }

        String second = nextReference();
        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner-2.log")).start(settings, environment)) {
            HttpResponse<String> repeat = post(runner, notification(first));
            assertEquals(200, repeat.statusCode(), "a Refpk stored before the restart is acknowledged again");
            assertEquals(200, post(runner, notification(second)).statusCode());
            try (TopicReader events = new TopicReader("127.0.0.1:" + kafkaPort, "payments.events")) {
                List<Event> all = events.awaitPayments(Duration.ofSeconds(30), List.of(firstId, "bancamiga:" + refpk(second)));
                assertEquals(1, all.stream().filter(e -> e.paymentId().equals(firstId)).count(),
                        "the restart neither loses nor republishes the first payment");
            }
            runner.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void withKafkaBrokersSetAndNoWebhookTokenTheRunnerUsesTheClusterAndRefusesEveryWebhook() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int embeddedPort = FreePorts.next();
        Map<String, String> settings = Map.of(
                "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                "kafka.embedded.port", Integer.toString(embeddedPort),
                "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");

        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, Map.of())) {
            HttpResponse<String> response = post(runner, notification(nextReference()));

            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains("no token configured"), response.body());
            assertFalse(FreePorts.isListening(embeddedPort), "no embedded broker is started");
            String log = runner.log();
            assertTrue(log.contains("bancamiga.webhook.token is not set"), "one clear line at start says why");
            assertTrue(log.contains("Publishing to the Kafka cluster at " + KafkaTestBroker.shared().bootstrapServers()));
            runner.stop(Duration.ofSeconds(60));
        }
    }

    private HttpResponse<String> post(RunnerProcess runner, String json) throws Exception {
        return new BusinessPort(runner.httpPort).postJson("/webhooks/bancamiga", json, "Authorization", "Bearer " + TOKEN);
    }
}
