package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.events.OutboxEvent;

/**
 * The outbox table: events committed with the state they describe, waiting to be published. It holds only
 * pending events: a row is deleted once Kafka acknowledged it (V8).
 */
public final class OutboxStore {

    /** A committed event not yet published. */
    public record PendingEvent(long id, String eventId, String recordKey, byte[] payload) {
    }

    private final Database database;
    private final String claimQuery;

    public OutboxStore(Database database) {
        this.database = database;
        // On a store several instances share, a key's event is claimable only once every earlier event of that key
        // is published (deleted): no relay publishes it while another relay still holds an earlier one, so each key
        // stays in commit order, at the price of order across keys (a key's later event waits for the next batch
        // while other keys' events go ahead). An embedded H2 is open in this process only, so it has one relay,
        // which sends every batch in id order: neither that rule nor row locks (H2 writes a row to lock it, which
        // halved the relay's rate) are needed, and events keep their commit order across keys too.
        // H2 in server mode takes the same query as PostgreSQL.
        this.claimQuery = "SELECT o.id, o.event_id, o.record_key, o.payload FROM outbox o"
                + (database.sharable() ? " WHERE NOT EXISTS (SELECT 1 FROM outbox e WHERE e.record_key = o.record_key"
                + " AND e.id < o.id)" : "")
                + " ORDER BY o.id FETCH FIRST ? ROWS ONLY"
                + (database.sharable() ? " FOR UPDATE SKIP LOCKED" : "");
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
                insert.setBytes(4, event.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The oldest claimable events, in commit order, at most {@code limit}, locked for this relay until the claim
     * is deleted as published (commit) or closed (rollback: the rows are free again). Rows another relay holds are
     * skipped, never waited for. On a store no other instance can open (embedded H2) nothing needs locking.
     */
    public Claim claim(int limit) throws SQLException {
        Connection c = database.connection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement(claimQuery)) {
                return new Claim(c, read(select, limit));
            }
        } catch (SQLException | RuntimeException e) {
            release(c);
            throw e;
        }
    }

    /** Events claimed by one relay: their rows stay locked, in an open transaction, until published or closed. */
    public static final class Claim implements AutoCloseable {

        private final Connection connection;
        private final List<PendingEvent> events;
        private boolean open = true;

        private Claim(Connection connection, List<PendingEvent> events) {
            this.connection = connection;
            this.events = List.copyOf(events);
        }

        public List<PendingEvent> events() {
            return events;
        }

        /**
         * Deletes the claimed events, now on Kafka, and commits. Deleting rather than stamping them keeps the
         * payloads from being written a second time and the table from growing (bench/RESULTS.md).
         */
        public void deletePublished() throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                for (PendingEvent event : events) {
                    delete.setLong(1, event.id());
                    delete.addBatch();
                }
                delete.executeBatch();
                connection.commit();
            }
            close();
        }

        /** Gives the connection back; events not deleted as published stay pending for the next claim. */
        @Override
        public void close() {
            if (open) {
                open = false;
                release(connection);
            }
        }
    }

    private static void release(Connection c) {
        try (c) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // a broken connection: its transaction ends with it, and the pool discards it
        }
    }

    /** The oldest unpublished events, in commit order, at most {@code limit}, read without claiming them. */
    public List<PendingEvent> pending(int limit) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT id, event_id, record_key, payload FROM outbox ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            return read(select, limit);
        }
    }

    /** Runs a query of (id, event_id, record_key, payload) limited to {@code limit} rows. */
    private static List<PendingEvent> read(PreparedStatement select, int limit) throws SQLException {
        select.setInt(1, limit);
        List<PendingEvent> events = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                events.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
            }
        }
        return events;
    }

    /** Seconds since the oldest unpublished event was committed; 0 when none waits. */
    public double oldestPendingAgeSeconds() throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created_at FROM outbox ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            java.sql.Timestamp oldest = rs.next() ? rs.getTimestamp(1) : null;
            return oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.getTime()) / 1000.0);
        }
    }

    /** How many committed events wait for Kafka. */
    public long pendingCount() throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
