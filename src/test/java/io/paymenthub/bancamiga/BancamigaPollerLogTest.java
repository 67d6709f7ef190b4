package io.paymenthub.bancamiga;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.BancamigaSimulator.Fault;
import io.paymenthub.support.LogLines;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the operator reads about a failing history sweep: one line naming the route and the failure's kind
 * and message, and "recovered" only after the bank actually answered, never after a tick the 10-minute rule
 * skipped.
 */
class BancamigaPollerLogTest extends RunnerTestSupport {

    private static final BancamigaSimulator BANK = new BancamigaSimulator().started();
    private static final String[] PAIR = BANK.issueInitialPair();

    /** Recording from before the runner starts: the first sweep may fail before the test method runs. */
    private static final LogLines LOG = LogLines.capture();

    static {
        // armed before the runner starts: its history timer fires every second from the start, and a first sweep the
        // bank answered would take the 10-minute slot before the fault is in place
        BANK.failNext(BancamigaSimulator.HISTORY_PATH, Fault.SERVER_ERROR, 1);
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "bancamiga.base-url", BANK.baseUrl(),
                "bancamiga.access-token", PAIR[0],
                "bancamiga.refresh-token", PAIR[1],
                "bancamiga.find.cron", "0 0 0 1 1 ? 2099",
                "bancamiga.history.cron", "0/1 * * * * ?",
                "bancamiga.after-midnight-minutes", "0");
    }

    @AfterAll
    void stopBank() {
        Secrets.remember(BANK.issuedTokens().toArray(String[]::new));
        BANK.stop();
        LOG.close();
    }

    @Test
    void aFailedSweepIsOneLineWithRouteKindAndMessageAndOnlyARealCallEndsTheOutage() throws Exception {
        LogLines log = LOG;
        String failed = "bancamiga-history-poller failed: BancamigaError: Bancamiga answered HTTP 500";
        await().atMost(Duration.ofSeconds(30)).until(() -> !log.warnings(failed).isEmpty());

        // the failed call took the 10-minute slot: the next ticks skip the bank, which proves nothing
        NotifyBuilder skipped = new NotifyBuilder(context).fromRoute("bancamiga-history-poller").whenDone(3).create();
        assertTrue(skipped.matches(30, TimeUnit.SECONDS), "the history timer fires every second");
        assertEquals(1, BANK.historyCalls().size(), "calls: " + BANK.historyCalls());
        assertEquals(0, log.containing("recovered").size(), "skipped ticks are not a recovery: " + log.containing("recovered"));

        // ten minutes later (played by freeing the slot on both sides) the bank answers: that, and only that,
        // is the recovery
        BANK.receive("584161234567", "0134", "10.00", OffsetDateTime.now(BancamigaSimulator.VENEZUELA));
        BANK.historyMinInterval(Duration.ZERO);
        freeHistorySlot();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !log.containing("bancamiga-history-poller recovered").isEmpty());

        assertTrue(BANK.historyCalls().size() >= 2);
        assertEquals(1, log.warnings("bancamiga-history-poller failed").size(), "one line per outage");
        assertEquals(1, log.containing("recovered").size());
        assertTrue(log.lines().stream().noneMatch(l -> l.message().contains("Exception occurred during execution")),
                "the failure is named, not Camel's wrapper");
    }

    private void freeHistorySlot() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE call_rate_limit SET last_call_at = TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
                    + " WHERE name = 'bancamiga.history'");
        }
    }
}
