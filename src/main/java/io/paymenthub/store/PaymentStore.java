package io.paymenthub.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.events.OutboxEvent;
import io.paymenthub.events.Payment;
import io.paymenthub.events.PaymentEvents;

/**
 * Records payments and the events describing them in one transaction: when this returns, both the
 * payment row and its outbox row are committed, so the caller may acknowledge.
 */
public final class PaymentStore {

    /** What recording a received payment did. */
    public enum Outcome { STORED, DUPLICATE }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int CHUNK = 500;
    private static final int GROUP_MAX = 200;
    private static final String INSERT_PAYMENT = "INSERT INTO payment (provider, external_id, method, status, amount,"
            + " currency, reference, payer_phone, payer_bank, payee_phone, occurred_at, observed_via, original)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;
    private final PaymentEvents events;
    private final List<ReceivedPaymentFollowUp> followUps;
    private final GroupCommit groupCommit = new GroupCommit();
    private final long lingerNanos;

    /** {@code lingerMicros}: how long the group-commit writer waits for company under load (db.group-commit.linger-us). */
    public PaymentStore(Database database, PaymentEvents events, List<ReceivedPaymentFollowUp> followUps, long lingerMicros) {
        this.database = database;
        this.events = events;
        this.followUps = List.copyOf(followUps);
        this.lingerNanos = lingerMicros * 1000;
    }

    /**
     * Stores a newly seen payment with its {@code payment.received} event and the follow-ups' work, and
     * returns once that is committed. A payment already stored under the same provider and external id
     * is left untouched and yields {@link Outcome#DUPLICATE}. Concurrent callers share transactions
     * (group commit): while one commit is written, the payments that arrive meanwhile queue for the next.
     */
    public Outcome recordReceived(Payment payment) throws SQLException {
        Received received = new Received(payment);
        received.event(); // written here, on the caller's thread: the group-commit writer is one thread for all
        return groupCommit.submit(received);
    }

    /** A received payment and its {@code payment.received} event, written on first use: a repeat never needs it. */
    private final class Received {

        private final Payment payment;
        private OutboxEvent event;

        Received(Payment payment) {
            this.payment = payment;
        }

        Payment payment() {
            return payment;
        }

        OutboxEvent event() {
            if (event == null) {
                event = events.received(payment);
            }
            return event;
        }
    }

    /** One payment in a transaction of its own. */
    private Outcome recordOne(Received received) throws SQLException {
        Payment payment = received.payment();
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                insertPayment(c, payment);
                OutboxStore.append(c, received.event());
                for (ReceivedPaymentFollowUp followUp : followUps) {
                    followUp.onReceived(c, payment);
                }
                c.commit();
                return Outcome.STORED;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return Outcome.DUPLICATE;
                }
                throw e;
            }
        }
    }

    /**
     * Stores the payments not seen before, with their events, in transactions of up to
     * {@value #CHUNK} payments (a reconciliation answer may hold thousands). Returns how many were new.
     */
    public int recordAllReceived(List<Payment> payments) throws SQLException {
        return (int) recordAllReceivedOutcomes(payments).stream().filter(o -> o == Outcome.STORED).count();
    }

    /** As {@link #recordAllReceived}, with the outcome of each payment, in order. */
    public List<Outcome> recordAllReceivedOutcomes(List<Payment> payments) throws SQLException {
        List<Received> all = payments.stream().map(Received::new).toList();
        List<Outcome> outcomes = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += CHUNK) {
            outcomes.addAll(recordChunk(all.subList(from, Math.min(all.size(), from + CHUNK))));
        }
        return outcomes;
    }

    /**
     * Stores a received payment that is held, not credited: the row is kept (with {@code held_reason}) so a repeat
     * is recognised and nothing is lost, but no {@code payment.received} event is written, no follow-up runs
     * (no PAGO46 registration) and {@link #receivedFrom} (the merchant verification) does not see it.
     * {@link Outcome#DUPLICATE} when the payment is already stored, held or not.
     */
    public Outcome recordHeld(Payment payment, String reason) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                insertPayment(c, payment);
                try (PreparedStatement held = c.prepareStatement(
                        "UPDATE payment SET held_reason = ? WHERE provider = ? AND external_id = ?")) {
                    held.setString(1, reason.length() <= 1000 ? reason : reason.substring(0, 1000));
                    held.setString(2, payment.provider());
                    held.setString(3, payment.externalId());
                    held.executeUpdate();
                }
                c.commit();
                return Outcome.STORED;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return Outcome.DUPLICATE;
                }
                throw e;
            }
        }
    }

    /** Why a stored payment is held (not credited), or null when it is not held or not stored. */
    public String heldReason(String provider, String externalId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT held_reason FROM payment WHERE provider = ? AND external_id = ?")) {
            s.setString(1, provider);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** One transaction for the whole chunk; the outcome of each payment, in order. */
    private List<Outcome> recordChunk(List<Received> chunk) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                List<Received> fresh = withoutKnown(c, chunk);
                try (PreparedStatement insert = c.prepareStatement(INSERT_PAYMENT)) {
                    for (Received r : fresh) {
                        bind(insert, r.payment());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                OutboxStore.appendAll(c, fresh.stream().map(Received::event).toList());
                for (Received r : fresh) {
                    for (ReceivedPaymentFollowUp followUp : followUps) {
                        followUp.onReceived(c, r.payment());
                    }
                }
                c.commit();
                java.util.Set<Received> stored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                stored.addAll(fresh);
                return chunk.stream().map(p -> stored.contains(p) ? Outcome.STORED : Outcome.DUPLICATE).toList();
            } catch (SQLException e) {
                c.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !(e.getNextException() != null
                        && UNIQUE_VIOLATION.equals(e.getNextException().getSQLState()))) {
                    throw e;
                }
            }
        }
        // another writer stored one of them meanwhile: go one by one, each repeat is recognised on its own
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        for (Received r : chunk) {
            outcomes.add(recordOne(r));
        }
        return outcomes;
    }

    /**
     * Group commit: one writer thread takes every payment queued while it was busy and stores them in one
     * transaction, then answers each caller. Under load a commit is shared by many webhooks, and the writer lingers
     * a moment for more (fewer, fuller commits: less written per payment); alone, a payment is written at once.
     */
    private final class GroupCommit {

        private record Pending(Received received, java.util.concurrent.CompletableFuture<Outcome> result) {
        }

        private final java.util.concurrent.LinkedBlockingQueue<Pending> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private Thread writer;

        Outcome submit(Received received) throws SQLException {
            Pending pending = new Pending(received, new java.util.concurrent.CompletableFuture<>());
            startOnce();
            queue.add(pending);
            try {
                return pending.result().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the payment was being stored", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("the payment could not be stored: " + e.getCause(), e.getCause());
            }
        }

        private synchronized void startOnce() {
            if (writer == null) {
                writer = new Thread(this::run, "payment-hub-group-commit");
                writer.setDaemon(true);
                writer.start();
            }
        }

        /** Under load (the last group held more than one), waits briefly for more payments to share the commit. */
        private void lingerForMore(List<Pending> group) throws InterruptedException {
            long deadline = System.nanoTime() + lingerNanos;
            while (group.size() < GROUP_MAX) {
                Pending next = queue.poll(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                group.add(next);
                queue.drainTo(group, GROUP_MAX - group.size());
            }
        }

        private void run() {
            List<Pending> group = new ArrayList<>(GROUP_MAX);
            int lastGroup = 0;
            while (true) {
                try {
                    group.add(queue.take());
                    queue.drainTo(group, GROUP_MAX - 1);
                    if (lastGroup > 1) {
                        lingerForMore(group);
                    }
                } catch (InterruptedException e) {
                    group.forEach(p -> p.result().completeExceptionally(e));
                    return;
                }
                lastGroup = group.size();
                try {
                    List<Outcome> outcomes = recordChunk(group.stream().map(Pending::received).toList());
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).result().complete(outcomes.get(i));
                    }
                } catch (Exception | Error e) {
                    group.forEach(p -> p.result().completeExceptionally(e));
                }
                group.clear();
            }
        }
    }

    /** The payments of the chunk not already stored (and each one once, should the answer repeat one). */
    private static List<Received> withoutKnown(Connection c, List<Received> chunk) throws SQLException {
        Map<String, Received> byId = new LinkedHashMap<>();
        chunk.forEach(r -> byId.putIfAbsent(r.payment().paymentId(), r));
        // one indexed lookup per payment: an IN list over the composite key is not served by the index in H2
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM payment WHERE provider = ? AND external_id = ?")) {
            for (java.util.Iterator<Received> it = byId.values().iterator(); it.hasNext(); ) {
                Payment p = it.next().payment();
                known.setString(1, p.provider());
                known.setString(2, p.externalId());
                try (ResultSet rs = known.executeQuery()) {
                    if (rs.next()) {
                        it.remove();
                    }
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static void insertPayment(Connection c, Payment p) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_PAYMENT)) {
            bind(insert, p);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement insert, Payment p) throws SQLException {
        insert.setString(1, p.provider());
        insert.setString(2, p.externalId());
        insert.setString(3, p.method());
        insert.setString(4, p.status());
        insert.setBigDecimal(5, p.amount());
        insert.setString(6, p.currency());
        insert.setString(7, p.reference());
        insert.setString(8, p.payer() == null ? null : p.payer().phone());
        insert.setString(9, p.payer() == null ? null : p.payer().bank());
        insert.setString(10, p.payee() == null ? null : p.payee().phone());
        if (p.occurredAt() == null) {
            insert.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            insert.setTimestamp(11, Timestamp.from(p.occurredAt().toInstant()));
        }
        insert.setString(12, p.observedVia());
        insert.setString(13, p.original().toString());
    }

    /** What recording a status report did. */
    public enum StatusOutcome {
        /** The payment was new: stored with this status, event published. */
        CREATED,
        /** The status moved forward: stored, event published. */
        CHANGED,
        /** The payment already has this status (a repeated notification): nothing published. */
        UNCHANGED,
        /** The report is older than what is stored (it would move the payment backwards): ignored. */
        STALE
    }

    /**
     * Records a partner's report of a payment's status (Bamboo, Luka) with a {@code payment.status-changed}
     * event carrying the previous status, in one transaction. A status only moves forward
     * ({@link #rank}): a repeated or an older report publishes nothing.
     */
    public StatusOutcome recordStatus(Payment payment) throws SQLException {
        try {
            return recordStatusOnce(payment);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return recordStatusOnce(payment); // a concurrent report created it first: now it is an update
            }
            throw e;
        }
    }

    private StatusOutcome recordStatusOnce(Payment payment) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                String previous = null;
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT status FROM payment WHERE provider = ? AND external_id = ? FOR UPDATE")) {
                    select.setString(1, payment.provider());
                    select.setString(2, payment.externalId());
                    try (ResultSet rs = select.executeQuery()) {
                        previous = rs.next() ? rs.getString(1) : null;
                    }
                }
                StatusOutcome outcome;
                if (previous == null) {
                    insertPayment(c, payment);
                    outcome = StatusOutcome.CREATED;
                } else if (previous.equals(payment.status())) {
                    outcome = StatusOutcome.UNCHANGED;
                } else if (!movesForward(previous, payment.status())) {
                    outcome = StatusOutcome.STALE;
                } else {
                    try (PreparedStatement update = c.prepareStatement("UPDATE payment SET status = ?, original = ?,"
                            + " updated_at = CURRENT_TIMESTAMP WHERE provider = ? AND external_id = ?")) {
                        update.setString(1, payment.status());
                        update.setString(2, payment.original().toString());
                        update.setString(3, payment.provider());
                        update.setString(4, payment.externalId());
                        update.executeUpdate();
                    }
                    outcome = StatusOutcome.CHANGED;
                }
                if (outcome == StatusOutcome.CREATED || outcome == StatusOutcome.CHANGED) {
                    OutboxStore.append(c, events.statusChanged(payment, previous));
                }
                c.commit();
                return outcome;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Whether a payment may go from one status to another: forward in {@link #rank} order, except that an
     * APPROVED payment can only become PAID or CANCELLED (a later REJECTED or EXPIRED is a stale report), and
     * that EXPIRED, the runner's own inference (no final answer came in time), gives way to a partner's
     * authoritative final status ({@link #correctsInference}): published with {@code previousStatus} EXPIRED.
     */
    static boolean movesForward(String from, String to) {
        if ("APPROVED".equals(from)) {
            return "PAID".equals(to) || "CANCELLED".equals(to);
        }
        if (correctsInference(from, to)) {
            return true;
        }
        return rank(to) > rank(from);
    }

    /** A partner's final answer (APPROVED, PAID, REJECTED, CANCELLED) replacing the runner's inferred EXPIRED. */
    public static boolean correctsInference(String from, String to) {
        return "EXPIRED".equals(from) && ("APPROVED".equals(to) || "PAID".equals(to) || "REJECTED".equals(to)
                || "CANCELLED".equals(to));
    }

    /** The order statuses move in; terminal ones share the top rank, so none replaces another. */
    public static int rank(String status) {
        return switch (status) {
            case "RECEIVED", "PENDING" -> 0;
            case "PREAUTHORIZED" -> 1;
            case "APPROVED" -> 2;
            case "PAID", "REJECTED", "CANCELLED", "EXPIRED" -> 3;
            default -> throw new IllegalArgumentException("unknown status " + status);
        };
    }

    /** The stored status of a payment, or null when it is unknown. */
    public String status(String provider, String externalId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT status FROM payment WHERE provider = ? AND external_id = ?")) {
            s.setString(1, provider);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** A stored received payment, as a verification reads it. */
    public record StoredPayment(String provider, String externalId, BigDecimal amount, String currency, String reference,
                                String payerPhone, String payerBank, OffsetDateTime occurredAt, String observedVia) {
    }

    /** Payments received from one payer phone and bank with occurred_at in [from, to); held payments are not among them. */
    public List<StoredPayment> receivedFrom(String provider, String payerPhone, String payerBank,
                                            OffsetDateTime from, OffsetDateTime to) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT external_id, amount, currency, reference, occurred_at,"
                     + " observed_via FROM payment WHERE payer_phone = ? AND payer_bank = ? AND provider = ?"
                     + " AND occurred_at >= ? AND occurred_at < ? AND held_reason IS NULL ORDER BY occurred_at")) {
            s.setString(1, payerPhone);
            s.setString(2, payerBank);
            s.setString(3, provider);
            s.setTimestamp(4, Timestamp.from(from.toInstant()));
            s.setTimestamp(5, Timestamp.from(to.toInstant()));
            List<StoredPayment> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new StoredPayment(provider, rs.getString(1), rs.getBigDecimal(2), rs.getString(3),
                            rs.getString(4), payerPhone, payerBank,
                            rs.getTimestamp(5).toInstant().atOffset(from.getOffset()), rs.getString(6)));
                }
            }
            return found;
        }
    }

    /** Whether a payment of this provider was first seen through {@code via} within the last {@code window}. */
    public boolean receivedVia(String provider, String via, Duration window) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM payment"
                     + " WHERE provider = ? AND observed_via = ? AND created_at > ?")) {
            s.setString(1, provider);
            s.setString(2, via);
            s.setTimestamp(3, Timestamp.from(java.time.Instant.now().minus(window)));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
