package io.paymenthub;

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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.RunnerProcess;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * db.url spelled as H2's documentation writes it, with none of the default URL's settings: the runner is killed
 * (kill -9) under webhook load, restarted, and every payment it acknowledged is in the store. It lost some when
 * the URL lacked WRITE_DELAY=0 (H2 then writes commits to the file up to 500 ms after they return).
 */
class PlainH2UrlCrashIT {

    private static final String TOKEN = "test-plain-url-crash-token-2c4f";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void withAPlainFileUrlAKilledRunnerLosesNoAcknowledgedPayment() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String dbFile = dir.resolve("db").toAbsolutePath().toString();
        Map<String, String> settings = Map.of(
                "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                "kafka.topic", "payments.events.plain-url-" + UUID.randomUUID(),
                "db.url", "jdbc:h2:file:" + dbFile);
        Map<String, String> environment = Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();

        RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log")).start(settings, environment);
        ExecutorService load = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 3000; i++) {
            String reference = nextReference();
            load.submit(() -> {
                if (post(runner, notification(reference)) == 200) {
                    acknowledged.add(refpk(reference));
                }
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 1000);
        runner.kill();
        load.shutdownNow();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));

        try (RunnerProcess restarted = new RunnerProcess(dir.resolve("runner-2.log")).start(settings, environment)) {
            restarted.stop(Duration.ofSeconds(60)); // it opened the killed file: H2 recovered it
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dbFile, "sa", "");
             PreparedStatement s = c.prepareStatement("SELECT external_id FROM payment WHERE provider = 'bancamiga'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        System.out.printf("plain H2 URL, kill -9: %d acknowledged, %d stored after restart, %d lost%n",
                acknowledged.size(), stored.size(), lost.size());
        assertEquals(Set.of(), lost, "every acknowledged payment is stored");
    }

    private int post(RunnerProcess runner, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.httpPort + "/webhooks/bancamiga"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1; // cut off by the kill: not acknowledged
        }
    }
}
