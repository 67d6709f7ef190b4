package io.paymenthub.events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import io.paymenthub.events.OutboxEvent;
import io.paymenthub.support.OutboxSamples;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * Measures one relay draining a backlog of 5,000 committed events (what a Kafka outage leaves) with the default
 * batch size: the events are committed in one transaction, the relay is woken and the clock runs until none is
 * pending. Every event must then be on Kafka once, in commit order per key. The figure is printed and appended to
 * target/outbox-relay-bench.txt; {@link OutboxRelayThroughputPostgresTest} runs the same on PostgreSQL.
 */
class OutboxRelayThroughputTest extends RunnerTestSupport {

    private static final int EVENTS = 5_000;

    @Test
    void oneRelayDrainsFiveThousandEventsEachOnceInKeyOrder() throws Exception {
        List<OutboxEvent> backlog = OutboxSamples.events(EVENTS);
        OutboxSamples.commit(dbUrl, dbUser, dbPassword, backlog, EVENTS);

        long start = System.nanoTime();
        template.sendBody("seda:outbox-wake?discardWhenFull=true", "");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT COUNT(*) FROM outbox") == 0);
        long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);

        OutboxSamples.assertEachPublishedOnceInKeyOrder(backlog,
                OutboxSamples.awaitAll(events(), backlog, Duration.ofSeconds(60)));
        String line = String.format("outbox relay: %d events drained in %d ms = %d events/s (%s, batches of 500)%n",
                EVENTS, millis, EVENTS * 1000L / millis, onPostgres() ? "PostgreSQL" : "H2 file");
        System.out.print(line);
        Files.writeString(Path.of("target", "outbox-relay-bench.txt"), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
