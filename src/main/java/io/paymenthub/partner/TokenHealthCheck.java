package io.paymenthub.partner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a partner's token, one set of rules for every partner that holds one (Bancamiga's year-long pair,
 * Luka's session JWT), read from the partner's own {@link Source} at every call. DOWN, with a reason an operator can
 * act on, when:
 * <ul>
 *   <li>the token cannot be read (its store is unreachable);</li>
 *   <li>there is no usable token (none, or expired): always for a token obtained {@linkplain #byHand by hand}, since
 *       only an operator can bring one; for a token obtained {@linkplain #byLogin by logging in}, only while the last
 *       login failed (otherwise the next call logs in);</li>
 *   <li>the token expires within the partner's alert window ({@link Duration#ZERO}: no window).</li>
 * </ul>
 * Readiness only, never liveness: a restart brings no token. Details: the expiry, and for a token refreshed by us the
 * last refresh failure; plus any the partner adds ({@link #withDetail}).
 */
public final class TokenHealthCheck extends AbstractHealthCheck {

    /**
     * What a partner knows of its token at one moment.
     *
     * @param present     whether there is a token at all
     * @param expiresAt   its expiry; null when unknown (or there is none)
     * @param lastError   why the last attempt to obtain or refresh one failed; null when it did not fail
     * @param lastErrorAt when that attempt failed; null when unknown
     */
    public record Token(boolean present, Instant expiresAt, String lastError, Instant lastErrorAt) {

        /** No token; {@code lastError} is why the last attempt to get one failed (null when none failed). */
        public static Token none(String lastError) {
            return new Token(false, null, lastError, null);
        }
    }

    /** Reads the partner's token now (from the store, or memory); may fail, e.g. when the store is unreachable. */
    @FunctionalInterface
    public interface Source {
        Token read() throws Exception;
    }

    /** How the partner's token is obtained, which decides what a missing or expired token means. */
    private enum Renewal {
        /** Issued once by hand, refreshed by the runner: a missing or expired token needs an operator. */
        BY_HAND("expiresAt", "unknown until the first refresh"),
        /** Obtained by logging in with configured credentials at the next call: missing or expired is normal. */
        BY_LOGIN("tokenExpiresAt", "no token yet (login at the first call)");

        final String expiryDetail;
        final String noExpiry;

        Renewal(String expiryDetail, String noExpiry) {
            this.expiryDetail = expiryDetail;
            this.noExpiry = noExpiry;
        }
    }

    private final String partner;
    private final Renewal renewal;
    private final Source source;
    private final Duration alertBefore;
    private final String whenNone;
    private final String whenExpired;
    private final Clock clock;
    private final Map<String, Callable<Object>> details = new LinkedHashMap<>();

    private TokenHealthCheck(String id, String partner, Renewal renewal, Source source, Duration alertBefore,
                             String whenNone, String whenExpired, Clock clock) {
        super("payment-hub", id);
        this.partner = partner;
        this.renewal = renewal;
        this.source = source;
        this.alertBefore = alertBefore;
        this.whenNone = whenNone;
        this.whenExpired = whenExpired;
        this.clock = clock;
    }

    /**
     * A token an operator obtains by hand once and the runner then refreshes (Bancamiga's pair). Messages:
     * {@code no <partner> token: <whenNone>}, {@code the <partner> token expired at <instant>; <whenExpired>},
     * {@code the <partner> token expires at <instant> and has not been refreshed[: <last error>]}. Details:
     * {@code expiresAt}, {@code lastRefreshError}, {@code lastRefreshErrorAt}.
     *
     * @param id          the health check's id, e.g. {@code bancamiga-token}
     * @param partner     the partner's name as operators read it, e.g. {@code Bancamiga}
     * @param alertBefore DOWN this long before the expiry
     * @param whenNone    what an operator does when there is no token
     * @param whenExpired what an operator does once it has expired
     */
    public static TokenHealthCheck byHand(String id, String partner, Source source, Duration alertBefore,
                                          String whenNone, String whenExpired, Clock clock) {
        return new TokenHealthCheck(id, partner, Renewal.BY_HAND, source, alertBefore, whenNone, whenExpired, clock);
    }

    /**
     * A token the runner obtains by logging in at the next call (Luka's session). Message while no usable token is left
     * and the last login failed: {@code <partner> login fails: <last error>}; within the alert window:
     * {@code the <partner> token expires at <instant> and has not been refreshed}. Detail: {@code tokenExpiresAt}.
     *
     * @param id          the health check's id, e.g. {@code luka}
     * @param alertBefore DOWN this long before the expiry; {@link Duration#ZERO} for none
     */
    public static TokenHealthCheck byLogin(String id, String partner, Source source, Duration alertBefore, Clock clock) {
        return new TokenHealthCheck(id, partner, Renewal.BY_LOGIN, source, alertBefore, null, null, clock);
    }

    /**
     * Adds a detail read at every call (Luka: how many registrations wait for a check); {@code unknown: <reason>}
     * when reading it fails. Returns this check.
     */
    public TokenHealthCheck withDetail(String name, Callable<Object> value) {
        details.put(name, value);
        return this;
    }

    @Override
    public boolean isLiveness() {
        // refused credentials or an expired token need an operator; an outage needs the partner: a restart helps neither
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Token token;
        try {
            token = source.read();
        } catch (Exception e) {
            builder.message("the token store is unreachable: " + e.getMessage()).down();
            return;
        }
        if (token == null) {
            token = Token.none(null);
        }
        if (renewal == Renewal.BY_HAND && !token.present()) {
            builder.message("no " + partner + " token: " + whenNone).down();
            return;
        }
        if (renewal == Renewal.BY_HAND && token.lastError() != null) {
            builder.detail("lastRefreshError", token.lastError()).detail("lastRefreshErrorAt", String.valueOf(token.lastErrorAt()));
        }
        builder.detail(renewal.expiryDetail, token.expiresAt() == null ? renewal.noExpiry : token.expiresAt().toString());
        details.forEach((name, value) -> {
            try {
                builder.detail(name, value.call());
            } catch (Exception e) {
                builder.detail(name, "unknown: " + e.getMessage());
            }
        });
        Instant now = clock.instant();
        boolean usable = token.present() && (token.expiresAt() == null || now.isBefore(token.expiresAt()));
        if (!usable) {
            if (renewal == Renewal.BY_HAND) {
                builder.message("the " + partner + " token expired at " + token.expiresAt() + "; " + whenExpired).down();
            } else if (token.lastError() != null) {
                builder.message(partner + " login fails: " + token.lastError()).down();
            } else {
                builder.up();
            }
        } else if (token.expiresAt() != null && now.plus(alertBefore).isAfter(token.expiresAt())) {
            builder.message("the " + partner + " token expires at " + token.expiresAt() + " and has not been refreshed"
                    + (token.lastError() == null ? "" : ": " + token.lastError())).down();
        } else {
            builder.up();
        }
    }
}
