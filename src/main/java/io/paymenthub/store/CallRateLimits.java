package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;

/**
 * Rate limits on partner calls, kept in the database so that restarts, manual triggers and several
 * runner instances share them: a call is allowed only if the last one recorded under the same name is
 * at least the minimum interval old, by the database's clock, checked and recorded under a row lock.
 */
public final class CallRateLimits {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;

    public CallRateLimits(Database database) {
        this.database = database;
    }

    /** Records a call now and returns true, or returns false when the last call is too recent. */
    public boolean tryAcquire(String name, Duration minInterval) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                boolean allowed = acquire(c, name, minInterval);
                c.commit();
                return allowed;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // another caller recorded the first call under this name just now
                }
                throw e;
            }
        }
    }

    private static boolean acquire(Connection c, String name, Duration minInterval) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT last_call_at, CURRENT_TIMESTAMP FROM call_rate_limit WHERE name = ? FOR UPDATE")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO call_rate_limit (name, last_call_at) VALUES (?, CURRENT_TIMESTAMP)")) {
                        insert.setString(1, name);
                        insert.executeUpdate();
                    }
                    return true;
                }
                Timestamp last = rs.getTimestamp(1);
                Timestamp now = rs.getTimestamp(2);
                if (now.getTime() - last.getTime() < minInterval.toMillis()) {
                    return false;
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE call_rate_limit SET last_call_at = CURRENT_TIMESTAMP WHERE name = ?")) {
            update.setString(1, name);
            update.executeUpdate();
        }
        return true;
    }
}
