package io.paymenthub.bancamiga;

import java.time.Duration;
import java.util.UUID;

import io.paymenthub.partner.PartnerError;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.store.Database;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token pair's lifecycle in a real H2 store: seeding, when a refresh is due, and what health says. */
class BancamigaTokensTest {

    private final BancamigaSimulator bank = new BancamigaSimulator();
    private Database database;
    private BancamigaTokens tokens;

    @BeforeEach
    void openStore() {
        database = new Database("jdbc:h2:file:./target/test-data/tokens-" + UUID.randomUUID(), "sa", "", 2, 5000);
        database.migrate();
        tokens = new BancamigaTokens(database, Duration.ofDays(30));
    }

    @AfterEach
    void closeStore() {
        database.stop();
    }

    @Test
    void aFreshYearLongTokenNeedsNoRefreshAndHealthIsUp() throws Exception {
        String[] pair = bank.issueInitialPair();

        assertTrue(tokens.seed(pair[0], pair[1]));

        assertFalse(tokens.refreshDue());
        assertEquals(HealthCheck.State.UP, health().getState());
    }

    @Test
    void aTokenExpiringWithinThirtyDaysIsDueAndWithinTwentyDaysHealthSaysWhy() throws Exception {
        String[] pair = bank.tokenLifetime(Duration.ofDays(10)).issueInitialPair();
        tokens.seed(pair[0], pair[1]);

        assertTrue(tokens.refreshDue());
        HealthCheck.Result result = health();
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").contains("expires"), result.getMessage().orElse(""));
    }

    @Test
    void anExpiredTokenTurnsHealthDownWithTheManualRemedy() throws Exception {
        String[] pair = bank.tokenLifetime(Duration.ofSeconds(-60)).issueInitialPair();
        tokens.seed(pair[0], pair[1]);

        HealthCheck.Result result = health();

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").contains("expired"));
    }

    @Test
    void aFailedRefreshIsRetriedButFarFromExpiryHealthStaysUpWithTheReason() throws Exception {
        String[] pair = bank.issueInitialPair();
        tokens.seed(pair[0], pair[1]);
        var exchange = new org.apache.camel.support.DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                BancamigaCode.error(PartnerError.Kind.UNAVAILABLE, 500, "Bancamiga answered HTTP 500"));

        tokens.refreshFailed(exchange);

        assertTrue(tokens.refreshDue(), "the next check retries");
        HealthCheck.Result result = health();
        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals("Bancamiga answered HTTP 500", result.getDetails().get("lastRefreshError"));
    }

    @Test
    void aNewlyConfiguredPairReplacesTheStoredOneButTheSameConfiguredPairDoesNot() throws Exception {
        String[] first = bank.issueInitialPair();
        tokens.seed(first[0], first[1]);
        tokens.refreshed(new BancamigaApi.TokenPair("refreshed-access", "refreshed-refresh", null));

        tokens.seed(first[0], first[1]);
        assertEquals("refreshed-access", tokens.state().accessToken(), "a restart keeps the newest pair");

        String[] second = bank.issueInitialPair();
        tokens.seed(second[0], second[1]);
        assertEquals(second[0], tokens.state().accessToken(), "an operator's new pair is adopted");
    }

    private HealthCheck.Result health() {
        var check = BancamigaConfiguration.tokenHealthCheck(tokens, Duration.ofDays(20));
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }
}
