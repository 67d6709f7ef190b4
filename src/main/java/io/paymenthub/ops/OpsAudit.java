package io.paymenthub.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.store.Database;

/**
 * The audit trail of operator actions (table ops_audit): who, when, what, on what, why and how it went; each
 * action is also counted in {@code paymenthub_ops_actions_total{action,outcome}}.
 */
public final class OpsAudit {

    static final String METRIC = "paymenthub.ops.actions";
    private static final int MAX_TEXT = 4000;

    private final Database database;
    private final MeterRegistry meters;

    public OpsAudit(Database database, MeterRegistry meters) {
        this.database = database;
        this.meters = meters;
    }

    /**
     * Writes one audit row and counts the action. {@code outcome} is short (e.g. {@code done}, {@code refused},
     * {@code not-found}); {@code reason} is the operator's own words, {@code details} what the runner did.
     */
    public void record(String actor, String action, String target, String reason, String outcome, String details)
            throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO ops_audit (actor, action, target, reason, outcome, details)"
                     + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, cap(actor, 128));
            insert.setString(2, cap(action, 64));
            insert.setString(3, cap(target, 256));
            insert.setString(4, cap(reason, MAX_TEXT));
            insert.setString(5, cap(outcome, 32));
            insert.setString(6, cap(details, MAX_TEXT));
            insert.executeUpdate();
        }
        Counter.builder(METRIC)
                .description("Operator actions on /ops/, by action and outcome")
                .tag("action", action)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    /** Audit rows newest first, at most {@code limit}, those with an id below {@code beforeId} when it is set (keyset paging). */
    public List<Map<String, Object>> list(int limit, Long beforeId) throws SQLException {
        String sql = "SELECT id, at, actor, action, target, reason, outcome, details FROM ops_audit"
                + (beforeId == null ? "" : " WHERE id < ?") + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (beforeId != null) {
                s.setLong(1, beforeId);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("at", rs.getTimestamp(2).toInstant().toString());
                    row.put("actor", rs.getString(3));
                    row.put("action", rs.getString(4));
                    row.put("target", rs.getString(5));
                    row.put("reason", rs.getString(6));
                    row.put("outcome", rs.getString(7));
                    row.put("details", rs.getString(8));
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
