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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.events.OutboxEvent;
import io.paymenthub.events.Payment;
import io.paymenthub.events.PaymentEvents;

/**
 * Records payments and the events describing them in one transaction: when this returns, both the
 * payment row and its outbox row are committed, so the caller may acknowledge.
 */
public final class PaymentStore {

    /** What recording a received payment did. */
    public enum Outcome {
        /** New: stored with its event (published). */
        STORED,
        /** Already stored under this external id, same amount and payer: nothing new. */
        DUPLICATE,
        /** The movement is stored under another external id: this one is kept as its alias, nothing published. */
        ALIAS,
        /** Stored under this external id with another amount or payer: this version is held for review. */
        CONFLICT,
        /** Held for review before it reached the store (fields that cannot be read without guessing). */
        HELD
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String HISTORY = "history";
    /** Payments stored per transaction: a find or history answer is read and stored in chunks of this size. */
    public static final int CHUNK = 100;
    private static final int GROUP_MAX = 200;
    /** At most this many open review items are matched against one find or history answer. */
    private static final int OPEN_REVIEW_SCAN = 1000;
    private static final String INSERT_PAYMENT = "INSERT INTO payment (provider, external_id, method, status, amount,"
            + " currency, reference, payer_phone, payer_bank, payee_phone, occurred_at, observed_via, original,"
            + " movement_id, movement_key, history_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;
    private final PaymentEvents events;
    private final List<ReceivedPaymentFollowUp> followUps;
    private final MovementIdentity movements;
    private final GroupCommit groupCommit = new GroupCommit();
    private final long lingerNanos;
    private volatile java.util.function.Consumer<Payment> firstSeen = p -> { };

    /** {@code lingerMicros}: how long the group-commit writer waits for company under load (db.group-commit.linger-us). */
    public PaymentStore(Database database, PaymentEvents events, List<ReceivedPaymentFollowUp> followUps, long lingerMicros) {
        this(database, events, followUps, lingerMicros, p -> null);
    }

    /** {@code movements}: how a provider's payment is recognised as a bank movement stored under another external id. */
    public PaymentStore(Database database, PaymentEvents events, List<ReceivedPaymentFollowUp> followUps, long lingerMicros,
                        MovementIdentity movements) {
        this.database = database;
        this.events = events;
        this.followUps = List.copyOf(followUps);
        this.lingerNanos = lingerMicros * 1000;
        this.movements = movements;
    }

    /**
     * Told, after the commit, of every payment a find or history answer stored first (the webhook missed it, or has
     * not come yet): the reconciliation metrics count it and how late it was found. Never throws into the store.
     */
    public void onFirstSeenByReconciliation(java.util.function.Consumer<Payment> listener) {
        this.firstSeen = p -> {
            try {
                listener.accept(p);
            } catch (RuntimeException e) {
                // a metric must never undo or fail a committed chunk
            }
        };
    }

    /**
     * Stores a newly seen payment with its {@code payment.received} event and the follow-ups' work, and
     * returns once that is committed. A payment already stored under the same provider and external id
     * is left untouched and yields {@link Outcome#DUPLICATE} (or {@link Outcome#CONFLICT}, held for review, when
     * its amount or payer differ); the same movement under another external id yields {@link Outcome#ALIAS}.
     * Concurrent callers share transactions (group commit): while one commit is written, the payments that
     * arrive meanwhile queue for the next.
     */
    public Outcome recordReceived(Payment payment) throws SQLException {
        Received received = new Received(payment, movements.of(payment));
        // the event and the stored body are written here, on the caller's thread: the group-commit writer is one
        // thread for all
        received.event();
        received.original();
        return groupCommit.submit(received);
    }

    /** A received payment, its movement identity, its {@code payment.received} event and stored body, written on first use. */
    private final class Received {

        private final Payment payment;
        private final MovementIdentity.Movement movement;
        private OutboxEvent event;
        private byte[] original;
        private Outcome outcome;
        /** The payment this one turned out to be (itself, or the stored payment it repeats or aliases). */
        private String storedExternalId;

        Received(Payment payment, MovementIdentity.Movement movement) {
            this.payment = payment;
            this.movement = movement;
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

        /** The body as received, as stored ({@link #utf8}): written with the event, on the caller's thread. */
        byte[] original() throws SQLException {
            if (original == null) {
                original = utf8(payment.original());
            }
            return original;
        }
    }

    /**
     * Payments made ready to record ({@link #prepare}): each one's movement identity and {@code payment.received}
     * event already worked out.
     */
    public final class Prepared {

        private final List<Received> received;

        private Prepared(List<Received> received) {
            this.received = received;
        }
    }

    /**
     * Works out, on the caller's thread, what recording these payments needs besides the store: each one's movement
     * identity and its {@code payment.received} event (written now even for a payment that will turn out to be a
     * repeat, whose event is then not used). A reader of a long answer prepares the next chunk while the previous
     * one is being recorded by {@link #recordAllReceivedOutcomes(Prepared)} on another thread.
     */
    public Prepared prepare(List<Payment> payments) throws SQLException {
        List<Received> all = new ArrayList<>(payments.size());
        for (Payment p : payments) {
            Received r = new Received(p, movements.of(p));
            r.event();
            r.original();
            all.add(r);
        }
        return new Prepared(all);
    }

    /**
     * Stores the payments not seen before, with their events, in transactions of up to {@value #CHUNK} payments (a
     * reconciliation answer may hold thousands); the outcome of each payment, in order. An answer from the partner's
     * own API (find, history) also resolves the review items it confirms.
     */
    public List<Outcome> recordAllReceivedOutcomes(Prepared prepared) throws SQLException {
        List<Received> all = prepared.received;
        List<Outcome> outcomes = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += CHUNK) {
            outcomes.addAll(recordChunk(all.subList(from, Math.min(all.size(), from + CHUNK))));
        }
        return outcomes;
    }

    /** The chunk in one transaction; if another writer stored one of them meanwhile, each on its own. */
    private List<Outcome> recordChunk(List<Received> chunk) throws SQLException {
        try {
            return writeChunk(chunk);
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        for (Received r : chunk) {
            try {
                outcomes.addAll(writeChunk(List.of(r)));
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                outcomes.addAll(writeChunk(List.of(r))); // committed by the other writer by now: recognised
            }
        }
        return outcomes;
    }

    private static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState())
                || e.getNextException() != null && UNIQUE_VIOLATION.equals(e.getNextException().getSQLState());
    }

    /** One transaction for the whole chunk; the outcome of each payment, in order. */
    private List<Outcome> writeChunk(List<Received> chunk) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                List<Received> fresh = classify(c, chunk);
                try (PreparedStatement insert = c.prepareStatement(INSERT_PAYMENT)) {
                    for (Received r : fresh) {
                        bind(insert, r.payment(), r.movement, r.original());
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
                resolveReviews(c, chunk);
                markSeenByHistory(c, chunk);
                c.commit();
                for (Received r : fresh) {
                    if (!"webhook".equals(r.payment().observedVia())) {
                        firstSeen.accept(r.payment());
                    }
                }
                return chunk.stream().map(r -> r.outcome).toList();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Stamps {@code history_seen_at} on every stored payment a history chunk listed that was stored before (repeat,
     * alias or conflict: the payment it turned out to be; a new one is stamped by its INSERT), in the chunk's
     * transaction: one batched UPDATE by the (provider, external_id) index, up to {@value #CHUNK} rows, nothing for
     * webhook and find chunks. The daily report tells phantom webhooks by it.
     */
    private static void markSeenByHistory(Connection c, List<Received> chunk) throws SQLException {
        List<Received> listed = chunk.stream().filter(r -> HISTORY.equals(r.payment().observedVia())
                && r.storedExternalId != null && r.outcome != Outcome.HELD && r.outcome != Outcome.STORED).toList();
        if (listed.isEmpty()) {
            return;
        }
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE payment SET history_seen_at = ? WHERE provider = ? AND external_id = ?")) {
            java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            for (Received r : listed) {
                u.setObject(1, now);
                u.setString(2, r.payment().provider());
                u.setString(3, r.storedExternalId);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    /** What a stored payment says, to tell a repeat from a conflicting version. */
    private record StoredVersion(String externalId, String movementId, BigDecimal amount, String payerPhone, String payerBank) {

        boolean sameAs(Payment p) {
            return amount.compareTo(p.amount()) == 0 && java.util.Objects.equals(payerPhone, p.payer() == null ? null : p.payer().phone())
                    && java.util.Objects.equals(payerBank, p.payer() == null ? null : p.payer().bank());
        }
    }

    /**
     * Decides each payment's outcome and returns those to insert. One query per payment, probing the indexes of its
     * external id and, with a movement identity, of its movement key and bank id. Repeats, aliases and conflicts
     * are rare: their extra statements (alias row, review item) cost only them.
     */
    private List<Received> classify(Connection c, List<Received> chunk) throws SQLException {
        Map<String, Received> firstById = new LinkedHashMap<>();
        Map<String, Received> freshByMovement = new java.util.HashMap<>();
        List<Received> fresh = new ArrayList<>();
        try (Lookup lookup = new Lookup(c)) {
            for (Received r : chunk) {
                Payment p = r.payment();
                r.storedExternalId = p.externalId();
                Received earlier = firstById.putIfAbsent(p.paymentId(), r);
                if (earlier != null) { // the same external id twice in one answer or group
                    r.storedExternalId = earlier.storedExternalId;
                    r.outcome = sameVersion(earlier.payment(), p) ? Outcome.DUPLICATE : conflict(c, r, earlier.payment().amount(),
                            earlier.payment().payer());
                    continue;
                }
                Lookup.Found found = lookup.find(p, r.movement);
                StoredVersion stored = found.stored();
                if (stored != null) {
                    r.outcome = stored.sameAs(p) ? Outcome.DUPLICATE
                            : conflict(c, r, stored.amount(), new Payment.Party(stored.payerPhone(), stored.payerBank(), null));
                    continue;
                }
                MovementIdentity.Movement m = r.movement;
                if (m != null) {
                    Received twin = m.id() != null ? freshByMovement.get("id:" + m.id()) : null;
                    if (twin == null && m.key() != null) {
                        twin = freshByMovement.get("key:" + m.key());
                    }
                    String[] match = twin != null ? new String[] {twin.payment().externalId(), "same-answer"}
                            : lookup.adopt(p, m, found);
                    if (match != null) {
                        r.storedExternalId = match[0];
                        r.outcome = alias(c, p, match[0], match[1]);
                        continue;
                    }
                    if (m.id() != null) {
                        freshByMovement.put("id:" + m.id(), r);
                    }
                    if (m.key() != null) {
                        freshByMovement.putIfAbsent("key:" + m.key(), r);
                    }
                }
                r.outcome = Outcome.STORED;
                fresh.add(r);
            }
        }
        return fresh;
    }

    private static boolean sameVersion(Payment a, Payment b) {
        return new StoredVersion(a.externalId(), null, a.amount(), a.payer() == null ? null : a.payer().phone(),
                a.payer() == null ? null : a.payer().bank()).sameAs(b);
    }

    /**
     * The lookups of one transaction, each statement prepared once: per payment one round trip probing the indexes of
     * its external id, its movement key and its bank movement id (those it has: never "= NULL", which would walk every
     * null entry of that index, and webhook rows have no bank id). The provider of a movement match is compared in
     * Java, not in the query: H2 would otherwise prefer the (provider, external_id) index and scan every payment of
     * the provider.
     */
    private static final class Lookup implements AutoCloseable {

        private static final String COLUMNS = " external_id, movement_id, provider, amount, payer_phone, payer_bank FROM payment";
        private static final String BY_EXTERNAL_ID = "SELECT 'ext'," + COLUMNS + " WHERE provider = ? AND external_id = ?";
        private static final String BY_KEY = " UNION ALL SELECT 'key'," + COLUMNS + " WHERE movement_key = ?";
        private static final String BY_ID = " UNION ALL SELECT 'id'," + COLUMNS + " WHERE movement_id = ?";

        /** What one round trip found: the payment stored under this external id, and the movement matches. */
        record Found(StoredVersion stored, String byId, String byKey, boolean keyRowLacksId) {
        }

        private final Connection c;
        private final Map<String, PreparedStatement> statements = new java.util.HashMap<>(4);

        Lookup(Connection c) {
            this.c = c;
        }

        Found find(Payment p, MovementIdentity.Movement m) throws SQLException {
            boolean key = m != null && m.key() != null;
            boolean id = m != null && m.id() != null;
            PreparedStatement s = statement(BY_EXTERNAL_ID + (key ? BY_KEY : "") + (id ? BY_ID : ""));
            int i = 1;
            s.setString(i++, p.provider());
            s.setString(i++, p.externalId());
            if (key) {
                s.setString(i++, m.key());
            }
            if (id) {
                s.setString(i, m.id());
            }
            StoredVersion stored = null;
            String byId = null;
            String byKey = null;
            boolean keyRowLacksId = false;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String storedMovementId = rs.getString(3);
                    if ("ext".equals(kind)) {
                        stored = new StoredVersion(rs.getString(2), storedMovementId, rs.getBigDecimal(5), rs.getString(6),
                                rs.getString(7));
                    } else if (!p.provider().equals(rs.getString(4))) {
                        continue;
                    } else if ("id".equals(kind)) {
                        byId = byId == null ? rs.getString(2) : byId;
                    } else if (byKey == null && (storedMovementId == null || storedMovementId.equals(m.id()))) {
                        byKey = rs.getString(2);
                        keyRowLacksId = storedMovementId == null && id;
                    }
                }
            }
            return new Found(stored, byId, byKey, keyRowLacksId);
        }

        /**
         * The external id the movement is already stored under and what matched ({@code id}, {@code key}), or null:
         * the bank's movement id first, else the key among rows without a bank id or with the same one. A row found by
         * key learns the bank id, so a third spelling is found by id.
         */
        String[] adopt(Payment p, MovementIdentity.Movement m, Found found) throws SQLException {
            if (found.byId() != null) {
                return new String[] {found.byId(), "id"};
            }
            if (found.byKey() == null) {
                return null;
            }
            if (found.keyRowLacksId()) {
                try (PreparedStatement u = c.prepareStatement("UPDATE payment SET movement_id = ? WHERE provider = ? AND external_id = ?")) {
                    u.setString(1, m.id());
                    u.setString(2, p.provider());
                    u.setString(3, found.byKey());
                    u.executeUpdate();
                }
            }
            return new String[] {found.byKey(), "key"};
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement s = statements.get(sql);
            if (s == null) {
                s = c.prepareStatement(sql);
                statements.put(sql, s);
            }
            return s;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
        }
    }

    /** Keeps {@code p}'s external id as an alias of the stored payment; a known alias is a plain repeat. */
    private static Outcome alias(Connection c, Payment p, String aliasOf, String matchedOn) throws SQLException {
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM payment_alias WHERE provider = ? AND external_id = ?")) {
            known.setString(1, p.provider());
            known.setString(2, p.externalId());
            try (ResultSet rs = known.executeQuery()) {
                if (rs.next()) {
                    return Outcome.DUPLICATE;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO payment_alias (provider, external_id,"
                + " payment_external_id, matched_on, observed_via, original) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, p.provider());
            insert.setString(2, p.externalId());
            insert.setString(3, aliasOf);
            insert.setString(4, matchedOn);
            insert.setString(5, p.observedVia());
            insert.setBytes(6, utf8(p.original()));
            insert.executeUpdate();
        }
        return Outcome.ALIAS;
    }

    /** Holds the conflicting version for review (both versions kept: the stored one stays published). */
    private static Outcome conflict(Connection c, Received r, BigDecimal storedAmount, Payment.Party storedPayer) throws SQLException {
        Payment p = r.payment();
        String reason = p.externalId() + " is already stored with amount " + storedAmount.toPlainString() + " from "
                + (storedPayer == null ? "?" : storedPayer.phone() + "/" + storedPayer.bank()) + "; this report says "
                + p.amount().toPlainString() + " from " + (p.payer() == null ? "?" : p.payer().phone() + "/" + p.payer().bank());
        ReviewQueue.insert(c, new ReviewQueue.Item(p.provider(), p.externalId(), ReviewQueue.Kind.CONFLICT, reason,
                p.source(), r.movement == null ? null : r.movement.matchKey(), p.original().toString()));
        return Outcome.CONFLICT;
    }

    /**
     * A find or history answer resolves the open review items it confirms: a held report of the same external id or
     * of the same movement (date, payer, reference; its amount may be what was at fault) is RESOLVED by the clean
     * payment (published once, with observedVia find or history), and so is a payment held for an uncredited Status
     * (only credited payments reach this store, so the same uncredited Status resolves nothing); a conflict is RESOLVED when the bank's answer
     * repeats the stored version. Webhook groups skip this: the hot path stays one lookup per payment.
     */
    private static void resolveReviews(Connection c, List<Received> chunk) throws SQLException {
        List<Received> fromBank = chunk.stream().filter(r -> !"webhook".equals(r.payment().observedVia())
                && r.outcome != Outcome.CONFLICT).toList();
        if (fromBank.isEmpty()) {
            return;
        }
        List<ReviewQueue.Stored> open = ReviewQueue.open(c, fromBank.get(0).payment().provider(), OPEN_REVIEW_SCAN);
        for (ReviewQueue.Stored item : open) {
            for (Received r : fromBank) {
                Payment p = r.payment();
                boolean sameId = item.externalId().equals(p.externalId()) || item.externalId().equals(r.storedExternalId);
                boolean sameMovement = item.matchKey() != null && r.movement != null && item.matchKey().equals(r.movement.matchKey());
                String paymentId = p.provider() + ":" + r.storedExternalId;
                if (item.kind() == ReviewQueue.Kind.STATUS && (sameId || sameMovement)) {
                    ReviewQueue.resolve(c, item.id(), p.observedVia(), "Bancamiga's " + p.observedVia()
                            + " returned the movement with a credited Status " + p.partnerStatus(), paymentId);
                    break;
                }
                if (item.kind() == ReviewQueue.Kind.FIELDS && (sameId || sameMovement)) {
                    ReviewQueue.resolve(c, item.id(), p.observedVia(), "Bancamiga's " + p.observedVia()
                            + " returned the movement cleanly: amount " + p.amount().toPlainString(), paymentId);
                    break;
                }
                if (item.kind() == ReviewQueue.Kind.CONFLICT && sameId && r.outcome != Outcome.STORED) {
                    ReviewQueue.resolve(c, item.id(), p.observedVia(), "Bancamiga's " + p.observedVia()
                            + " confirms the stored version (amount " + p.amount().toPlainString()
                            + "); the conflicting report was never published", paymentId);
                    break;
                }
            }
        }
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

    /** The partner's body as stored in {@code original}: its JSON as UTF-8 bytes (V14: never written as text). */
    private static byte[] utf8(JsonNode original) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsBytes(original);
        } catch (JsonProcessingException e) {
            throw new SQLException("the partner's body could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void insertPayment(Connection c, Payment p) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_PAYMENT)) {
            bind(insert, p, null, utf8(p.original()));
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement insert, Payment p, MovementIdentity.Movement movement, byte[] original)
            throws SQLException {
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
        insert.setBytes(13, original);
        insert.setString(14, movement == null ? null : movement.id());
        insert.setString(15, movement == null ? null : movement.key());
        // a payment history lists first is stamped as it is inserted, not by a second write of its row
        if (HISTORY.equals(p.observedVia())) {
            insert.setObject(16, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
        } else {
            insert.setNull(16, Types.TIMESTAMP_WITH_TIMEZONE);
        }
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
                        update.setBytes(2, utf8(payment.original()));
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
