package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps inbound bodies that were refused, with the reason, capped in size, for inspection and replay. */
public final class RejectedMessages {

    /**
     * Exchange property ({@link java.time.Instant}) set on an operator's replay: when the body was first received. An
     * intake that needs a request header the body does not carry (Bamboo's dateSent) takes this time instead.
     */
    public static final String FIRST_RECEIVED_AT = "rejectedFirstReceivedAt";

    private static final Logger LOG = LoggerFactory.getLogger(RejectedMessages.class);

    private final Database database;
    private final int maxStoredBytes;

    public RejectedMessages(Database database, int maxStoredBytes) {
        this.database = database;
        this.maxStoredBytes = maxStoredBytes;
    }

    /** Stores the refused body; a store failure is logged and swallowed so the caller still gets its 4xx. */
    public void keep(String endpoint, int status, String reason, String contentType, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        boolean truncated = raw.length > maxStoredBytes;
        try (Connection c = database.connection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO rejected_message (endpoint, status, reason, content_type, body, body_size, body_truncated)"
                             + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, endpoint);
            insert.setInt(2, status);
            insert.setString(3, cap(reason, 4000));
            insert.setString(4, contentType == null ? null : cap(contentType, 255));
            insert.setBytes(5, truncated ? Arrays.copyOf(raw, maxStoredBytes) : raw);
            insert.setLong(6, raw.length);
            insert.setBoolean(7, truncated);
            insert.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not keep a rejected {} body ({} bytes): {}", endpoint, raw.length, e.getMessage());
        }
    }

    /** A kept body, as an operator inspects and replays it. */
    public record Kept(long id, String endpoint, int status, String reason, String contentType, byte[] body, long bodySize,
                       boolean truncated, String receivedAt, int replays, String lastReplayAt, String lastReplayOutcome) {

        public java.util.Map<String, Object> toMap(boolean withBody) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", id);
            m.put("endpoint", endpoint);
            m.put("status", status);
            m.put("reason", reason);
            m.put("contentType", contentType);
            m.put("bodySize", bodySize);
            m.put("bodyTruncated", truncated);
            m.put("receivedAt", receivedAt);
            m.put("replays", replays);
            m.put("lastReplayAt", lastReplayAt);
            m.put("lastReplayOutcome", lastReplayOutcome);
            if (withBody) {
                m.put("body", new String(body, java.nio.charset.StandardCharsets.UTF_8));
                m.put("bodyBase64", java.util.Base64.getEncoder().encodeToString(body));
            }
            return m;
        }
    }

    private static final String COLUMNS = "id, endpoint, status, reason, content_type, body, body_size, body_truncated,"
            + " received_at, replays, last_replay_at, last_replay_outcome";

    /** One kept body, or null. */
    public Kept get(long id) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM rejected_message WHERE id = ?")) {
            s.setLong(1, id);
            java.util.List<Kept> found = read(s);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** Kept bodies newest first, of one endpoint (all when null), below {@code beforeId} when set (keyset paging). */
    public java.util.List<Kept> list(String endpoint, int limit, Long beforeId) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM rejected_message WHERE 1 = 1");
        if (endpoint != null) {
            sql.append(" AND endpoint = ?");
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (endpoint != null) {
                s.setString(i++, endpoint);
            }
            if (beforeId != null) {
                s.setLong(i, beforeId);
            }
            return read(s);
        }
    }

    /** Records a replay of a kept body and what it did (the body itself stays as received). */
    public void replayed(long id, String outcome) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement u = c.prepareStatement("UPDATE rejected_message SET replays = replays + 1,"
                     + " last_replay_at = CURRENT_TIMESTAMP, last_replay_outcome = ? WHERE id = ?")) {
            u.setString(1, cap(outcome, 4000));
            u.setLong(2, id);
            u.executeUpdate();
        }
    }

    private static java.util.List<Kept> read(PreparedStatement s) throws SQLException {
        java.util.List<Kept> kept = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byte[] body = rs.getBytes(6);
                java.sql.Timestamp lastReplay = rs.getTimestamp(11);
                kept.add(new Kept(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        body == null ? new byte[0] : body, rs.getLong(7), rs.getBoolean(8),
                        rs.getTimestamp(9).toInstant().toString(), rs.getInt(10),
                        lastReplay == null ? null : lastReplay.toInstant().toString(), rs.getString(12)));
            }
        }
        return kept;
    }

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
