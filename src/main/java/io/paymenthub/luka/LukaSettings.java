package io.paymenthub.luka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paymenthub.http.BearerTokenCheck;
import io.paymenthub.settings.InvalidSetting;
import io.paymenthub.settings.Settings;

/**
 * The luka.* settings, read once the sandbox has had its say (its overrides apply to these keys).
 * {@link #toString()} never shows a secret.
 */
public final class LukaSettings {

    /**
     * Partner fact (seed, "Webhooks para pagos diferidos"): Luka re-checks a pending payment every 2 minutes,
     * up to 5 times, then a person reviews it. While Luka's own re-checks run we ask as often as
     * {@code luka.deferred.poll-interval}; once it is in manual review, every {@code luka.deferred.review-poll-interval}.
     */
    public static final Duration LUKA_AUTOMATIC_RECHECKS = Duration.ofMinutes(2 * 5);

    /** Luka's token lifetime is not documented: a token whose {@code exp} cannot be read is renewed after this. */
    public static final Duration ASSUMED_TOKEN_LIFETIME = Duration.ofMinutes(30);

    public final String baseUrl;
    public final String username;
    final String password;
    final String webhookSecret;
    public final String defaultUserIp;
    public final Duration tokenRenewBefore;
    public final Duration pendingAfter;
    public final Duration pollInterval;
    public final Duration reviewPollInterval;
    public final Duration expireAfter;
    /** How long a registration call may be in flight before a repeat of the same request may send it again. */
    public final Duration inFlight;
    private final List<String> missing;

    private LukaSettings(Settings settings) {
        baseUrl = settings.baseUrl("luka.base-url");
        username = settings.secret("luka.username");
        password = settings.secret("luka.password");
        webhookSecret = settings.secret("luka.webhook.secret");
        defaultUserIp = settings.text("luka.default-user-ip", "127.0.0.1");
        tokenRenewBefore = settings.duration("luka.token.renew-before");
        pendingAfter = settings.duration("luka.deferred.pending-after");
        pollInterval = settings.duration("luka.deferred.poll-interval");
        reviewPollInterval = settings.duration("luka.deferred.review-poll-interval");
        expireAfter = settings.duration("luka.deferred.expire-after");
        long connect = settings.duration("luka.connect-timeout-ms").toMillis();
        long response = settings.duration("luka.response-timeout-ms").toMillis();
        // a registration waits for the login (at most one connect + response) and for its own call
        inFlight = Duration.ofMillis(2 * (connect + response) + 5_000);
        missing = settings.unset("luka.base-url", "luka.username", "luka.password");
        if (expireAfter.compareTo(pendingAfter) <= 0) {
            throw new InvalidSetting("luka.deferred.expire-after (" + describe(expireAfter)
                    + ") must be longer than luka.deferred.pending-after (" + describe(pendingAfter) + ")");
        }
        if (pollInterval.isZero() || reviewPollInterval.isZero()) {
            throw new InvalidSetting("luka.deferred.poll-interval and luka.deferred.review-poll-interval must be longer than 0s");
        }
    }

    /**
     * When to ask Luka again about a payment still pending (or a registration never answered) whose window
     * started at {@code since}: not before {@code pending-after}; every {@code poll-interval} while Luka's own
     * re-checks run; every {@code review-poll-interval} once it is in manual review; never after the expiry.
     */
    public Instant nextCheck(Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        Duration interval = age.compareTo(pendingAfter.plus(LUKA_AUTOMATIC_RECHECKS)) < 0 ? pollInterval : reviewPollInterval;
        Instant next = now.plus(interval);
        Instant first = since.plus(pendingAfter);
        if (next.isBefore(first)) {
            next = first;
        }
        Instant expiry = since.plus(expireAfter);
        return next.isAfter(expiry) ? expiry : next;
    }

    /** Whether a window that started at {@code since} is over: a payment still pending then is EXPIRED. */
    public boolean isExpired(Instant since, Instant now) {
        return !now.isBefore(since.plus(expireAfter));
    }

    /** The check of Luka's webhook: {@code Authorization: Bearer <luka.webhook.secret>} (docs/partners.md: an assumption, Luka documents no signature). */
    public BearerTokenCheck webhookAuth() {
        return new BearerTokenCheck("Luka", "luka.webhook.secret", webhookSecret);
    }

    /** Reads every luka.* key once, through the rules of SettingKeys. */
    public static LukaSettings from(Settings settings) {
        return new LukaSettings(settings);
    }

    /** True when Luka can be called: base URL, username and password are set. */
    public boolean enabled() {
        return missing.isEmpty();
    }

    /** The settings without which Luka cannot be called. */
    public List<String> missing() {
        return missing;
    }

    @Override
    public String toString() {
        return "LukaSettings[baseUrl=" + baseUrl + ", username=" + Settings.masked(username)
                + ", password=" + Settings.masked(password) + ", pendingAfter=" + pendingAfter
                + ", expireAfter=" + expireAfter + "]";
    }

    /** A duration as the settings write it: 24h, 3m, 20s, 1h30m, 500ms. */
    public static String describe(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

}
