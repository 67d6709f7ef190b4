package io.paymenthub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acknowledged reports held back instead of published as received (table review_item; docs/operations.md: Review queue). An
 * item is OPEN until find or history returns the movement cleanly (RESOLVED), or an operator releases it with
 * corrected values (RELEASED) or discards it with a reason (DISCARDED). The same body held twice is one item.
 */
public final class ReviewQueue {

    /** Why a report is held. */
    public enum Kind {
        /** Fields that cannot be normalized without guessing. */
        FIELDS,
        /** The external id is already stored with another amount or payer; both versions are kept. */
        CONFLICT,
        /** A readable payment whose partner status is not credited (bancamiga.credited-statuses): not published as received. */
        STATUS
    }

    /** A report to hold: who sent it, what it names, why it is held, and its body as received (JSON text). */
    public record Item(String provider, String externalId, Kind kind, String reason, String endpoint, String matchKey,
                       String body) {
    }

    /** A stored item, as an operator inspects it. */
    public record Stored(long id, String provider, String externalId, Kind kind, String status, String reason,
                         String endpoint, String matchKey, String body, String resolvedVia, String resolvedBy,
                         String resolution, String paymentId, String createdAt, String resolvedAt) {

        public Map<String, Object> toMap(boolean withBody) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("provider", provider);
            m.put("externalId", externalId);
            m.put("kind", kind.name());
            m.put("status", status);
            m.put("reason", reason);
            m.put("endpoint", endpoint);
            m.put("createdAt", createdAt);
            m.put("resolvedVia", resolvedVia);
            m.put("resolvedBy", resolvedBy);
            m.put("resolution", resolution);
            m.put("paymentId", paymentId);
            m.put("resolvedAt", resolvedAt);
            if (withBody) {
                m.put("body", body);
            }
            return m;
        }
    }

    private static final String COLUMNS = "id, provider, external_id, kind, status, reason, endpoint, match_key, body,"
            + " resolved_via, resolved_by, resolution, payment_id, created_at, resolved_at";

    private final Database database;

    public ReviewQueue(Database database) {
        this.database = database;
    }

    /** Holds a report in a transaction of its own; returns {@link PaymentStore.Outcome#HELD} once committed. */
    public PaymentStore.Outcome hold(Item item) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                insert(c, item);
                c.commit();
                return PaymentStore.Outcome.HELD;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Holds a payment whose status is not credited (kind {@link Kind#STATUS}), once per movement: nothing is inserted
     * when the payment is already stored (under this id, or as an alias), or a STATUS item of the same provider already
     * names this external id or this movement ({@code matchKey}), whatever that item's state (an item an operator
     * discarded is not raised again by the next history poll). True when inserted.
     */
    public boolean holdStatus(Item item) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                boolean known = exists(c, "SELECT 1 FROM payment WHERE provider = ? AND external_id = ?",
                        item.provider(), item.externalId())
                        || exists(c, "SELECT 1 FROM review_item WHERE kind = 'STATUS' AND provider = ? AND external_id = ?",
                        item.provider(), item.externalId())
                        || item.matchKey() != null && exists(c, "SELECT 1 FROM review_item WHERE kind = 'STATUS'"
                        + " AND provider = ? AND match_key = ?", item.provider(), item.matchKey());
                boolean inserted = !known && insert(c, item);
                c.commit();
                return inserted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean exists(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a);
            s.setString(2, b);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts the item unless the same body is already held open for the same external id; true when inserted. */
    static boolean insert(Connection c, Item item) throws SQLException {
        String hash = sha256(item.body());
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM review_item WHERE provider = ? AND external_id = ?"
                + " AND body_hash = ? AND status = 'OPEN'")) {
            known.setString(1, item.provider());
            known.setString(2, item.externalId());
            known.setString(3, hash);
            try (ResultSet rs = known.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO review_item (provider, external_id, kind, status,"
                + " reason, endpoint, match_key, body, body_hash) VALUES (?, ?, ?, 'OPEN', ?, ?, ?, ?, ?)")) {
            insert.setString(1, item.provider());
            insert.setString(2, item.externalId());
            insert.setString(3, item.kind().name());
            insert.setString(4, cap(item.reason()));
            insert.setString(5, item.endpoint());
            insert.setString(6, item.matchKey());
            insert.setString(7, item.body());
            insert.setString(8, hash);
            insert.executeUpdate();
        }
        return true;
    }

    /**
     * The open items of a provider (what a find or history answer may resolve), at most {@code limit}, oldest first.
     * ORDER BY status, id lets H2 read the (status, id) index in order and stop at the limit.
     */
    static List<Stored> open(Connection c, String provider, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_item WHERE status = 'OPEN'"
                + " AND provider = ? ORDER BY status, id FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setString(1, provider);
            return read(s);
        }
    }

    /** Marks an open item RESOLVED by a partner's own answer ({@code via}: find, history); false if it was no longer open. */
    static boolean resolve(Connection c, long id, String via, String resolution, String paymentId) throws SQLException {
        return close(c, id, "RESOLVED", via, null, resolution, paymentId);
    }

    /**
     * Closes an open item by an operator: RELEASED (with the payment it became) or DISCARDED (with the reason); false
     * when the item is not open any more (someone or something resolved it first).
     */
    public boolean closeByOperator(long id, String status, String operator, String resolution, String paymentId) throws SQLException {
        try (Connection c = database.connection()) {
            return close(c, id, status, "operator", operator, resolution, paymentId);
        }
    }

    private static boolean close(Connection c, long id, String status, String via, String by, String resolution,
                                 String paymentId) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE review_item SET status = ?, resolved_via = ?, resolved_by = ?,"
                + " resolution = ?, payment_id = ?, resolved_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'OPEN'")) {
            u.setString(1, status);
            u.setString(2, via);
            u.setString(3, by);
            u.setString(4, cap(resolution));
            u.setString(5, paymentId);
            u.setLong(6, id);
            return u.executeUpdate() == 1;
        }
    }

    /** One item, or null. */
    public Stored get(long id) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM review_item WHERE id = ?")) {
            s.setLong(1, id);
            List<Stored> found = read(s);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** Items newest first, of one status (or all when null), below {@code beforeId} when set (keyset paging). */
    public List<Stored> list(String status, int limit, Long beforeId) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM review_item WHERE 1 = 1");
        if (status != null) {
            sql.append(" AND status = ?");
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (status != null) {
                s.setString(i++, status);
            }
            if (beforeId != null) {
                s.setLong(i, beforeId);
            }
            return read(s);
        }
    }

    /** How many items are open: the queue an operator has to look at. */
    public long openCount() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM review_item WHERE status = 'OPEN'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Stored> read(PreparedStatement s) throws SQLException {
        List<Stored> items = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                items.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), Kind.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15))));
            }
        }
        return items;
    }

    private static String instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static String cap(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
