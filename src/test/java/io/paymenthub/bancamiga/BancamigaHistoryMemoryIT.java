package io.paymenthub.bancamiga;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.BancamigaSimulator.GeneratedDay;
import io.paymenthub.support.KafkaTestBroker;
import io.paymenthub.support.RunnerProcess;
import io.paymenthub.support.TopicReader;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A supermarket chain's day: a history answer of 60,000 credits (about 28 MB of JSON) to the packaged runner
 * with a 96 MiB heap, half the launcher's. Reading the answer whole (as text, then as a tree) needs several
 * times that and ended in an OutOfMemoryError with nothing stored; read as a stream and stored 500 to a
 * transaction, every payment is stored and published once, and the runner is still up.
 */
class BancamigaHistoryMemoryIT {

    private static final int ITEMS = 60_000;

    @Test
    void aSixtyThousandItemHistoryAnswerIsStoredAndPublishedOnceInANinetySixMegabyteHeap() throws Exception {
        BancamigaSimulator bank = new BancamigaSimulator().started();
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        String topic = "payments.events.history-memory-" + UUID.randomUUID();
        try {
            String[] pair = bank.issueInitialPair();
            GeneratedDay day = bank.receiveMany(LocalDate.now(BancamigaSimulator.VENEZUELA), ITEMS);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < ITEMS; i++) {
                expected.add("bancamiga:" + day.refpk(i));
            }
            Map<String, String> settings = Map.of(
                    "bancamiga.base-url", bank.baseUrl(),
                    "bancamiga.find.cron", "0 0 0 1 1 ? 2099",
                    "bancamiga.history.cron", "0/2 * * * * ?",
                    "bancamiga.after-midnight-minutes", "0",
                    "kafka.brokers", KafkaTestBroker.shared().bootstrapServers(),
                    "kafka.topic", topic,
                    "db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            Map<String, String> secrets = Map.of("BANCAMIGA_ACCESS_TOKEN", pair[0], "BANCAMIGA_REFRESH_TOKEN", pair[1]);

            try (RunnerProcess runner = new RunnerProcess(dir.resolve("runner.log"))
                    .jvmOptions("-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError").start(settings, secrets);
                 TopicReader events = new TopicReader(KafkaTestBroker.shared().bootstrapServers(), topic)) {
                long started = System.nanoTime();
                List<Event> seen = events.awaitEvents(Duration.ofSeconds(150), all -> {
                    assertTrue(runner.isAlive(), "the runner died; see " + dir.resolve("runner.log"));
                    return all.size() >= ITEMS;
                });
                long published = System.nanoTime();

                Map<String, Long> perPayment = seen.stream().collect(Collectors.groupingBy(Event::paymentId, Collectors.counting()));
                assertEquals(expected, perPayment.keySet());
                assertEquals(Set.of(1L), new HashSet<>(perPayment.values()), "each payment published once");
                assertEquals(1, bank.historyCalls().size(), "one history call; calls: " + bank.historyCalls());
                assertEquals(List.of(), bank.violations());
                assertTrue(runner.log().contains("Bancamiga history: " + ITEMS + " new payments of " + ITEMS + " items"), runner.log());
                assertTrue(!runner.log().contains("OutOfMemoryError"), "no OutOfMemoryError: see " + dir.resolve("runner.log"));
                System.out.printf("history of %d items with -Xmx96m: on Kafka %d ms after the runner was ready, peak RSS %d MiB%n",
                        ITEMS, (published - started) / 1_000_000, runner.peakRssMiB());
                runner.stop(Duration.ofSeconds(60));
            }
        } finally {
            bank.stop();
        }
    }
}
