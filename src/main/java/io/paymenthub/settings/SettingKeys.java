package io.paymenthub.settings;

import java.util.List;

import io.paymenthub.bamboo.BambooAmounts;
import io.paymenthub.bancamiga.BancamigaReconciler;
import io.paymenthub.store.Database;

import static io.paymenthub.settings.Setting.cron;
import static io.paymenthub.settings.Setting.duration;
import static io.paymenthub.settings.Setting.flag;
import static io.paymenthub.settings.Setting.number;
import static io.paymenthub.settings.Setting.oneOf;
import static io.paymenthub.settings.Setting.parsed;
import static io.paymenthub.settings.Setting.port;
import static io.paymenthub.settings.Setting.secret;
import static io.paymenthub.settings.Setting.text;
import static io.paymenthub.settings.Setting.url;
import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.MICROS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.MINUTES;
import static java.time.temporal.ChronoUnit.SECONDS;

/**
 * Every setting of application.properties the runner reads (Camel's own {@code camel.*} keys aside), one line
 * each: its key and kind. All of them are checked at start ({@link Settings#verifyAll()}), before the store or
 * Kafka is touched. A new key: add its line here, then read it with {@code Settings.of(context).duration(key)}
 * (or {@code text}, {@code number}, {@code flag}, {@code secret}...); a key not listed here cannot be read.
 */
public final class SettingKeys {

    public static final List<Setting> ALL = List.of(
            // runtime
            number("http.max-body-bytes", 1, Integer.MAX_VALUE),
            duration("http.request-body-timeout-ms", MILLIS),
            flag("sandbox.enabled"),
            text("ops.username"),
            secret("ops.password"),
            secret("api.keys"),
            duration("sandbox.bancamiga.payment-interval-seconds", SECONDS),
            cron("sandbox.bancamiga.find.cron"),
            duration("sandbox.luka.resolve-after-seconds", SECONDS),
            cron("sandbox.luka.deferred.poll.cron"),
            duration("sandbox.luka.deferred.pending-after"),
            duration("sandbox.luka.deferred.poll-interval"),
            duration("sandbox.luka.deferred.review-poll-interval"),
            duration("sandbox.luka.deferred.expire-after"),
            // the daily reconciliation report
            flag("reconciliation.enabled"),
            duration("reconciliation.check-interval"),
            text("reconciliation.providers"),
            number("reconciliation.list-limit", 1, 100_000),
            // store
            parsed("db.url", "a JDBC URL (jdbc:postgresql://… or an H2 file jdbc:h2:file:…) "
                    + "that keeps every acknowledged payment (no H2 mem:, no WRITE_DELAY other than 0)", Database::durableUrl),
            text("db.user"),
            secret("db.password"),
            number("db.pool-size", 1, 1000),
            duration("db.connection-timeout-ms", MILLIS),
            duration("db.group-commit.linger-us", MICROS),
            number("rejected.max-stored-bytes", 0, Integer.MAX_VALUE),
            // several instances
            flag("cluster.enabled"),
            duration("cluster.checkin-interval-ms", MILLIS),
            duration("cluster.misfire-threshold-ms", MILLIS),
            text("cluster.instance-id"),
            // kafka and the outbox
            parsed("kafka.brokers", "host:port pairs, comma-separated", SettingKeys::hostPorts).optional(),
            parsed("kafka.topic", "a Kafka topic name (letters, digits, '.', '_', '-')",
                    t -> require(t.matches("[A-Za-z0-9._-]{1,249}"))),
            port("kafka.embedded.port"),
            port("kafka.embedded.controller-port"),
            text("kafka.embedded.data-dir"),
            number("outbox.batch-size", 1, 100_000),
            duration("outbox.sweep-interval-ms", MILLIS),
            duration("outbox.linger-ms", MILLIS),
            duration("kafka.delivery-timeout-ms", MILLIS),
            duration("kafka.max-block-ms", MILLIS),
            // bancamiga
            secret("bancamiga.webhook.token"),
            url("bancamiga.base-url").optional(),
            secret("bancamiga.access-token"),
            secret("bancamiga.refresh-token"),
            cron("bancamiga.token.refresh.cron"),
            cron("bancamiga.token.check.cron"),
            duration("bancamiga.token.refresh-before-days", DAYS),
            duration("bancamiga.token.alert-before-days", DAYS),
            parsed("bancamiga.find.watch", "phone:bank pairs, comma-separated (58 + 10 digits, a colon, a 4-digit bank code)",
                    BancamigaReconciler::parseWatch).optional(),
            cron("bancamiga.find.cron"),
            cron("bancamiga.history.cron"),
            duration("bancamiga.history.min-interval", MINUTES),
            duration("bancamiga.history.skip-if-webhook-within-minutes", MINUTES),
            duration("bancamiga.after-midnight-minutes", MINUTES),
            duration("bancamiga.verify.ask-bank-min-interval-seconds", SECONDS),
            duration("bancamiga.connect-timeout-ms", MILLIS).optional(),
            duration("bancamiga.response-timeout-ms", MILLIS).optional(),
            duration("bancamiga.circuit.open-seconds", SECONDS),
            text("bancamiga.tls.trust-store"),
            secret("bancamiga.tls.trust-store-password"),
            flag("bancamiga.tls.insecure"),
            parsed("bancamiga.credited-statuses", "raw Status values, comma-separated (e.g. 000,500), empty or * for every status",
                    t -> require(t.matches("\\*|[A-Za-z0-9]+(\\s*,\\s*[A-Za-z0-9]+)*"))).optional(),
            // pago46
            url("pago46.base-url"),
            text("pago46.provider-key"),
            secret("pago46.provider-secret"),
            text("pago46.bank-country-currency-id"),
            text("pago46.document-id"),
            text("pago46.payment-method"),
            text("pago46.providers"),
            number("pago46.batch.size", 1, 100_000),
            duration("pago46.batch.max-wait"),
            duration("pago46.batch.lease"),
            oneOf("pago46.signature.scheme", "provider", "core"),
            oneOf("pago46.signature.encoding", "form", "component"),
            oneOf("pago46.signature.date-unit", "milliseconds", "seconds"),
            duration("pago46.poll-interval-ms", MILLIS),
            duration("pago46.connect-timeout-ms", MILLIS),
            duration("pago46.response-timeout-ms", MILLIS),
            duration("pago46.circuit.open-seconds", SECONDS),
            duration("pago46.retry.initial-delay"),
            duration("pago46.retry.max-delay"),
            // bamboo
            url("bamboo.base-url").optional(),
            secret("bamboo.private-key"),
            secret("bamboo.webhook.secret"),
            parsed("bamboo.webhook.signature-header", "an HTTP header name", t -> require(t.matches("[A-Za-z0-9-]+"))),
            duration("bamboo.webhook.tolerance"),
            parsed("bamboo.webhook.date-zone", "a time zone (UTC, America/Bogota or -05:00)", java.time.ZoneId::of),
            url("bamboo.notify-url").optional(),
            flag("bamboo.confirm-callbacks"),
            parsed("bamboo.amount.scales", "CUR:scale pairs, comma-separated, scale 0 to 2 (e.g. COP:2,USD:2)",
                    BambooAmounts::new).optional(),
            duration("bamboo.connect-timeout-ms", MILLIS).optional(),
            duration("bamboo.response-timeout-ms", MILLIS).optional(),
            duration("bamboo.circuit.open-seconds", SECONDS),
            duration("sandbox.bamboo.pay-after-seconds", SECONDS),
            duration("bamboo.follow-up.after"),
            duration("bamboo.follow-up.interval"),
            duration("bamboo.follow-up.expire-after"),
            cron("bamboo.follow-up.cron"),
            parsed("sandbox.bamboo.retry-schedule", "durations, comma-separated (e.g. 1s,2s,4s)", SettingKeys::durations),
            // luka
            url("luka.base-url").optional(),
            secret("luka.username"),
            secret("luka.password"),
            secret("luka.webhook.secret"),
            text("luka.default-user-ip"),
            duration("luka.token.renew-before"),
            duration("luka.connect-timeout-ms", MILLIS),
            duration("luka.response-timeout-ms", MILLIS),
            duration("luka.circuit.open-seconds", SECONDS),
            cron("luka.deferred.poll.cron"),
            duration("luka.deferred.pending-after"),
            duration("luka.deferred.poll-interval"),
            duration("luka.deferred.review-poll-interval"),
            duration("luka.deferred.expire-after"));

    /**
     * Flags the runner derives at start from other settings (and, for Bancamiga, from the tokens it has stored),
     * written with {@link Settings#derive}: the routes read them as {@code {{key}}} (autoStartup of pollers, a
     * filter of the verification API). Not settings: application.properties documents each one beside its partner.
     */
    public static final List<String> DERIVED = List.of(
            // find, history and token routes; the verification API asks the bank: base URL and a token (set or stored)
            "bancamiga.enabled",
            // pago46-tick and pago46-forward: provider-key, provider-secret, bank-country-currency-id, document-id set
            "pago46.forward.active",
            // bamboo-follow-up: bamboo.base-url, bamboo.private-key and bamboo.notify-url set
            "bamboo.purchases.enabled",
            // luka-deferred-poller: luka.base-url, luka.username and luka.password set
            "luka.enabled");

    /** Rules across keys, checked after every key on its own passed; each throws an {@link InvalidSetting}. */
    static final List<java.util.function.Consumer<Settings>> RELATIONS = List.of(
            s -> longer(s, "luka.deferred.expire-after", "luka.deferred.pending-after"),
            s -> longer(s, "luka.deferred.poll-interval", null),
            s -> longer(s, "luka.deferred.review-poll-interval", null));

    private SettingKeys() {
    }

    /** {@code key} must be longer than {@code shorter} (or than 0s when null). */
    private static void longer(Settings s, String key, String shorter) {
        java.time.Duration floor = shorter == null ? java.time.Duration.ZERO : s.duration(shorter);
        if (s.duration(key).compareTo(floor) <= 0) {
            throw new InvalidSetting("Invalid setting " + key + "=" + s.text(key) + ": expected a duration longer than "
                    + (shorter == null ? "0s" : shorter + " (" + s.text(shorter) + ")"));
        }
    }

    private static void hostPorts(String text) {
        for (String pair : text.split(",")) {
            require(pair.trim().matches("[A-Za-z0-9._-]+:\\d{1,5}"));
        }
    }

    private static void durations(String text) {
        for (String d : text.split(",")) {
            Durations.parse(d, null);
        }
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException("refused");
        }
    }
}
