package io.paymenthub.luka;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.store.Database;

/**
 * The luka_transaction table (V5): one row per registration, keyed by trazaId, with what the Luka flow
 * needs beyond the payment row: the state of the call, Luka's last answer, and when to ask Luka again.
 */
public final class LukaTransactions {

    public static final String SENDING = "SENDING";
    public static final String REGISTERED = "REGISTERED";
    public static final String REFUSED = "REFUSED";
    public static final String ABANDONED = "ABANDONED";

    /** What a new registration request may do. */
    public enum Claim {
        /** Send it to Luka (new, or a retry of one Luka refused or never answered). */
        SEND,
        /** Luka already registered this trazaId: answer from the store. */
        KNOWN,
        /** The same trazaId is being sent right now by another request. */
        IN_PROGRESS
    }

    /** One row. {@code since} is when the expiry window started (the last send, or when Luka told us of it). */
    public record Row(long id, String trazaId, String transaccionId, String state, String bank, String phone,
                      String reference, BigDecimal amount, String userIp, String lastAnswer, String statusReason,
                      Instant since, int checks, Instant nextCheckAt) {
    }

    /** What a registration request sends: the seed's fields we keep beside the JSON body. */
    /** A registration to send; {@code apiKeyId} names the merchant API key that asked for it (may be null). */
    public record Registration(String trazaId, String bank, String phone, String reference, BigDecimal amount,
                               String userIp, String requestJson, String apiKeyId) {
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, traza_id, transaccion_id, state, bank, phone, reference, amount, user_ip,"
            + " last_answer, status_reason, COALESCE(sent_at, created_at), checks, next_check_at";

    private final Database database;

    public LukaTransactions(Database database) {
        this.database = database;
    }

    /**
     * Takes the trazaId for this request, under a row lock: a new one is inserted as SENDING, in flight until
     * {@code inFlightUntil} and first checked at {@code firstCheck} should no answer come.
     */
    public Claim claim(Registration r, Instant now, Instant inFlightUntil, Instant firstCheck) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                Claim claim = claim(c, r, now, inFlightUntil, firstCheck);
                c.commit();
                return claim;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return Claim.IN_PROGRESS; // another request inserted the same trazaId just now
                }
                throw e;
            }
        }
    }

    private static Claim claim(Connection c, Registration r, Instant now, Instant inFlightUntil, Instant firstCheck) throws SQLException {
        String state = null;
        Instant inFlight = null;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT state, in_flight_until FROM luka_transaction WHERE traza_id = ? FOR UPDATE")) {
            s.setString(1, r.trazaId());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    state = rs.getString(1);
                    inFlight = instant(rs.getTimestamp(2));
                }
            }
        }
        if (state == null) {
            try (PreparedStatement i = c.prepareStatement("INSERT INTO luka_transaction (traza_id, state, bank, phone,"
                    + " reference, amount, user_ip, request, attempts, sent_at, in_flight_until, next_check_at, checks,"
                    + " created_at, updated_at, api_key_id) VALUES (?, 'SENDING', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 0, ?, ?, ?)")) {
                i.setString(1, r.trazaId());
                i.setString(2, r.bank());
                i.setString(3, r.phone());
                i.setString(4, r.reference());
                i.setBigDecimal(5, r.amount());
                i.setString(6, r.userIp());
                i.setString(7, r.requestJson());
                i.setTimestamp(8, Timestamp.from(now));
                i.setTimestamp(9, Timestamp.from(inFlightUntil));
                i.setTimestamp(10, Timestamp.from(firstCheck));
                i.setTimestamp(11, Timestamp.from(now));
                i.setTimestamp(12, Timestamp.from(now));
                i.setString(13, r.apiKeyId());
                i.executeUpdate();
            }
            return Claim.SEND;
        }
        if (REGISTERED.equals(state)) {
            return Claim.KNOWN;
        }
        if (SENDING.equals(state) && inFlight != null && inFlight.isAfter(now)) {
            return Claim.IN_PROGRESS;
        }
        // refused, abandoned, or sent without an answer: send again, same trazaId, a fresh window
        try (PreparedStatement u = c.prepareStatement("UPDATE luka_transaction SET state = 'SENDING', bank = ?, phone = ?,"
                + " reference = ?, amount = ?, user_ip = ?, request = ?, attempts = attempts + 1, sent_at = ?,"
                + " in_flight_until = ?, next_check_at = ?, status_reason = NULL, updated_at = ?, api_key_id = ? WHERE traza_id = ?")) {
            u.setString(1, r.bank());
            u.setString(2, r.phone());
            u.setString(3, r.reference());
            u.setBigDecimal(4, r.amount());
            u.setString(5, r.userIp());
            u.setString(6, r.requestJson());
            u.setTimestamp(7, Timestamp.from(now));
            u.setTimestamp(8, Timestamp.from(inFlightUntil));
            u.setTimestamp(9, Timestamp.from(firstCheck));
            u.setTimestamp(10, Timestamp.from(now));
            // the key that sent it this time
            u.setString(11, r.apiKeyId());
            u.setString(12, r.trazaId());
            u.executeUpdate();
        }
        return Claim.SEND;
    }

    public Row byTraza(String trazaId) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM luka_transaction WHERE traza_id = ?", trazaId);
    }

    public Row byTransaccion(String transaccionId) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM luka_transaction WHERE transaccion_id = ?", transaccionId);
    }

    /** A registration Luka assigned a TransaccionId for the same payment (bank, phone, reference), or null. */
    public Row registeredFor(String bank, String phone, String reference) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM luka_transaction WHERE reference = ?"
                     + " AND bank = ? AND phone = ? AND transaccion_id IS NOT NULL AND state = 'REGISTERED' ORDER BY id")) {
            s.setString(1, reference);
            s.setString(2, bank);
            s.setString(3, phone);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /**
     * Luka assigned {@code transaccionId} to this row (called once its status is recorded). A placeholder a
     * webhook created for the same transaction before we knew it is merged into this row.
     */
    public void registered(long id, String transaccionId, String answer, String reason, Instant nextCheck, Instant now)
            throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement d = c.prepareStatement(
                        "DELETE FROM luka_transaction WHERE transaccion_id = ? AND id <> ? AND request IS NULL")) {
                    d.setString(1, transaccionId);
                    d.setLong(2, id);
                    d.executeUpdate();
                }
                try (PreparedStatement u = c.prepareStatement("UPDATE luka_transaction SET state = 'REGISTERED', transaccion_id = ?,"
                        + " last_answer = ?, status_reason = ?, in_flight_until = NULL, next_check_at = ?, last_check_error = NULL,"
                        + " checks = checks + 1, updated_at = ? WHERE id = ?")) {
                    u.setString(1, transaccionId);
                    u.setString(2, answer);
                    u.setString(3, cap(reason));
                    u.setTimestamp(4, nextCheck == null ? null : Timestamp.from(nextCheck));
                    u.setTimestamp(5, Timestamp.from(now));
                    u.setLong(6, id);
                    u.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Luka answered an error: nothing registered under this trazaId. */
    public void refused(long id, String answer, String reason, Instant now) throws SQLException {
        update("UPDATE luka_transaction SET state = 'REFUSED', last_answer = ?, status_reason = ?, in_flight_until = NULL,"
                + " next_check_at = NULL, updated_at = ? WHERE id = ?", answer, cap(reason), Timestamp.from(now), id);
    }

    /**
     * The call ended without a registration we know of (no answer, Luka failed, or Luka says it already has
     * the payment): not in flight any more; the poller asks Luka at {@code nextCheck}.
     */
    public void unconfirmed(long id, String why, Instant nextCheck, Instant now) throws SQLException {
        update("UPDATE luka_transaction SET in_flight_until = NULL, last_check_error = ?, next_check_at = ?, updated_at = ?"
                + " WHERE id = ? AND state = 'SENDING'", cap(why), Timestamp.from(nextCheck), Timestamp.from(now), id);
    }

    /**
     * A webhook about {@code transaccionId}: attached to our row (by TransaccionId, else by the trazaId Luka
     * echoes), or kept in a row of its own when we never sent it; checked with Luka now.
     */
    public Row noticed(String transaccionId, String trazaId, String notice, Instant now) throws SQLException {
        Row row = byTransaccion(transaccionId);
        if (row == null && !trazaId.isEmpty()) {
            Row byTraza = byTraza(trazaId);
            if (byTraza != null && byTraza.transaccionId() == null) {
                row = byTraza;
            }
        }
        if (row != null) {
            update("UPDATE luka_transaction SET transaccion_id = COALESCE(transaccion_id, ?), last_notice = ?,"
                    + " next_check_at = ?, updated_at = ? WHERE id = ?", transaccionId, notice, Timestamp.from(now), Timestamp.from(now), row.id());
            return byTransaccion(transaccionId);
        }
        String key = trazaId.isEmpty() || byTraza(trazaId) != null ? "luka-" + transaccionId : trazaId;
        try (Connection c = database.connection();
             PreparedStatement i = c.prepareStatement("INSERT INTO luka_transaction (traza_id, transaccion_id, state,"
                     + " last_notice, attempts, next_check_at, checks, created_at, updated_at)"
                     + " VALUES (?, ?, 'REGISTERED', ?, 0, ?, 0, ?, ?)")) {
            i.setString(1, key);
            i.setString(2, transaccionId);
            i.setString(3, notice);
            i.setTimestamp(4, Timestamp.from(now));
            i.setTimestamp(5, Timestamp.from(now));
            i.setTimestamp(6, Timestamp.from(now));
            i.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // a concurrent notice of the same transaction inserted it first
        }
        return byTransaccion(transaccionId);
    }

    /**
     * Rows whose check is due, claimed for {@code lease} (another poller, or this one after a crash, takes
     * a row only once its lease is over), oldest due first.
     */
    public List<Row> claimDue(Instant now, Instant leaseUntil, int limit) throws SQLException {
        List<Row> due = new ArrayList<>();
        try (Connection c = database.connection()) {
            List<Row> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM luka_transaction"
                    + " WHERE next_check_at <= ? AND (in_flight_until IS NULL OR in_flight_until <= ?)"
                    + " ORDER BY next_check_at FETCH FIRST ? ROWS ONLY")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setTimestamp(2, Timestamp.from(now));
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(row(rs));
                    }
                }
            }
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE luka_transaction SET next_check_at = ? WHERE id = ? AND next_check_at = ?")) {
                for (Row r : candidates) {
                    u.setTimestamp(1, Timestamp.from(leaseUntil));
                    u.setLong(2, r.id());
                    u.setTimestamp(3, Timestamp.from(r.nextCheckAt()));
                    if (u.executeUpdate() == 1) {
                        due.add(r);
                    }
                }
            }
        }
        return due;
    }

    /** A check that learnt nothing final: Luka's answer (or the failure) and when to ask again. */
    public void checkedAgainLater(long id, String answer, String error, Instant nextCheck, Instant now) throws SQLException {
        update("UPDATE luka_transaction SET checks = checks + 1, last_answer = COALESCE(?, last_answer), last_check_error = ?,"
                + " next_check_at = ?, updated_at = ? WHERE id = ?", answer, cap(error), Timestamp.from(nextCheck), Timestamp.from(now), id);
    }

    /** Luka never confirmed this registration within the window: nothing left to check. */
    public void abandoned(long id, String reason, Instant now) throws SQLException {
        update("UPDATE luka_transaction SET state = 'ABANDONED', status_reason = ?, next_check_at = NULL,"
                + " in_flight_until = NULL, updated_at = ? WHERE id = ?", cap(reason), Timestamp.from(now), id);
    }

    /** The payment was expired: the reason kept, nothing left to check. */
    public void expired(long id, String reason, Instant now) throws SQLException {
        update("UPDATE luka_transaction SET status_reason = ?, next_check_at = NULL, checks = checks + 1, updated_at = ?"
                + " WHERE id = ?", cap(reason), Timestamp.from(now), id);
    }

    /** How many registrations wait for a check (for health). */
    public long awaitingCheck() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM luka_transaction WHERE next_check_at IS NOT NULL");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Row one(String sql, String key) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    u.setNull(i + 1, Types.VARCHAR); // only text columns are ever set to null here
                } else if (args[i] instanceof Timestamp t) {
                    u.setTimestamp(i + 1, t);
                } else if (args[i] instanceof Long l) {
                    u.setLong(i + 1, l);
                } else {
                    u.setString(i + 1, args[i].toString());
                }
            }
            u.executeUpdate();
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getBigDecimal(8), rs.getString(9), rs.getString(10), rs.getString(11),
                instant(rs.getTimestamp(12)), rs.getInt(13), instant(rs.getTimestamp(14)));
    }

    private static String cap(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
