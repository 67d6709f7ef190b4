package io.paymenthub.reconciliation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paymenthub.events.Payment;
import io.paymenthub.store.Database;

/**
 * The live reconciliation metrics on /observe/metrics (docs/operations.md: Daily reconciliation report):
 * <ul>
 *   <li>{@code paymenthub_reconciliation_missed_total{provider,via}}: payments first seen by find, history or a
 *       follow-up, not by the webhook; {@code paymenthub_reconciliation_missed_lateness_seconds{provider}}: how late
 *       (found at minus occurredAt, a timer with its count, sum and max)</li>
 *   <li>{@code paymenthub_reconciliation_phantom_webhooks_total{provider}}: counted by {@link ReconciliationDays} when
 *       a day closes</li>
 *   <li>{@code paymenthub_reconciliation_pending_past_follow_up{provider=bamboo|luka}}: gauges, read from the store
 *       at each scrape (NaN while it is down)</li>
 * </ul>
 */
public final class ReconciliationMetrics {

    private final MeterRegistry meters;
    private final Supplier<Clock> clock;
    /** Registered on first use per tag set: a history answer counts every payment it stores first. */
    private final java.util.concurrent.ConcurrentMap<String, Counter> missedCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, Timer> latenessTimers = new java.util.concurrent.ConcurrentHashMap<>();

    public ReconciliationMetrics(MeterRegistry meters, Supplier<Clock> clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** A payment that find, history or a follow-up stored first: counted, with its lateness when it has an occurredAt. */
    public void missed(Payment payment) {
        missedCounters.computeIfAbsent(payment.provider() + '|' + payment.observedVia(), key -> Counter.builder("paymenthub.reconciliation.missed")
                .description("Payments first seen by find, history or a follow-up: the webhook missed them (or had not come yet)")
                .tag("provider", payment.provider()).tag("via", payment.observedVia()).register(meters)).increment();
        if (payment.occurredAt() != null) {
            Duration late = Duration.between(payment.occurredAt().toInstant(), clock.get().instant());
            latenessTimers.computeIfAbsent(payment.provider(), provider -> Timer.builder("paymenthub.reconciliation.missed.lateness")
                    .description("How late a payment missed by the webhook was found: found at minus occurredAt")
                    .tag("provider", provider).register(meters)).record(late.isNegative() ? Duration.ZERO : late);
        }
    }

    /**
     * Registers the pending gauges: Bamboo purchases and Luka payments still followed up (next_check_at set) although
     * older than their follow-up window ({@code bamboo.follow-up.after}, {@code luka.deferred.pending-after}).
     */
    public void registerPendingGauges(Database database, Duration bambooWindow, Duration lukaWindow) {
        pendingGauge(database, "bamboo", "SELECT COUNT(*) FROM bamboo_purchase WHERE next_check_at IS NOT NULL AND created_at < ?",
                bambooWindow);
        pendingGauge(database, "luka", "SELECT COUNT(*) FROM luka_transaction WHERE next_check_at IS NOT NULL AND created_at < ?",
                lukaWindow);
    }

    private void pendingGauge(Database database, String provider, String sql, Duration window) {
        Gauge.builder("paymenthub.reconciliation.pending.past.follow.up", () -> {
                    try {
                        return count(database, sql, clock.get().instant().minus(window));
                    } catch (SQLException e) {
                        return Double.NaN;
                    }
                })
                .description("Payments still pending (followed up) past their follow-up window")
                .tag("provider", provider).register(meters);
    }

    private static double count(Database database, String sql, Instant before) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
