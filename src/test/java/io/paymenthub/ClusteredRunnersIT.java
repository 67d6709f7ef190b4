package io.paymenthub;

import io.paymenthub.support.BusinessPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.PostgresTestSupport;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged runners (separate JVMs) on one PostgreSQL schema and one Kafka broker, with cluster.enabled=true,
 * as docs/clustering.md ("Running several instances") describes: webhooks to both, singleton timers firing on one instance at a
 * time, and the survivor taking over when the other is killed.
 */
class ClusteredRunnersIT {

    private static final String TOKEN = "test-webhook-token-cluster-3e8d";
    private static final String WATCHED_PHONE = "584240000031";
    private static final String WATCHED_BANK = "0172";
    private static final long CHECKIN_MS = 3000;
    private static final long FIND_PERIOD_MS = 2000;
    /** Quartz declares an instance dead once it missed check-ins for its interval plus this fixed grace. */
    private static final long QUARTZ_GRACE_MS = 7500;
    /** Takeover bound: detection (check-in + grace), one period of the timer, and slack for this noisy machine. */
    private static final Duration TAKEOVER_BOUND = Duration.ofMillis(CHECKIN_MS + QUARTZ_GRACE_MS + FIND_PERIOD_MS + 15_000);
    private static final int LOAD_WEBHOOKS = 800;
    private static final int LOAD_THREADS = 8;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoInstancesPublishEachPaymentOnceCallHistoryOnceRegisterEachTransactionOnceAndTheSurvivorTakesOver()
            throws Exception {
        BancamigaSimulator bank = new BancamigaSimulator().started();
        Pago46Simulator pago46 = Pago46TestSupport.simulator("provider");
        String dbUrl = PostgresTestSupport.freshSchemaUrl("clustered_runners");
        String topic = "payments.events.cluster-" + UUID.randomUUID();
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String[] pair = bank.issueInitialPair();

        Map<String, String> shared = new HashMap<>(Pago46TestSupport.pago46Settings(pago46));
        shared.putAll(Map.ofEntries(
                Map.entry("cluster.enabled", "true"),
                Map.entry("cluster.checkin-interval-ms", Long.toString(CHECKIN_MS)),
                Map.entry("db.user", PostgresTestSupport.USER),
                Map.entry("kafka.brokers", KafkaTestBroker.shared().bootstrapServers()),
                Map.entry("kafka.topic", topic),
                Map.entry("bancamiga.base-url", bank.baseUrl()),
                Map.entry("bancamiga.find.watch", WATCHED_PHONE + ":" + WATCHED_BANK),
                Map.entry("bancamiga.find.cron", "0/2 * * * * ?"),
                // history is due every 3 s here: only the database's 10-minute slot keeps it to one call
                Map.entry("bancamiga.history.cron", "0/3 * * * * ?"),
                Map.entry("pago46.poll-interval-ms", "500"),
                Map.entry("pago46.batch.size", "200"),
                Map.entry("pago46.batch.max-wait", "300ms"),
                Map.entry("pago46.batch.lease", "15s"),
                Map.entry("pago46.response-timeout-ms", "5000")));
        Map<String, String> environment = Map.of(
                "BANCAMIGA_WEBHOOK_TOKEN", TOKEN,
                "BANCAMIGA_ACCESS_TOKEN", pair[0],
                "BANCAMIGA_REFRESH_TOKEN", pair[1],
                "DB_PASSWORD", PostgresTestSupport.PASSWORD);

        StringBuilder sizing = new StringBuilder("Two clustered runners, " + LocalDate.now() + ", one PostgreSQL 15 schema, "
                + "one Kafka broker, all on this machine; load average at start: " + loadAverage() + "\n");
        try (RunnerProcess a = new RunnerProcess(dir.resolve("runner-a.log"));
             RunnerProcess b = new RunnerProcess(dir.resolve("runner-b.log"));
             TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic)) {
            // started together on the empty schema, as replicas of one deployment are: the same settings but for the
            // ports and the name each instance gives its PostgreSQL connections
            CompletableFuture<RunnerProcess> startingA = CompletableFuture.supplyAsync(() ->
                    start(a, with(shared, "db.url", dbUrl + "&ApplicationName=payment-hub-a"), environment));
            start(b, with(shared, "db.url", dbUrl + "&ApplicationName=payment-hub-b"), environment);
            startingA.join();
            sizing.append("ready after start: a ").append(a.readyMillis()).append(" ms, b ").append(b.readyMillis()).append(" ms\n");
            List<RunnerProcess> both = List.of(a, b);
            long windowStart = System.currentTimeMillis();
            Map<RunnerProcess, Long> findsAtStart = exchanges(both, "bancamiga-find-poller");

            // credits only find (and history) can see; two of them also come by webhook, to each instance
            List<String> expected = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                JsonNode item = bank.receiveNow(WATCHED_PHONE, WATCHED_BANK, "12.3" + i);
                expected.add(item.path("Refpk").asText());
                if (i < 2) {
                    assertEquals(200, bank.deliverWebhook(webhookUrl(a), TOKEN, item));
                    assertEquals(200, bank.deliverWebhook(webhookUrl(b), TOKEN, item));
                }
            }

            // webhooks posted alternately to both instances by concurrent clients; every one must be answered 200
            long loadStart = System.nanoTime();
            AtomicLong peakRssA = new AtomicLong();
            AtomicLong peakRssB = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(LOAD_THREADS);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < LOAD_WEBHOOKS; i++) {
                RunnerProcess target = i % 2 == 0 ? a : b;
                sent.add(clients.submit(() -> {
                    String reference = nextReference();
                    HttpResponse<String> answer = postWebhook(target, notification(reference));
                    assertEquals(200, answer.statusCode(), answer.body());
                    expected.add(refpk(reference));
                    return null;
                }));
            }
            Map<String, Long> connectionsUnderLoad = Map.of();
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).get();
                if (i % 200 == 0) {
                    peakRssA.accumulateAndGet(a.rssMiB(), Math::max);
                    peakRssB.accumulateAndGet(b.rssMiB(), Math::max);
                    connectionsUnderLoad = postgresConnections(dbUrl);
                }
            }
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            clients.shutdown();
            sizing.append(String.format("webhooks: %d answered 200 in %.1f s by %d concurrent clients across both: %.0f/s%n",
                    LOAD_WEBHOOKS, seconds, LOAD_THREADS, LOAD_WEBHOOKS / seconds));
            sizing.append("RSS under load (MiB, peak of samples): a ").append(peakRssA.get()).append(", b ").append(peakRssB.get()).append('\n');
            sizing.append("PostgreSQL connections (pg_stat_activity by application_name) under load: ").append(connectionsUnderLoad).append('\n');

            // every payment reaches Kafka, and PAGO46 has registered every one of them
            Set<String> paymentIds = expected.stream().map(id -> "bancamiga:" + id).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(180)).until(() -> pago46.acceptedCounts().keySet().containsAll(expected));
            List<Event> seen = events.awaitEvents(Duration.ofSeconds(120), all -> receivedIds(all).containsAll(paymentIds)
                    && Pago46TestSupport.transactionIds(Pago46TestSupport.batchEvents(all)).containsAll(expected));

            // each payment exactly once: one CloudEvent id per payment, and no record published twice
            List<Event> received = seen.stream().filter(e -> e.value().path("type").asText().equals("payment.received")).toList();
            Set<String> distinctEventIds = received.stream().map(e -> e.value().path("id").asText()).collect(Collectors.toSet());
            int rawDuplicates = received.size() - distinctEventIds.size();
            sizing.append("payment.received records: ").append(received.size()).append(", distinct CloudEvent ids: ")
                    .append(distinctEventIds.size()).append(", raw duplicates: ").append(rawDuplicates).append('\n');
            assertEquals(paymentIds, receivedIds(received), "one event for exactly the payments sent");
            assertEquals(paymentIds.size(), distinctEventIds.size(), "one CloudEvent id per payment");

            // each PAGO46 transaction accepted once
            assertAcceptedOnce(pago46, expected);

            // history: due every 3 s on whichever instance, called once; the bank saw no violation
            Map<RunnerProcess, Long> historyTicks = exchanges(both, "bancamiga-history-poller");
            assertTrue(historyTicks.values().stream().mapToLong(Long::longValue).sum() >= 3, "history ticks: " + historyTicks);
            assertEquals(1, bank.historyCalls().size(), "history calls: " + bank.historyCalls());
            assertEquals(List.of(), bank.violations());

            // each find firing ran on one instance only: no more runs than 2-second slots in the window, give or take
            // the firing each instance may have had in flight when counting began (timers in memory would run each twice)
            Map<RunnerProcess, Long> finds = exchanges(both, "bancamiga-find-poller");
            long windowMs = System.currentTimeMillis() - windowStart;
            long ran = (finds.get(a) - findsAtStart.get(a)) + (finds.get(b) - findsAtStart.get(b));
            long slots = windowMs / FIND_PERIOD_MS + 1;
            sizing.append("find firings in ").append(windowMs).append(" ms: a ").append(finds.get(a) - findsAtStart.get(a))
                    .append(", b ").append(finds.get(b) - findsAtStart.get(b)).append(" (slots: ").append(slots).append(")\n");
            assertTrue(ran <= slots + 2, "find ran " + ran + " times in " + slots + " slots: some firing ran on both");
            assertTrue(ran >= slots / 2, "find ran " + ran + " times in " + slots + " slots");

            // kill -9 the instance that has run the find poller more often (it holds the timers now)
            RunnerProcess victim = finds.get(a) >= finds.get(b) ? a : b;
            RunnerProcess survivor = victim == a ? b : a;
            assertTrue(finds.get(victim) > 0, "the killed instance ran singleton jobs: " + finds);
            sizing.append("killed: ").append(victim == a ? "a" : "b").append(" (find runs a ").append(finds.get(a))
                    .append(", b ").append(finds.get(b)).append(")\n");
            int findCallsBefore = bank.findCalls();
            long killedAt = System.nanoTime();
            victim.kill();

            // after the kill: a credit only find sees, and webhooks to the survivor that only its forwarder can send
            JsonNode late = bank.receiveNow(WATCHED_PHONE, WATCHED_BANK, "45.60");
            List<String> afterKill = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String reference = nextReference();
                assertEquals(200, postWebhook(survivor, notification(reference)).statusCode());
                afterKill.add(refpk(reference));
            }
            await().atMost(TAKEOVER_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> bank.findCalls() > findCallsBefore);
            long findTakeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            await().atMost(TAKEOVER_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> pago46.acceptedCounts().keySet().containsAll(afterKill));
            long pago46TakeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            sizing.append("after kill -9: survivor's first find call ").append(findTakeoverMs).append(" ms, PAGO46 accepted "
                    + "the survivor's new webhooks ").append(pago46TakeoverMs).append(" ms (check-in ").append(CHECKIN_MS)
                    .append(" ms, bound ").append(TAKEOVER_BOUND.toMillis()).append(" ms)\n");

            String lateId = "bancamiga:" + late.path("Refpk").asText();
            List<Event> afterwards = events.awaitEvents(Duration.ofSeconds(60), all -> receivedIds(all).contains(lateId)
                    && Pago46TestSupport.transactionIds(Pago46TestSupport.batchEvents(all)).containsAll(afterKill));
            Event lateEvent = afterwards.stream().filter(e -> e.paymentId().equals(lateId)).findFirst().orElseThrow();
            assertEquals("find", lateEvent.value().path("data").path("observedVia").asText(), "found by the survivor's poller");
            List<String> all = new ArrayList<>(expected);
            all.addAll(afterKill);
            all.add(late.path("Refpk").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> pago46.acceptedCounts().keySet().containsAll(all));
            assertAcceptedOnce(pago46, all);
            assertEquals(1, bank.historyCalls().size(), "history calls: " + bank.historyCalls());
            assertEquals(List.of(), bank.violations());

            sizing.append("RSS after the run (MiB): survivor ").append(survivor.rssMiB()).append("; load average now: ")
                    .append(loadAverage()).append('\n');
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "cluster-sizing.txt"), sizing.toString());
            String log = a.log() + b.log();
            assertTrue(!log.contains(pair[0]) && !log.contains(pair[1]), "no token in the logs");
            survivor.stop(Duration.ofSeconds(60));
            // checked last so that a failure here still shows everything above: both relays share the outbox
            assertEquals(0, rawDuplicates, "no record published twice (" + rawDuplicates + " duplicates)");
        } finally {
            System.out.print(sizing);
            bank.stop();
            pago46.stop();
        }
    }

    @Test
    void aClusteredRunnerRefusesToStartOnH2OrWithoutASharedKafka() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        RunnerProcess onH2 = new RunnerProcess(dir.resolve("runner-h2.log"));
        int exit = onH2.runToExit(Map.of("cluster.enabled", "true", "kafka.brokers", "127.0.0.1:1",
                "db.url", "jdbc:h2:file:./" + dir.resolve("db")), Map.of(), Duration.ofSeconds(60));
        assertNotEquals(0, exit);
        assertTrue(onH2.log().contains("cluster.enabled=true needs every instance on one PostgreSQL database, but db.url "
                + "is an H2 database"), onH2.log());

        RunnerProcess noKafka = new RunnerProcess(dir.resolve("runner-no-kafka.log"));
        exit = noKafka.runToExit(Map.of("cluster.enabled", "true", "kafka.brokers", "",
                "db.url", PostgresTestSupport.freshSchemaUrl("clustered_no_kafka"), "db.user", PostgresTestSupport.USER),
                Map.of("DB_PASSWORD", PostgresTestSupport.PASSWORD), Duration.ofSeconds(60));
        assertNotEquals(0, exit);
        assertTrue(noKafka.log().contains("cluster.enabled=true needs kafka.brokers"), noKafka.log());
        assertTrue(!noKafka.log().contains("starting an embedded Kafka broker"), "no broker of its own was started");
    }

    private static RunnerProcess start(RunnerProcess runner, Map<String, String> settings, Map<String, String> environment) {
        try {
            return runner.start(settings, environment);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    private static String webhookUrl(RunnerProcess runner) {
        return "http://127.0.0.1:" + runner.httpPort + "/webhooks/bancamiga";
    }

    private HttpResponse<String> postWebhook(RunnerProcess runner, String body) throws IOException, InterruptedException {
        try {
            return new BusinessPort(runner.httpPort).postJson("/webhooks/bancamiga", body, "Authorization", "Bearer " + TOKEN);
        } catch (IOException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Set<String> receivedIds(List<Event> events) {
        return events.stream().filter(e -> e.value().path("type").asText().equals("payment.received"))
                .map(Event::paymentId).collect(Collectors.toSet());
    }

    private static void assertAcceptedOnce(Pago46Simulator pago46, List<String> ids) {
        Map<String, Integer> accepted = pago46.acceptedCounts();
        List<String> notOnce = ids.stream().filter(id -> accepted.getOrDefault(id, 0) != 1).toList();
        assertEquals(List.of(), notOnce, "transactions not accepted exactly once");
        assertEquals(new HashSet<>(ids), accepted.keySet(), "PAGO46 accepted exactly the transactions sent");
    }

    /** How many exchanges a route has completed on each instance, read from its Prometheus metrics. */
    private Map<RunnerProcess, Long> exchanges(List<RunnerProcess> runners, String routeId) throws Exception {
        Map<RunnerProcess, Long> counts = new HashMap<>();
        for (RunnerProcess runner : runners) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort
                    + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            counts.put(runner, metrics.lines()
                    .filter(l -> l.startsWith("camel_exchanges_total{") && l.contains("routeId=\"" + routeId + "\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        }
        return counts;
    }

    /** The machine's 1, 5 and 15-minute load averages (2 cores shared with other builds): context for every figure. */
    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** Open connections per application_name (each instance names its own through db.url). */
    private static Map<String, Long> postgresConnections(String dbUrl) throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresTestSupport.USER, PostgresTestSupport.PASSWORD);
             PreparedStatement s = c.prepareStatement("SELECT application_name, count(*) FROM pg_stat_activity "
                     + "WHERE application_name LIKE 'payment-hub-%' GROUP BY application_name");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
