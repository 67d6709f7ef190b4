package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps inbound bodies that were refused, with the reason, capped in size, for inspection and replay. */
public final class RejectedMessages {

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

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
