package io.paymenthub.partner;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.paymenthub.partner.TokenHealthCheck.Token;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared token check's rules, for a token obtained by hand (Bancamiga) and one obtained by logging in (Luka). */
class TokenHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration ALERT = Duration.ofDays(20);

    @Test
    void byHandATokenFarFromExpiryIsUpWithItsExpiry() {
        HealthCheck.Result result = byHand(() -> new Token(true, NOW.plus(Duration.ofDays(300)), null, null));

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(NOW.plus(Duration.ofDays(300)).toString(), result.getDetails().get("expiresAt"));
        assertFalse(result.getCheck().isLiveness(), "readiness only");
        assertEquals("bancamiga-token", result.getCheck().getId());
    }

    @Test
    void byHandNoTokenIsDownWithTheRemedy() {
        HealthCheck.Result result = byHand(() -> Token.none(null));

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("no Bancamiga token: set the pair", result.getMessage().orElse(""));
    }

    @Test
    void byHandAnUnknownExpiryIsUpUntilTheFirstRefresh() {
        HealthCheck.Result result = byHand(() -> new Token(true, null, null, null));

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals("unknown until the first refresh", result.getDetails().get("expiresAt"));
    }

    @Test
    void byHandWithinTheAlertWindowIsDownNamingTheLastRefreshError() {
        Instant expires = NOW.plus(Duration.ofDays(10));
        Instant failedAt = NOW.minus(Duration.ofHours(1));
        HealthCheck.Result result = byHand(() -> new Token(true, expires, "HTTP 500", failedAt));

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("the Bancamiga token expires at " + expires + " and has not been refreshed: HTTP 500",
                result.getMessage().orElse(""));
        assertEquals("HTTP 500", result.getDetails().get("lastRefreshError"));
        assertEquals(failedAt.toString(), result.getDetails().get("lastRefreshErrorAt"));
    }

    @Test
    void byHandAFailedRefreshFarFromExpiryIsADetailOnly() {
        HealthCheck.Result result = byHand(() -> new Token(true, NOW.plus(Duration.ofDays(300)), "HTTP 500", NOW));

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals("HTTP 500", result.getDetails().get("lastRefreshError"));
    }

    @Test
    void byHandAnExpiredTokenIsDownWithTheManualRemedy() {
        HealthCheck.Result result = byHand(() -> new Token(true, NOW, null, null));

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("the Bancamiga token expired at " + NOW + "; get a new pair", result.getMessage().orElse(""));
    }

    @Test
    void anUnreadableTokenIsDown() {
        HealthCheck.Result result = byHand(() -> {
            throw new SQLException("connection refused");
        });

        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("the token store is unreachable: connection refused", result.getMessage().orElse(""));
    }

    @Test
    void byLoginNoTokenYetIsUpUntilALoginFails() {
        HealthCheck.Result before = byLogin(() -> Token.none(null));
        assertEquals(HealthCheck.State.UP, before.getState());
        assertEquals("no token yet (login at the first call)", before.getDetails().get("tokenExpiresAt"));

        HealthCheck.Result refused = byLogin(() -> Token.none("Luka login refused: HTTP 401"));
        assertEquals(HealthCheck.State.DOWN, refused.getState());
        assertEquals("Luka login fails: Luka login refused: HTTP 401", refused.getMessage().orElse(""));
    }

    @Test
    void byLoginAFailedLoginWhileAValidTokenIsLeftIsUp() {
        HealthCheck.Result result = byLogin(() -> new Token(true, NOW.plus(Duration.ofMinutes(10)), "timed out", null));

        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(NOW.plus(Duration.ofMinutes(10)).toString(), result.getDetails().get("tokenExpiresAt"));
        assertFalse(result.getDetails().containsKey("lastRefreshError"), "a login's failure is said only when it matters");
    }

    @Test
    void byLoginAnExpiredTokenIsRenewedAtTheNextCallUnlessTheLastLoginFailed() {
        assertEquals(HealthCheck.State.UP, byLogin(() -> new Token(true, NOW.minusSeconds(1), null, null)).getState());
        assertEquals(HealthCheck.State.DOWN, byLogin(() -> new Token(true, NOW.minusSeconds(1), "HTTP 401", null)).getState());
    }

    @Test
    void aPartnersOwnDetailIsReadAtEveryCallAndItsFailureSaid() {
        TokenHealthCheck check = TokenHealthCheck.byLogin("luka", "Luka", () -> Token.none(null), Duration.ZERO, CLOCK)
                .withDetail("awaitingCheck", () -> 3L)
                .withDetail("broken", () -> {
                    throw new SQLException("store down");
                });

        HealthCheck.Result result = call(check);

        assertEquals(3L, result.getDetails().get("awaitingCheck"));
        assertEquals("unknown: store down", result.getDetails().get("broken"));
        assertTrue(result.getState() == HealthCheck.State.UP, "a detail never decides the state");
    }

    private static HealthCheck.Result byHand(TokenHealthCheck.Source source) {
        return call(TokenHealthCheck.byHand("bancamiga-token", "Bancamiga", source, ALERT, "set the pair",
                "get a new pair", CLOCK));
    }

    private static HealthCheck.Result byLogin(TokenHealthCheck.Source source) {
        return call(TokenHealthCheck.byLogin("luka", "Luka", source, Duration.ZERO, CLOCK));
    }

    private static HealthCheck.Result call(TokenHealthCheck check) {
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }
}
