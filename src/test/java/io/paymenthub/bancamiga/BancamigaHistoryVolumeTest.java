package io.paymenthub.bancamiga;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A busy day: one history answer of 10,000 credits is stored and published, every payment once. */
class BancamigaHistoryVolumeTest extends RunnerTestSupport {

    private static final BancamigaSimulator BANK = new BancamigaSimulator().started();
    private static final String[] PAIR = BANK.issueInitialPair();
    private static final int ITEMS = 10_000;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "bancamiga.base-url", BANK.baseUrl(),
                "bancamiga.access-token", PAIR[0],
                "bancamiga.refresh-token", PAIR[1],
                "bancamiga.history.cron", "0 0 0 1 1 ? 2099");
    }

    @AfterAll
    void stopBank() {
        Secrets.remember(BANK.issuedTokens().toArray(String[]::new));
        BANK.stop();
    }

    @Test
    void tenThousandItemHistoryAnswerIsStoredAndPublishedEachPaymentOnce() throws Exception {
        OffsetDateTime day = OffsetDateTime.now(BancamigaSimulator.VENEZUELA).minusDays(3).withHour(9);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            String phone = String.format("5841%08d", i);
            expected.add("bancamiga:" + BANK.receive(phone, "0134", "%d.%02d".formatted(1 + i % 900, i % 100),
                    day.plusSeconds(i)).path("Refpk").asText());
        }
        events().awaitEvents(Duration.ofSeconds(10), all -> true); // the reader is assigned before the clock starts

        long started = System.nanoTime();
        template.sendBody("direct:bancamiga-history", day.toLocalDate());
        long stored = System.nanoTime();
        // published: Kafka acknowledged every event (the relay deletes a row only then)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT COUNT(*) FROM outbox") == 0);
        long published = System.nanoTime();
        List<Event> events = events().awaitPayments(Duration.ofSeconds(120), expected);
        long readBack = System.nanoTime();

        System.out.printf("history of %d items: stored in %d ms, all published after %d ms, read back by a consumer"
                        + " (each event checked against the schema) after %d ms%n", ITEMS, (stored - started) / 1_000_000,
                (published - started) / 1_000_000, (readBack - started) / 1_000_000);
        // the sweep of a past day also closes that day: its reconciliation.day-closed records are not payment events
        Map<String, Long> perPayment = events.stream().filter(e -> e.value().path("type").asText().startsWith("payment."))
                .collect(Collectors.groupingBy(Event::paymentId, Collectors.counting()));
        assertEquals(expected, perPayment.keySet());
        assertEquals(Set.of(1L), new HashSet<>(perPayment.values()));
        assertEquals(ITEMS, count("SELECT COUNT(*) FROM payment WHERE observed_via = 'history'"));
    }

}
