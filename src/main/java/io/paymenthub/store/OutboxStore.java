package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.events.OutboxEvent;

/** The outbox table: events committed with the state they describe, waiting to be published. */
public final class OutboxStore {

    /** A committed event not yet published. */
    public record PendingEvent(long id, String eventId, String recordKey, String payload) {
    }

    private final Database database;

    public OutboxStore(Database database) {
        this.database = database;
    }

    /** Adds an event inside the caller's transaction; the relay publishes it once that commits. */
    public static void append(Connection c, OutboxEvent event) throws SQLException {
        appendAll(c, List.of(event));
    }

    /** Adds events inside the caller's transaction, in one batch. */
    public static void appendAll(Connection c, List<OutboxEvent> events) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox (event_id, event_type, record_key, payload) VALUES (?, ?, ?, ?)")) {
            for (OutboxEvent event : events) {
                insert.setString(1, event.eventId());
                insert.setString(2, event.type());
                insert.setString(3, event.recordKey());
                insert.setString(4, event.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The oldest unpublished events, in commit order, at most {@code limit}. */
    public List<PendingEvent> pending(int limit) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT id, event_id, record_key, payload FROM outbox WHERE published_at IS NULL ORDER BY id"
                             + " FETCH FIRST ? ROWS ONLY")) {
            select.setInt(1, limit);
            List<PendingEvent> events = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return events;
        }
    }

    public void markPublished(List<Long> ids) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE outbox SET published_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            c.setAutoCommit(false);
            for (Long id : ids) {
                update.setLong(1, id);
                update.addBatch();
            }
            update.executeBatch();
            c.commit();
        }
    }

    /** Seconds since the oldest unpublished event was committed; 0 when none waits. */
    public double oldestPendingAgeSeconds() throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(created_at) FROM outbox WHERE published_at IS NULL")) {
            rs.next();
            java.sql.Timestamp oldest = rs.getTimestamp(1);
            return oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.getTime()) / 1000.0);
        }
    }

    /** How many committed events wait for Kafka. */
    public long pendingCount() throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
