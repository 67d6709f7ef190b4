package io.paymenthub.bancamiga;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.paymenthub.bancamiga.BancamigaReconciler.FindTarget;
import io.paymenthub.bancamiga.BancamigaTokens;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Bancamiga invalidates the old access token the moment a refresh issues the new pair. A find or a history call
 * that starts while a refresh is in flight waits for it and goes out with the new token: none carries a replaced
 * token, and the history call (once in 10 minutes) is never spent on one.
 */
class BancamigaTokenRefreshRaceTest extends RunnerTestSupport {

    private static final BancamigaSimulator BANK = new BancamigaSimulator().started();
    private static final String[] FIRST_PAIR = BANK.issueInitialPair();
    private static final String WATCHED = "584240000021";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.ofEntries(
                Map.entry("bancamiga.base-url", BANK.baseUrl()),
                Map.entry("bancamiga.access-token", FIRST_PAIR[0]),
                Map.entry("bancamiga.refresh-token", FIRST_PAIR[1]),
                Map.entry("bancamiga.find.watch", WATCHED + ":0172"),
                Map.entry("bancamiga.find.cron", "0 0 0 1 1 ? 2099"),
                Map.entry("bancamiga.history.cron", "0 0 0 1 1 ? 2099"),
                Map.entry("bancamiga.token.refresh.cron", "0 0 0 1 1 ? 2099"),
                Map.entry("bancamiga.token.check.cron", "0 0 0 1 1 ? 2099"));
    }

    @AfterAll
    void stopBank() {
        Secrets.remember(BANK.issuedTokens().toArray(String[]::new));
        BANK.stop();
    }

    @Test
    void aFindAndAHistoryCallStartedDuringARefreshWaitForItAndCarryTheNewToken() throws Exception {
        String refpk = BANK.receiveNow(WATCHED, "0172", "3.21").path("Refpk").asText();
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(-4));
        int finds = BANK.findCalls();
        int refreshes = BANK.refreshCalls();
        BANK.holdRefreshAnswers();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> refresh = pool.submit(() -> template.sendBody("direct:bancamiga-refresh-token", null));
            // the bank has rotated the pair: the old access token is dead, the new one not yet known to the runner
            await().atMost(Duration.ofSeconds(10)).until(() -> BANK.refreshCalls() == refreshes + 1);

            Future<Object> find = pool.submit(() -> template.requestBody("direct:bancamiga-find", new FindTarget(WATCHED, "0172", today)));
            Future<?> history = pool.submit(() -> template.sendBody("direct:bancamiga-history", today));
            // neither goes out while the refresh is in flight
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                    .until(() -> BANK.findCalls() == finds && BANK.historyCalls().isEmpty());

            BANK.releaseRefreshAnswers();
            refresh.get(20, TimeUnit.SECONDS);
            find.get(20, TimeUnit.SECONDS);
            history.get(20, TimeUnit.SECONDS);
        } finally {
            BANK.releaseRefreshAnswers();
            pool.shutdownNow();
        }

        assertEquals(List.of(), BANK.staleTokenCalls(), "no call carried the replaced token");
        assertEquals(finds + 1, BANK.findCalls());
        assertEquals(1, BANK.historyCalls().size(), "one history call, spent on the new token");
        assertEquals(List.of(), BANK.violations());
        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE provider = 'bancamiga' AND external_id = ?", refpk),
                "find and history, both answered, found the payment (whichever went first stored it)");
        String stored = context.getRegistry().lookupByNameAndType("bancamigaTokens", BancamigaTokens.class).accessToken();
        assertNotEquals(FIRST_PAIR[0], stored);
        assertEquals(true, BANK.isValidAccessToken(stored));
    }
}
