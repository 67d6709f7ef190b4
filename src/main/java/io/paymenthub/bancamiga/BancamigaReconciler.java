package io.paymenthub.bancamiga;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.paymenthub.core.Failures;
import io.paymenthub.core.OutageLog;
import io.paymenthub.store.CallRateLimits;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the Bancamiga pollers ask for (routes/bancamiga-reconcile.camel.yaml): which phone/bank
 * pairs and dates to find, whether history may be called now (at most once per 10 minutes, across
 * restarts and instances), and reports a failing poll once per incident rather than at every tick.
 */
public final class BancamigaReconciler {

    /** One find call: the credits from one phone and bank on one date. */
    public record FindTarget(String phone, String bank, LocalDate date) {
    }

    /** The bank's rule: history at most once every 10 minutes. Configuration may only make it longer. */
    public static final Duration HISTORY_FLOOR = Duration.ofMinutes(10);
    static final String HISTORY_LIMIT = "bancamiga.history";
    /** Exchange property: the calls the bank answered during this tick. */
    public static final String ANSWERED = "bancamigaAnswered";

    private static final Logger LOG = LoggerFactory.getLogger(BancamigaReconciler.class);

    private final List<FindTarget> watched;
    private final Duration afterMidnightWindow;
    private final Duration historyMinInterval;
    private final Duration skipHistoryIfWebhookWithin;
    private final CallRateLimits limits;
    private final PaymentStore store;
    /** Per poller route: find and history fail and recover apart. */
    private final OutageLog outage = new OutageLog(LOG);
    private volatile java.util.function.Supplier<java.time.Clock> clock = java.time.Clock::systemUTC;

    public BancamigaReconciler(String watch, Duration afterMidnightWindow, Duration historyMinInterval,
                               Duration skipHistoryIfWebhookWithin, CallRateLimits limits, PaymentStore store) {
        this.watched = parseWatch(watch);
        this.afterMidnightWindow = afterMidnightWindow;
        if (historyMinInterval.compareTo(HISTORY_FLOOR) < 0) {
            LOG.warn("bancamiga.history.min-interval is below the bank's 10 minutes: using 10 minutes");
            historyMinInterval = HISTORY_FLOOR;
        }
        this.historyMinInterval = historyMinInterval;
        this.skipHistoryIfWebhookWithin = skipHistoryIfWebhookWithin;
        this.limits = limits;
        this.store = store;
    }

    /** The clock "now" is read from (the runner's {@code clock} bean when one is bound; the system clock otherwise). */
    public void useClock(java.util.function.Supplier<java.time.Clock> clock) {
        this.clock = clock;
    }

    /** {@code bancamiga.find.watch}: comma-separated {@code phone:bank} pairs. */
    public static List<FindTarget> parseWatch(String watch) {
        List<FindTarget> targets = new ArrayList<>();
        for (String pair : watch.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            if (parts.length != 2 || !parts[0].matches("58\\d{10}") || !parts[1].matches("\\d{4}")) {
                throw new IllegalArgumentException("bancamiga.find.watch: '" + pair.trim()
                        + "' is not phone:bank (58 + 10 digits, a colon, a 4-digit bank code)");
            }
            targets.add(new FindTarget(parts[0], parts[1], null));
        }
        return List.copyOf(targets);
    }

    /** Today's date in Venezuela for every watched pair, and yesterday's as well just after midnight. */
    public List<FindTarget> findTargets() {
        OffsetDateTime now = OffsetDateTime.now(clock.get()).withOffsetSameInstant(BancamigaWebhookParser.VENEZUELA);
        List<FindTarget> targets = new ArrayList<>();
        for (FindTarget pair : watched) {
            if (justAfterMidnight(now)) {
                targets.add(new FindTarget(pair.phone(), pair.bank(), now.toLocalDate().minusDays(1)));
            }
            targets.add(new FindTarget(pair.phone(), pair.bank(), now.toLocalDate()));
        }
        return targets;
    }

    /**
     * The date the history sweep should cover now, or null to skip this tick: yesterday just after
     * midnight (to close the day), otherwise today, unless webhooks are flowing and the sweep is set to
     * give way to them.
     */
    public LocalDate historyDate() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock.get()).withOffsetSameInstant(BancamigaWebhookParser.VENEZUELA);
        if (justAfterMidnight(now)) {
            return now.toLocalDate().minusDays(1);
        }
        if (!skipHistoryIfWebhookWithin.isZero()
                && store.receivedVia("bancamiga", "webhook", skipHistoryIfWebhookWithin)) {
            LOG.debug("Bancamiga history sweep skipped: webhooks arrived in the last {}", skipHistoryIfWebhookWithin);
            return null;
        }
        return now.toLocalDate();
    }

    /** Takes the history call slot (database row lock); false when the last call is under the minimum interval. */
    public boolean mayCallHistory() throws SQLException {
        boolean allowed = limits.tryAcquire(HISTORY_LIMIT, historyMinInterval);
        if (!allowed) {
            LOG.debug("Bancamiga history not called: the last call is less than {} old", historyMinInterval);
        }
        return allowed;
    }

    private boolean justAfterMidnight(OffsetDateTime now) {
        return Duration.between(now.toLocalDate().atStartOfDay().atOffset(now.getOffset()), now)
                .compareTo(afterMidnightWindow) < 0;
    }

    /** Starts a tick's tally of the calls the bank answered (find's split shares it: the same object). */
    public void tickStarted(Exchange tick) {
        tick.setProperty(ANSWERED, new AtomicInteger());
    }

    /** A call the bank answered, whose items are stored: counted in the tick's tally (none outside a poller). */
    public void answered(@ExchangeProperty(ANSWERED) AtomicInteger answered) {
        if (answered != null) {
            answered.incrementAndGet();
        }
    }

    /**
     * A tick ended without failure. Only a tick in which the bank answered a call can end an outage: a
     * skipped history (the 10-minute rule, webhooks flowing) or a find with nothing to ask proves nothing,
     * so the outage stays open and its recovery is still logged, once, by the next real success.
     */
    public void succeeded(Exchange tick) {
        AtomicInteger answered = tick.getProperty(ANSWERED, AtomicInteger.class);
        if (answered == null || answered.get() == 0) {
            return;
        }
        outage.recovered(tick.getFromRouteId(), "{} recovered: the bank answered after {} failed attempts", tick.getFromRouteId());
    }

    /**
     * A tick failed: one line naming the route and the failure's kind and message when it starts failing,
     * silence while it goes on; nothing stored is lost. An {@link Error} (out of memory) is logged every time.
     */
    public void failed(Exchange tick) {
        Throwable cause = tick.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (Failures.isFatal(cause)) {
            outage.failed(tick.getFromRouteId());
            LOG.error("{} failed: {}. The runner is in trouble, not the bank.", tick.getFromRouteId(), Failures.describe(cause));
        } else {
            outage.failed(tick.getFromRouteId(), "{} failed: {}. Retried at the next tick; logged again when it recovers.",
                    tick.getFromRouteId(), Failures.describe(cause));
        }
    }
}
