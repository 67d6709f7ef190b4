package io.paymenthub.bancamiga;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.events.Payment;
import io.paymenthub.store.MovementIdentity;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.ReviewQueue;
import io.paymenthub.store.PaymentStore.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Bancamiga payments are credited, by their raw {@code Status}. The seed shows {@code 000} (webhook) and
 * {@code 500} (find, history); production data seen in a public integration carries {@code 600} and {@code 700},
 * meaning unconfirmed. Bancamiga does not document them, so the runner does not interpret them: every status is
 * credited unless {@code bancamiga.credited-statuses} lists the ones that are. A credited payment is stored and
 * published as {@code payment.received} (and registered with PAGO46, and verifiable); any other is handed to
 * {@link #holdForReview}: held in the review queue. Every newly stored or held payment is counted in
 * {@code paymenthub_bancamiga_statuses_total{status,via,credited}}.
 */
public final class BancamigaCredits {

    static final String METRIC = "paymenthub.bancamiga.statuses";
    private static final Logger LOG = LoggerFactory.getLogger(BancamigaCredits.class);

    private final PaymentStore store;
    private final ReviewQueue review;
    private final MovementIdentity movements;
    /** Empty: every status is credited. */
    private final Set<String> credited;
    private final MeterRegistry meters;
    /** One counter per status, channel and verdict, registered on first use (the webhook counts every payment). */
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code creditedStatuses}: bancamiga.credited-statuses, comma-separated; empty or {@code *} credits every status. */
    public BancamigaCredits(PaymentStore store, ReviewQueue review, MovementIdentity movements, String creditedStatuses,
                            MeterRegistry meters) {
        this.store = store;
        this.review = review;
        this.movements = movements;
        String list = creditedStatuses == null ? "" : creditedStatuses.trim();
        this.credited = list.equals("*") ? Set.of() : Arrays.stream(list.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.meters = meters;
    }

    /** Whether a payment with this raw Status is credited (published, forwarded to PAGO46, verifiable). */
    public boolean credited(String status) {
        return credited.isEmpty() || (status != null && credited.contains(status));
    }

    /**
     * A webhook's payment: stored and published when credited (STORED, or DUPLICATE, ALIAS, CONFLICT as the store
     * answers), held for review otherwise (HELD, or DUPLICATE when this movement is already stored or held).
     */
    public Outcome record(Payment payment) throws SQLException {
        Outcome outcome = credited(payment.partnerStatus()) ? store.recordReceived(payment) : holdForReview(payment);
        if (outcome == Outcome.STORED || outcome == Outcome.HELD) {
            count(payment);
        }
        return outcome;
    }

    /**
     * A chunk of a find or history answer split by Status: the credited payments made ready to store
     * ({@link PaymentStore#prepare}: their events written on the caller's thread), the others to hold for review.
     */
    public record Chunk(List<Payment> credited, PaymentStore.Prepared prepared, List<Payment> toHold) {
    }

    /** Splits and prepares a chunk on the caller's thread; {@link #record(Chunk, String)} stores it, possibly on another. */
    public Chunk prepare(List<Payment> payments) throws SQLException {
        List<Payment> toCredit = new ArrayList<>(payments.size());
        List<Payment> toHold = new ArrayList<>();
        for (Payment p : payments) {
            (credited(p.partnerStatus()) ? toCredit : toHold).add(p);
        }
        return new Chunk(toCredit, store.prepare(toCredit), toHold);
    }

    /** Stores a prepared chunk and holds its uncredited payments; returns how many credited payments were new (published). */
    public int record(Chunk chunk, String via) throws SQLException {
        int held = 0;
        for (Payment p : chunk.toHold()) {
            if (holdForReview(p) == Outcome.HELD) {
                held++;
                count(p);
            }
        }
        List<Outcome> outcomes = store.recordAllReceivedOutcomes(chunk.prepared());
        int stored = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == Outcome.STORED) {
                stored++;
                count(chunk.credited().get(i));
            }
        }
        if (held > 0) {
            LOG.info("Bancamiga {}: {} new payments held, their Status not in bancamiga.credited-statuses", via, held);
        }
        return stored;
    }

    /**
     * A payment whose Status is not credited: held in the review queue (kind STATUS, its body as received), once per
     * movement. Acknowledged and never lost, but not stored as a payment: not published as {@code payment.received},
     * not registered with PAGO46, not verified by {@code POST /api/v1/pago-movil/verifications}. A later find or
     * history answer with a credited Status for the same movement resolves it (published once); an operator releases
     * (published once) or discards it under /ops/review. HELD when newly held, DUPLICATE when this movement is
     * already stored or held (the review item is what a repeat is recognised by).
     */
    public Outcome holdForReview(Payment payment) throws SQLException {
        String reason = "Bancamiga Status " + payment.partnerStatus() + " is not in bancamiga.credited-statuses "
                + new java.util.TreeSet<>(credited);
        MovementIdentity.Movement movement = movements.of(payment);
        boolean held = review.holdStatus(new ReviewQueue.Item(payment.provider(), payment.externalId(), ReviewQueue.Kind.STATUS,
                reason, "bancamiga-" + payment.observedVia(), movement == null ? null : movement.matchKey(),
                payment.original().toString()));
        if (held) {
            LOG.warn("{} held for review, not credited: {}", payment.paymentId(), reason);
        }
        return held ? Outcome.HELD : Outcome.DUPLICATE;
    }

    private void count(Payment payment) {
        String status = payment.partnerStatus() == null ? "none" : payment.partnerStatus();
        String via = payment.observedVia();
        String credited = Boolean.toString(credited(payment.partnerStatus()));
        counters.computeIfAbsent(status + '|' + via + '|' + credited, key -> Counter.builder(METRIC)
                .description("Bancamiga payments newly stored, by their raw Status, how they were seen and whether they are credited")
                .tag("status", status)
                .tag("via", via)
                .tag("credited", credited)
                .register(meters)).increment();
    }
}
