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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.CuttableProxy;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database out of reach (an H2 server behind a proxy the test cuts): webhooks get 503, never 200,
 * health says the database is DOWN, and the runner recovers by itself when the database returns.
 */
class StoreOutageIT {

    private static final String TOKEN = "test-store-outage-webhook-token-51bd";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void whileTheStoreIsUnreachableWebhooksGet503AndTheRunnerRecoversByItself() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString()).toAbsolutePath();
        int dbPort = FreePorts.next();
        Server database = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-baseDir", dir.toString(),
                "-ifNotExists").start();
        try (CuttableProxy proxy = new CuttableProxy(dbPort)) {
            Map<String, String> settings = Map.of(
                    "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                    "kafka.topic", "payments.events.store-outage-" + UUID.randomUUID(),
                    "db.url", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/payments;WRITE_DELAY=0;DB_CLOSE_DELAY=-1",
                    "db.connection-timeout-ms", "1000");
            try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log"))
                    .start(settings, Map.of("BANCAMIGA_WEBHOOK_TOKEN", TOKEN))) {
                String before = nextReference();
                assertEquals(200, post(runner, notification(before)).statusCode());

                proxy.cut();
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> refused = post(runner, notification(nextReference()));
                    assertEquals(503, refused.statusCode(), refused.body());
                    assertFalse(new ObjectMapper().readTree(refused.body()).path("message").asText().isBlank());
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(503, runner.healthStatus(), health(runner)));
                assertTrue(health(runner).contains("\"name\":\"database\",\"status\":\"DOWN\""), health(runner));

                proxy.restore();
                String after = nextReference();
                await().atMost(Duration.ofSeconds(30)).until(() -> post(runner, notification(after)).statusCode() == 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> runner.healthStatus() == 200);
                try (TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), settings.get("kafka.topic"))) {
                    events.awaitPayments(Duration.ofSeconds(30), List.of("bancamiga:" + refpk(before), "bancamiga:" + refpk(after)));
                }
                assertEquals(1, runner.log().split("answered 503: the store is unavailable", -1).length - 1,
                        "one log line for the outage, not one per refused request");
                runner.stop(Duration.ofSeconds(60));
            }
        } finally {
            database.stop();
        }
    }

    private String health(RunnerProcess runner) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort + "/observe/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(RunnerProcess runner, String json) throws Exception {
        return new BusinessPort(runner.httpPort).postJson("/webhooks/bancamiga", json, "Authorization", "Bearer " + TOKEN);
    }
}
