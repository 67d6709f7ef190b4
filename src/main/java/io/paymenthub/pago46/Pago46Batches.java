package io.paymenthub.pago46;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.paymenthub.events.OutboxEvent;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;

/**
 * The PAGO46 registration rows and the batches they travel in. Every state change is one transaction;
 * claims are conditional updates, so a row is in at most one batch even with several forwarders on one
 * database. Outcome events go to the outbox in the same transaction as the outcome.
 */
public final class Pago46Batches {

    /** The oldest pending row's time, read through the (status, id) index in order (see {@link #claim}). */
    static final String OLDEST_PENDING = "SELECT created_at FROM pago46_registration WHERE status = 'PENDING'"
            + " ORDER BY status, id FETCH FIRST 1 ROWS ONLY";
    /** The ids of the oldest pending rows, at most ?, read through the (status, id) index in order. */
    static final String FIRST_PENDING = "SELECT id FROM pago46_registration WHERE status = 'PENDING'"
            + " ORDER BY status, id FETCH FIRST ? ROWS ONLY";

    /**
     * Marks the oldest pending rows, at most {@code size}, as claimed by {@code batch}; returns how many it claimed. The
     * ids are read first and updated one by one through the primary key: a single UPDATE ... WHERE id IN (subquery)
     * made H2 walk every pending row of the (status, id) index. A row another instance claimed meanwhile is no longer
     * PENDING and is left alone.
     */
    private static int claimRows(Connection c, long batch, int size) throws SQLException {
        List<Long> ids = new ArrayList<>(size);
        try (PreparedStatement s = c.prepareStatement(FIRST_PENDING)) {
            s.setInt(1, size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        int claimed = 0;
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE pago46_registration SET status = 'CLAIMED', batch_id = ? WHERE id = ? AND status = 'PENDING'")) {
            for (long id : ids) {
                u.setLong(1, batch);
                u.setLong(2, id);
                u.addBatch();
            }
            for (int count : u.executeBatch()) {
                claimed += Math.max(0, count);
            }
        }
        return claimed;
    }

    /** A registration as it is sent: the seed's transaction object. */
    public record Registration(String paymentId, String bankTransactionId, String amount, String creationDate,
                               String documentId, String paymentMethod, String bankCountryCurrencyId,
                               Map<String, String> optionalFields) {
    }

    /** A batch claimed for one attempt. */
    public record Batch(long id, int attempt, List<Registration> registrations) {
    }

    /** A parked batch as an operator sees it. */
    public record Parked(long id, int transactions, int attempts, Integer httpStatus, String partnerMessage,
                         OffsetDateTime parkedAt) {
    }

    private final Database database;

    public Pago46Batches(Database database) {
        this.database = database;
    }

    /** Queues a registration inside the caller's (the payment's) transaction; false if that id is already queued. */
    public static boolean queue(Connection c, Registration r, String optionalFieldsJson) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(
                "SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id = ?")) {
            exists.setString(1, r.bankTransactionId());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO pago46_registration (payment_id, bank_transaction_id, amount, creation_date, document_id,"
                        + " payment_method, bank_country_currency_id, optional_fields, status, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)")) {
            insert.setString(1, r.paymentId());
            insert.setString(2, r.bankTransactionId());
            insert.setString(3, r.amount());
            insert.setString(4, r.creationDate());
            insert.setString(5, r.documentId());
            insert.setString(6, r.paymentMethod());
            insert.setString(7, r.bankCountryCurrencyId());
            insert.setString(8, optionalFieldsJson);
            insert.setObject(9, now());
            insert.executeUpdate();
        }
        return true;
    }

    /**
     * Attempts that died (the runner was killed while sending) give their rows back to PENDING once their
     * lease has passed; the batch is marked ABANDONED. Returns how many rows came back.
     */
    public int releaseExpiredLeases() throws SQLException {
        return inTransaction(c -> {
            List<Long> expired = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id FROM pago46_batch WHERE status = 'SENDING' AND lease_until < ?")) {
                select.setObject(1, now());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        expired.add(rs.getLong(1));
                    }
                }
            }
            int released = 0;
            for (long batch : expired) {
                if (update(c, "UPDATE pago46_batch SET status = 'ABANDONED', lease_until = NULL, updated_at = ?,"
                        + " last_error = 'lease expired: the attempt died' WHERE id = ? AND status = 'SENDING'", now(), batch) == 1) {
                    released += update(c, "UPDATE pago46_registration SET status = 'PENDING', batch_id = NULL"
                            + " WHERE batch_id = ? AND status = 'CLAIMED'", batch);
                }
            }
            return released;
        });
    }

    /**
     * The next batch to send, or null: first a batch whose retry is due (same rows as before), else a new
     * batch of the oldest pending rows when there are {@code size} of them or the oldest has waited
     * {@code maxWait}. The batch is leased until {@code leaseUntil}.
     */
    public Batch claim(int size, Instant oldestBefore, Instant leaseUntil) throws SQLException {
        return inTransaction(c -> {
            Long due = firstLong(c, "SELECT id FROM pago46_batch WHERE status = 'RETRY' AND next_attempt_at <= ?"
                    + " ORDER BY next_attempt_at, id FETCH FIRST 1 ROWS ONLY", now());
            if (due != null && update(c, "UPDATE pago46_batch SET status = 'SENDING', attempts = attempts + 1,"
                    + " lease_until = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status = 'RETRY'",
                    at(leaseUntil), now(), due) == 1) {
                return load(c, due);
            }
            // both read at most one batch's rows through the (status, id) index: a backlog of any length costs the same.
            // ORDER BY status, id, not id alone: only then does H2 read that index in order and stop after the batch
            // (with ORDER BY id it read and sorted every pending row: 100,000 pending rows took 217 s, not 23 s)
            OffsetDateTime oldest;
            try (PreparedStatement s = c.prepareStatement(OLDEST_PENDING); ResultSet rs = s.executeQuery()) {
                oldest = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
            if (oldest == null || (oldest.toInstant().isAfter(oldestBefore) && firstLong(c, "SELECT COUNT(*) FROM (" + FIRST_PENDING + ") p", size) < size)) {
                return null;
            }
            long batch;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO pago46_batch (status, transactions, attempts, lease_until, created_at, updated_at)"
                            + " VALUES ('SENDING', 0, 1, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setObject(1, at(leaseUntil));
                insert.setObject(2, now());
                insert.setObject(3, now());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    batch = keys.getLong(1);
                }
            }
            int claimed = claimRows(c, batch, size);
            if (claimed == 0) {
                update(c, "DELETE FROM pago46_batch WHERE id = ?", batch);
                return null;
            }
            update(c, "UPDATE pago46_batch SET transactions = ? WHERE id = ?", claimed, batch);
            return load(c, batch);
        });
    }

    /** PAGO46 took the batch: rows REGISTERED, batch ACCEPTED, the event queued, all at once. */
    public boolean accepted(long batch, int httpStatus, String message, OutboxEvent event) throws SQLException {
        return inTransaction(c -> {
            int done = update(c, "UPDATE pago46_batch SET status = 'ACCEPTED', http_status = ?, partner_message = ?,"
                    + " lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'SENDING'", httpStatus, message, now(), batch);
            update(c, "UPDATE pago46_registration SET status = 'REGISTERED', registered_at = ? WHERE batch_id = ?", now(), batch);
            OutboxStore.append(c, event);
            return done == 1;
        });
    }

    /** PAGO46 refused the batch (4xx): it is kept aside with the partner's message until an operator re-queues it. */
    public boolean parked(long batch, int httpStatus, String message, OutboxEvent event) throws SQLException {
        return inTransaction(c -> {
            int done = update(c, "UPDATE pago46_batch SET status = 'PARKED', http_status = ?, partner_message = ?,"
                    + " lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'SENDING'", httpStatus, message, now(), batch);
            update(c, "UPDATE pago46_registration SET status = 'PARKED' WHERE batch_id = ?", batch);
            OutboxStore.append(c, event);
            return done == 1;
        });
    }

    /**
     * PAGO46's validator refused one transaction of the batch (a 422 pointing at it): that transaction alone is
     * parked, in a batch of its own carrying PAGO46's message (its event queued, built by {@code event} for the new
     * batch), and the rest of the batch is due again at once. Returns the new parked batch's id, or -1 when the
     * batch was no longer this attempt's (its lease had expired).
     */
    public long parkOne(Batch batch, String bankTransactionId, int httpStatus, String message,
                        java.util.function.Function<Batch, OutboxEvent> event) throws SQLException {
        return inTransaction(c -> {
            if (update(c, "UPDATE pago46_batch SET status = 'RETRY', next_attempt_at = ?, lease_until = NULL, http_status = ?,"
                    + " last_error = ?, transactions = transactions - 1, updated_at = ? WHERE id = ? AND status = 'SENDING'",
                    now(), httpStatus, cap("transaction " + bankTransactionId + " parked alone: " + message), now(), batch.id()) != 1) {
                return -1L;
            }
            long parked;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO pago46_batch (status, transactions, attempts, http_status, partner_message, created_at, updated_at)"
                            + " VALUES ('PARKED', 1, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setInt(1, batch.attempt());
                insert.setInt(2, httpStatus);
                insert.setString(3, message);
                insert.setObject(4, now());
                insert.setObject(5, now());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    parked = keys.getLong(1);
                }
            }
            update(c, "UPDATE pago46_registration SET status = 'PARKED', batch_id = ? WHERE batch_id = ? AND bank_transaction_id = ?",
                    parked, batch.id(), bankTransactionId);
            List<Registration> alone = batch.registrations().stream()
                    .filter(r -> r.bankTransactionId().equals(bankTransactionId)).toList();
            OutboxStore.append(c, event.apply(new Batch(parked, batch.attempt(), alone)));
            return parked;
        });
    }

    /** A transient failure (5xx, time-out, refused connection): the same batch goes again at {@code nextAttempt}. */
    public void retryAt(long batch, Instant nextAttempt, Integer httpStatus, String error) throws SQLException {
        inTransaction(c -> update(c, "UPDATE pago46_batch SET status = 'RETRY', next_attempt_at = ?, lease_until = NULL,"
                + " http_status = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'SENDING'",
                at(nextAttempt), httpStatus, cap(error), now(), batch));
    }

    /**
     * Parked batches with an id above {@code afterId}, oldest first, at most {@code limit} of them (a page: the
     * next starts after the last id returned), with the partner's reason.
     */
    public List<Parked> parkedBatches(long afterId, int limit) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, transactions, attempts, http_status, partner_message, updated_at"
                     + " FROM pago46_batch WHERE status = 'PARKED' AND id > ? ORDER BY status, id FETCH FIRST ? ROWS ONLY")) {
            s.setLong(1, afterId);
            s.setInt(2, limit);
            List<Parked> parked = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(4);
                    parked.add(new Parked(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.wasNull() ? null : status,
                            rs.getString(5), rs.getObject(6, OffsetDateTime.class)));
                }
            }
            return parked;
        }
    }

    /**
     * Puts a parked batch's rows back to PENDING, with the settings-derived fields as configured now (the
     * fix may have been a setting), and marks the batch REQUEUED. Returns the rows re-queued; -1 when no
     * parked batch has that id.
     */
    public int requeue(long batch, String documentId, String paymentMethod, String bankCountryCurrencyId) throws SQLException {
        return inTransaction(c -> {
            if (update(c, "UPDATE pago46_batch SET status = 'REQUEUED', updated_at = ? WHERE id = ? AND status = 'PARKED'",
                    now(), batch) != 1) {
                return -1;
            }
            return update(c, "UPDATE pago46_registration SET status = 'PENDING', batch_id = NULL, document_id = ?,"
                    + " payment_method = ?, bank_country_currency_id = ? WHERE batch_id = ? AND status = 'PARKED'",
                    documentId, paymentMethod, bankCountryCurrencyId, batch);
        });
    }

    /** True while a batch parked for an authentication error (400 "Authentication error…") waits for an operator. */
    public String authenticationProblem() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, partner_message FROM pago46_batch WHERE status = 'PARKED'"
                     + " AND http_status = 400 AND partner_message LIKE '%Authentication%' ORDER BY status DESC, id DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? "batch " + rs.getLong(1) + " parked: " + rs.getString(2) : null;
        }
    }

    /** Rows waiting for a batch. */
    public long pendingCount() throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pago46_registration WHERE status = 'PENDING'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Batch load(Connection c, long batch) throws SQLException {
        int attempt;
        try (PreparedStatement s = c.prepareStatement("SELECT attempts FROM pago46_batch WHERE id = ?")) {
            s.setLong(1, batch);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                attempt = rs.getInt(1);
            }
        }
        List<Registration> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT payment_id, bank_transaction_id, amount, creation_date, document_id,"
                + " payment_method, bank_country_currency_id, optional_fields FROM pago46_registration WHERE batch_id = ? ORDER BY id")) {
            s.setLong(1, batch);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Pago46Registrations.optionalFields(rs.getString(8))));
                }
            }
        }
        return new Batch(batch, attempt, rows);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    private static Long firstLong(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                s.setNull(i + 1, java.sql.Types.NULL);
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String cap(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
