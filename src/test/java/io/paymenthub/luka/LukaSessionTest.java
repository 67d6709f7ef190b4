package io.paymenthub.luka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import io.paymenthub.partner.PartnerError;
import io.paymenthub.settings.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JWT's lifecycle: renewed ahead of exp, dropped on a 401, and the schedule of deferred checks. */
class LukaSessionTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final LukaSettings settings = settings(Map.of("luka.token.renew-before", "5m"));
    private final LukaSession session = new LukaSession(settings, clock);

    @Test
    void theTokenIsRenewedRenewBeforeAheadOfItsExp() {
        assertTrue(session.needsLogin(), "no token yet");
        session.loggedIn(loginAnswer(200, jwt(clock.instant().plus(Duration.ofHours(4)))));

        assertFalse(session.needsLogin());
        clock.advance(Duration.ofHours(4).minusMinutes(5).minusSeconds(1));
        assertFalse(session.needsLogin());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(session.needsLogin(), "5 minutes before exp");
        assertTrue(session.hasValidToken(), "still usable while the renewal happens");
    }

    @Test
    void aTokenLivingLessThanTwiceRenewBeforeIsUsedForHalfItsLife() {
        session.loggedIn(loginAnswer(200, jwt(clock.instant().plusSeconds(120))));

        clock.advance(Duration.ofSeconds(59));
        assertFalse(session.needsLogin());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(session.needsLogin());
    }

    @Test
    void aTokenWithoutExpIsRenewedAfterTheAssumedLifetime() {
        session.loggedIn(loginAnswer(200, "Bearer opaque-token"));

        assertEquals("opaque-token", session.token(), "a Bearer prefix in the header is not part of the token");
        clock.advance(LukaSettings.ASSUMED_TOKEN_LIFETIME.minus(Duration.ofMinutes(5)));
        assertTrue(session.needsLogin());
    }

    @Test
    void a401DropsTheTokenItWasSentWithButNotANewerOne() {
        String first = jwt(clock.instant().plus(Duration.ofHours(4)));
        session.loggedIn(loginAnswer(200, first));
        session.refused("some-older-token");
        assertFalse(session.needsLogin());

        session.refused(first);
        assertTrue(session.needsLogin());
        assertThrows(PartnerError.class, session::token);
    }

    @Test
    void aRefusedLoginSaysWhichSettingsToCheckAndLeavesNoCredentialsInTheMessage() {
        Exchange answer = loginAnswer(401, null);
        answer.getMessage().setBody("{\"mensaje\":\"acceso no autorizado\",\"codigo\":401}");

        PartnerError e = assertThrows(PartnerError.class, () -> session.loggedIn(answer));

        assertEquals(PartnerError.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains("acceso no autorizado") && e.getMessage().contains("luka.username"), e.getMessage());
        assertEquals(null, answer.getMessage().getBody());
    }

    @Test
    void pendingPaymentsAreCheckedFromPendingAfterThenAtLukasPaceThenAtTheReviewPaceUntilTheyExpire() {
        LukaSettings s = settings(Map.of("luka.deferred.pending-after", "5m", "luka.deferred.poll-interval", "2m",
                "luka.deferred.review-poll-interval", "30m", "luka.deferred.expire-after", "1h"));
        Instant since = clock.instant();

        assertEquals(since.plus(Duration.ofMinutes(5)), s.nextCheck(since, since), "never before pending-after");
        assertEquals(since.plus(Duration.ofMinutes(7)), s.nextCheck(since, since.plus(Duration.ofMinutes(5))));
        assertEquals(since.plus(Duration.ofMinutes(45)), s.nextCheck(since, since.plus(Duration.ofMinutes(15))),
                "in manual review after Luka's 5 re-checks of 2 minutes");
        assertEquals(since.plus(Duration.ofHours(1)), s.nextCheck(since, since.plus(Duration.ofMinutes(50))), "the last check at expiry");
        assertFalse(s.isExpired(since, since.plus(Duration.ofMinutes(59))));
        assertTrue(s.isExpired(since, since.plus(Duration.ofHours(1))));
        assertEquals("1h", LukaSettings.describe(Duration.ofHours(1)));
        assertEquals("24h", LukaSettings.describe(Duration.ofHours(24)));
        assertEquals("1h30m", LukaSettings.describe(Duration.ofMinutes(90)));
        assertEquals("20s", LukaSettings.describe(Duration.ofSeconds(20)));
    }

    @Test
    void anExpiryNotLongerThanPendingAfterIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "luka.deferred.pending-after", "10m", "luka.deferred.expire-after", "5m")));
        assertTrue(e.getMessage().contains("luka.deferred.expire-after"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("luka.deferred.expire-after", "soon")));
    }

    private static LukaSettings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(values);
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().setOverrideProperties(p);
        return LukaSettings.from(new Settings(context.getPropertiesComponent()));
    }

    private static Exchange loginAnswer(int status, String tokenHeader) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (tokenHeader != null) {
            exchange.getMessage().setHeader("token", tokenHeader);
        }
        return exchange;
    }

    static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
