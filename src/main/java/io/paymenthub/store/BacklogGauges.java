package io.paymenthub.store;

import java.util.concurrent.Callable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The backlog gauges, registered once as the bean is built and read from the store at every scrape:
 * {@code paymenthub_outbox_pending} (events committed, not yet on Kafka), {@code paymenthub_review_open} (reports
 * held for an operator) and {@code paymenthub_outbox_oldest_pending_seconds} (how late the oldest event is, 0 when
 * none waits). While the store is down each shows NaN rather than failing the scrape.
 */
public final class BacklogGauges {

    public BacklogGauges(OutboxStore outbox, ReviewQueue review, MeterRegistry meters) {
        Gauge.builder("paymenthub.outbox.pending", outbox, o -> orNaN(o::pendingCount))
                .description("Committed events not yet published to Kafka")
                .register(meters);
        Gauge.builder("paymenthub.review.open", review, q -> orNaN(q::openCount))
                .description("Reports acknowledged and held for review, not yet resolved, released or discarded (GET /ops/review)")
                .register(meters);
        Gauge.builder("paymenthub.outbox.oldest.pending.seconds", outbox, o -> orNaN(o::oldestPendingAgeSeconds))
                .description("Age of the oldest event waiting for Kafka (0 when none waits)")
                .register(meters);
    }

    private static double orNaN(Callable<? extends Number> reading) {
        try {
            return reading.call().doubleValue();
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
