package io.paymenthub;

import java.nio.charset.StandardCharsets;
import io.paymenthub.support.BusinessPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.paymenthub.support.FreePorts;
import io.paymenthub.support.KafkaTestBroker;
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

/**
 * Faults a production runner meets, with the packaged jar as a process: killed mid-load, and Kafka gone
 * for 30 s. Whatever got a 200 is stored and ends up on Kafka; raw duplicates are counted and must
 * carry the same CloudEvent id.
 */
class ReliabilityIT {

    private static final String TOKEN = "test-reliability-webhook-token-77aa";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killedMidLoadTheRunnerLosesNoAcknowledgedPaymentAndPublishesEachOnce() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String topic = "payments.events.crash-" + UUID.randomUUID();
        String dbFile = dir.resolve("db").toAbsolutePath().toString();
        Map<String, String> settings = Map.of(
                "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                "kafka.topic", topic,
                "db.url", "jdbc:h2:file:" + dbFile + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        Map<String, String> environment = Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();

        RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, environment);
        ExecutorService load = Executors.newFixedThreadPool(16);
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            references.add(nextReference());
        }
        for (String reference : references) {
            load.submit(() -> {
                if (post(runner, notification(reference)) == 200) {
                    acknowledged.add(refpk(reference));
                } else {
                    refused.incrementAndGet();
                }
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 2000);
        runner.kill();
        load.shutdown();
        assertTrue(load.awaitTermination(120, TimeUnit.SECONDS));
        int acknowledgedAtKill = acknowledged.size();

        try (RunnerProcess restarted = new RunnerProcess(dir.resolve("runner-2.log")).start(settings, environment);
             TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic)) {
            Set<String> expected = acknowledged.stream().map(r -> "bancamiga:" + r).collect(Collectors.toSet());
            List<Event> all = events.awaitPayments(Duration.ofSeconds(120), expected);
            Map<String, List<Event>> byPayment = all.stream().collect(Collectors.groupingBy(Event::paymentId));
            long duplicates = byPayment.values().stream().mapToLong(list -> list.size() - 1).sum();
            for (List<Event> copies : byPayment.values()) {
                assertEquals(1, copies.stream().map(e -> e.value().path("id").asText()).distinct().count(),
                        "a redelivered event carries the same CloudEvent id");
            }
            System.out.printf("crash: %d sent, %d acknowledged before kill -9, %d refused or cut off, %d events read,"
                            + " %d raw duplicates, 0 lost%n", references.size(), acknowledgedAtKill, refused.get(),
                    all.size(), duplicates);
            restarted.stop(Duration.ofSeconds(60));
        }
        // every acknowledged payment is a row in the store
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dbFile, "sa", "");
             PreparedStatement s = c.prepareStatement("SELECT external_id FROM payment WHERE provider = 'bancamiga'");
             ResultSet rs = s.executeQuery()) {
            Set<String> stored = new java.util.HashSet<>();
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
            assertTrue(stored.containsAll(acknowledged), "every 200 is stored");
        }
    }

    @Test
    void withKafkaDownFor30sWebhooksAreStillAcknowledgedHealthSaysSoAndEveryEventFollows() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        int kafkaPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        Map<String, String> settings = Map.of(
                "kafka.brokers", broker.bootstrapServers(),
                "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        List<String> acknowledged = new ArrayList<>();
        try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log"))
                .start(settings, Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN))) {
            acknowledged.addAll(postAll(runner, 100));

            broker.stop();
            long outageStarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.healthStatus() == 503);
            String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort
                    + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"name\":\"kafka\",\"status\":\"DOWN\""), health);
            while (System.nanoTime() - outageStarted < TimeUnit.SECONDS.toNanos(30)) {
                acknowledged.addAll(postAll(runner, 20)); // webhooks keep being acknowledged
            }
            int duringOutage = acknowledged.size() - 100;

            broker = KafkaTestBroker.start(dir.resolve("kafka"), kafkaPort, controllerPort);
            acknowledged.addAll(postAll(runner, 100));
            try (TopicReader events = new TopicReader(broker.bootstrapServers(), "payments.events")) {
                List<Event> all = events.awaitPayments(Duration.ofSeconds(120),
                        acknowledged.stream().map(r -> "bancamiga:" + r).toList());
                Map<String, Long> perPayment = all.stream().collect(Collectors.groupingBy(Event::paymentId, Collectors.counting()));
                long duplicates = perPayment.values().stream().mapToLong(n -> n - 1).sum();
                System.out.printf("broker outage: %d acknowledged (%d during the 30 s outage), %d events read, %d raw duplicates%n",
                        acknowledged.size(), duringOutage, all.size(), duplicates);
                assertTrue(duringOutage > 0);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.healthStatus() == 200);
            assertTrue(runner.log().split("Outbox relay cannot publish", -1).length - 1 <= 1,
                    "the outage is logged once, not at every attempt");
            runner.stop(Duration.ofSeconds(60));
        } finally {
            broker.stop();
        }
    }

    private List<String> postAll(RunnerProcess runner, int n) {
        List<String> ok = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String reference = nextReference();
            assertEquals(200, post(runner, notification(reference)), "acknowledged whatever Kafka does");
            ok.add(refpk(reference));
        }
        return ok;
    }

    private int post(RunnerProcess runner, String json) {
        try {
            return new BusinessPort(runner.httpPort).send("POST", "/webhooks/bancamiga", json.getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10), "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN).statusCode();
        } catch (Exception e) {
            return -1; // cut off by the kill: not acknowledged
        }
    }

}
